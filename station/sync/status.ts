// sync.status: what the 同步 page and the reminder need, read from the station's own database only (it
// never waits on the network: "server reachable" is what the last attempt found).
import type { SyncStatus } from '../../shared/contract/sync';
import type { Executor } from '../db/schema';
import { clockMessage, deadlineMessage, restoreMessage } from './messages';
import { deadlineState, deadlinesAround, deadlineText } from './deadline';
import { pendingCount } from './push';
import { listSetAside } from './review';
import { readSyncState } from './state';
import { readTimeline } from './epoch';

/** A finished recovery is told on the 同步 page for a week, like the upload receipts. */
const RESTORE_TOLD_MS = 7 * 86_400_000;

async function restoreStatus(db: Executor, now: Date): Promise<SyncStatus['restore']> {
  const tl = await readTimeline(db);
  if (tl.recovering_to !== null)
    return {
      state: 'recovering',
      at: null,
      resent: tl.resent,
      message: restoreMessage('recovering', tl.resent),
    };
  if (tl.recovered_at === null || now.getTime() - Date.parse(tl.recovered_at) > RESTORE_TOLD_MS) return null;
  const resent = tl.recovered_resent ?? 0;
  return { state: 'recovered', at: tl.recovered_at, resent, message: restoreMessage('recovered', resent) };
}

async function laggedSnapshot(db: Executor, now: Date): Promise<string | null> {
  const at = (await readTimeline(db)).lagged_snapshot_at;
  return at && now.getTime() - Date.parse(at) <= RESTORE_TOLD_MS ? at : null;
}

export const DEFAULT_DEADLINE = { weekday: 5, time: '17:00' };

export async function syncStatus(db: Executor, now: Date, running: boolean): Promise<SyncStatus> {
  const state = await readSyncState(db);
  const pending = await pendingCount(db);
  const oldest = await db
    .selectFrom('outbox')
    .select('created_at')
    .where('state', '=', 'pending')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  const conflicts = await db
    .selectFrom('sync_conflicts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resolved_at', 'is', null)
    .executeTakeFirstOrThrow();
  const { previous, next } = deadlinesAround(
    now,
    state?.deadline_weekday ?? DEFAULT_DEADLINE.weekday,
    state?.deadline_time ?? DEFAULT_DEADLINE.time,
  );
  const dState = deadlineState(now, next, previous, oldest?.created_at ?? null);
  const skew = state?.clock_skew_ms ?? null;
  return {
    enrolled: !!state,
    serverUrl: state?.server_url ?? null,
    stationId: state?.station_id ?? null,
    lastSuccessAt: state?.last_success_at ?? null,
    lastAttemptAt: state?.last_attempt_at ?? null,
    lastError: state?.last_error ?? null,
    serverReachable:
      state?.reachable === null || state?.reachable === undefined ? null : state.reachable === 1,
    pendingCount: pending,
    setAside: await listSetAside(db),
    openConflicts: Number(conflicts.n),
    clockSkewMs: skew,
    clockMessage: clockMessage(skew),
    deadline: {
      next: next.toISOString(),
      previous: previous.toISOString(),
      lastFullUploadAt: state?.last_full_upload_at ?? null,
      state: dState,
      message: deadlineMessage(dState, deadlineText(next), pending),
    },
    running,
    restore: await restoreStatus(db, now),
    laggedSnapshotAt: await laggedSnapshot(db, now),
  };
}
