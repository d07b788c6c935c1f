// Background sync: while the station is enrolled, sync every `intervalMs`, and soon after each local write.
// When the server does not answer, wait longer each time (exponential, with jitter so 350 PCs coming back
// online do not knock at once); the first success resets the wait. Runs never overlap: SyncService joins.
import type { DB } from '../db/schema';
import type { StationServices } from '../context';
import { syncServiceOf } from './handlers';
import { readSyncState } from './state';
import { SyncFailure } from './transport';

export interface SchedulerOptions {
  intervalMs?: number;
  /** Delay after a local write, so a burst of edits goes up in one batch. */
  afterWriteMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
}

export interface BackgroundSync {
  stop(): void;
  /** Ask for a sync soon (as after a local write). */
  nudge(): void;
}

/** Exponential backoff with full jitter: a wait in [base·2^(n-1)/2, base·2^(n-1)], capped. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Starts background sync for a station (`{ db, services }` of a Station). The Electron main and the
 * headless CLI call this after opening the station, and call `stop()` before closing it.
 */
export function startBackgroundSync(
  station: { db: DB; services: StationServices },
  opts: SchedulerOptions = {},
): BackgroundSync {
  const interval = opts.intervalMs ?? 5 * 60_000;
  const afterWrite = opts.afterWriteMs ?? 5_000;
  const base = opts.backoffBaseMs ?? 10_000;
  const max = opts.backoffMaxMs ?? 15 * 60_000;
  const random = opts.random ?? Math.random;
  const svc = syncServiceOf({ db: station.db, services: station.services, now: new Date() });
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const schedule = (ms: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref?.();
  };

  const tick = async () => {
    timer = undefined;
    if (stopped) return;
    if (!(await readSyncState(station.db).catch(() => undefined))) return schedule(interval);
    try {
      await svc.run();
      failures = 0;
      schedule(interval);
    } catch (e) {
      // Refused for good (revoked, bad credential): keep trying, but only at the slow pace.
      if (e instanceof SyncFailure && !e.unreachable) {
        failures = 0;
        return schedule(interval);
      }
      failures++;
      schedule(backoffDelay(failures, base, max, random));
    }
  };

  const onCall = (method: string) => {
    if (method.startsWith('sync.') || method.startsWith('session.')) return;
    // while backing off, a write does not shorten the wait: the server is not answering anyway
    if (failures === 0 && !svc.running) schedule(afterWrite);
  };
  station.services.afterCall?.add(onCall);
  schedule(afterWrite);

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      station.services.afterCall?.delete(onCall);
    },
    nudge() {
      schedule(0);
    },
  };
}
