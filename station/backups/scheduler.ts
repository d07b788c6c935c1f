// The daily backup: while the station runs, once a day (China's date), soon after start and then checked
// every hour, so a PC switched on only in the afternoon still gets its backup. A failure waits for the next
// check; the backups page shows the newest backup's date so a person notices a run of failures.
import { todayInChina } from '../../shared/domain/dates';
import type { BackupStore } from './store';

export interface DailyBackup {
  stop(): void;
  /** Runs the check now (tests; the shell after waking from sleep). */
  check(): Promise<void>;
}

export function startDailyBackup(
  store: BackupStore,
  opts: { now?: () => Date; firstAfterMs?: number; everyMs?: number; onError?: (e: unknown) => void } = {},
): DailyBackup {
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  const check = async () => {
    const today = todayInChina(now());
    const newest = store.list().find((r) => r.kind === 'daily');
    if (newest && todayInChina(new Date(newest.createdAt)) === today) return;
    try {
      await store.create('daily');
    } catch (e) {
      opts.onError?.(e);
    }
  };
  const run = () => {
    if (!stopped) void check();
  };
  const first = setTimeout(run, opts.firstAfterMs ?? 60_000);
  const every = setInterval(run, opts.everyMs ?? 3_600_000);
  first.unref?.();
  every.unref?.();
  return {
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
    },
    check,
  };
}
