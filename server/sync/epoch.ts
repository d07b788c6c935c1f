// The district's epoch and the check behind "Time goes forward" (DESIGN.md). A restore from a backup takes
// the log heads and every station's last applied seq back in time; stations then hold acknowledged entries
// and cursors the district no longer has. The restore command declares a new epoch itself (server/backup.ts);
// a restore done by hand (an old file copied back, PostgreSQL restored without `mark-restored`) is noticed
// here, because a station of the current epoch then knows more than the district holds.
import { createHash, randomUUID } from 'node:crypto';
import type { StationView } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import type { Store } from '../db/open';
import type { Executor } from '../db/schema';
import type { AuthedStation } from '../stations';
import { logHead } from './log';

export type EpochReason = 'restore' | 'detected';

export async function currentEpoch(db: Executor): Promise<string> {
  const row = await db
    .selectFrom('server_epoch')
    .select('epoch')
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return row.epoch;
}

/**
 * Replaces epoch `from` with a new one and returns the epoch in force. A compare-and-set in one statement:
 * when several requests (or several instances on one PostgreSQL) notice the same restore at once, the first
 * update wins and the others, finding `from` gone, answer with the winner's epoch — one restore, one epoch.
 */
export async function declareEpoch(
  store: Store,
  from: string,
  reason: EpochReason,
  now: string,
): Promise<string> {
  const next = randomUUID();
  const r = await store.db
    .updateTable('server_epoch')
    .set({ epoch: next, previous: from, reason, started_at: now })
    .where('id', '=', 1)
    .where('epoch', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? next : currentEpoch(store.db);
}

/**
 * What identifies the log entry at a sequence number: a restored district hands out the same numbers again
 * for other entries, so a station's cursor can be within the head and still point into a lost history (a
 * transfer done at the district after the backup, say, that no station will ever re-send). Opaque to stations.
 */
export function logMark(r: { kind: string; entity: string; row_id: string; created_at: string }): string {
  return createHash('sha256')
    .update(`${r.kind}|${r.entity}|${r.row_id}|${r.created_at}`)
    .digest('base64url')
    .slice(0, 16);
}

export async function markAt(db: Executor, community: string, sseq: number): Promise<string | undefined> {
  if (sseq <= 0) return undefined;
  const row = await db
    .selectFrom('sync_log')
    .select(['kind', 'entity', 'row_id', 'created_at'])
    .where('community_code', '=', community)
    .where('sseq', '=', sseq)
    .executeTakeFirst();
  return row ? logMark(row) : undefined;
}

/** Does the station know of entries or log positions this district does not have? */
async function knowsMore(ctx: ServerContext, station: AuthedStation, view: StationView): Promise<boolean> {
  const { db } = ctx.store;
  if (view.ackedSeq !== undefined) {
    const row = await db
      .selectFrom('stations')
      .select('last_applied_seq')
      .where('id', '=', station.id)
      .executeTakeFirstOrThrow();
    if (view.ackedSeq > Number(row.last_applied_seq)) return true;
  }
  if (view.cursor !== undefined && view.cursor > 0) {
    if (view.cursor > (await logHead(db, station.communityCode))) return true;
    if (view.cursorMark !== undefined) {
      const mark = await markAt(db, station.communityCode, view.cursor);
      if (mark !== undefined && mark !== view.cursorMark) return true;
    }
  }
  return false;
}

/**
 * The epoch to answer a push or pull with. Only a station that holds the current epoch is evidence: one
 * that holds an older epoch (or none yet) is expected to know more — it is from before the last restore and
 * will catch up by itself when it sees the epoch in the answer.
 */
export async function epochFor(
  ctx: ServerContext,
  station: AuthedStation,
  view: StationView | undefined,
): Promise<string> {
  const epoch = await currentEpoch(ctx.store.db);
  if (!view || view.epoch !== epoch || !(await knowsMore(ctx, station, view))) return epoch;
  return declareEpoch(ctx.store, epoch, 'detected', ctx.now().toISOString());
}
