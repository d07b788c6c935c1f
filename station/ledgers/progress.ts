// How far a long import step has got, for the wizard's progress bar. In memory: progress is about this
// process's work in flight, and reading it must not wait for the database the import is writing.
import type { Progress } from '../../shared/contract/ledgers';

const progress = new Map<string, Progress>();
/** Batches with a step running now: a second preview, commit or undo of the same batch is refused. */
const running = new Set<string>();

export function setProgress(batchId: string, p: Progress): void {
  progress.set(batchId, p);
}

export function getProgress(batchId: string): Progress {
  return progress.get(batchId) ?? { phase: 'idle', done: 0, total: null };
}

export function clearProgress(batchId: string): void {
  progress.delete(batchId);
}

/** Runs `fn` as the batch's only step in flight; `busy` is the refusal when another is running. */
export async function exclusive<T>(batchId: string, busy: () => Error, fn: () => Promise<T>): Promise<T> {
  if (running.has(batchId)) throw busy();
  running.add(batchId);
  try {
    return await fn();
  } finally {
    running.delete(batchId);
  }
}
