// The station's side of "Time goes forward" (DESIGN.md): what it believes the district holds (the view sent
// with push and pull, from which the district notices it went back in time), and the signal that an answer
// came from another history. What to do then is station/sync/recovery.ts.
import type { Selectable, Updateable } from 'kysely';
import type { StationView } from '../../shared/sync/protocol';
import type { Executor, SyncEpochTable } from '../db/schema';
import { SyncFailure } from './transport';
import type { SyncState } from './state';

export type Timeline = Selectable<SyncEpochTable>;

const EMPTY: Timeline = {
  id: 1,
  epoch: null,
  server_last_seq: null,
  cursor_mark: null,
  recovering_to: null,
  resent: 0,
  recovered_at: null,
  recovered_resent: null,
  lagged_snapshot_at: null,
};

export async function readTimeline(db: Executor): Promise<Timeline> {
  return (await db.selectFrom('sync_epoch').selectAll().where('id', '=', 1).executeTakeFirst()) ?? EMPTY;
}

export async function updateTimeline(
  db: Executor,
  values: Omit<Updateable<SyncEpochTable>, 'id'>,
): Promise<void> {
  await db.updateTable('sync_epoch').set(values).where('id', '=', 1).execute();
}

/**
 * The view sent with push and pull. While a recovery runs it names the epoch it moves to and leaves the
 * cursor out: that cursor belongs to the lost history (a snapshot replaces it), and shown to the district it
 * would look like a second trip back in time.
 */
export function viewOf(tl: Timeline, state: Pick<SyncState, 'cursor'>): StationView {
  const view: StationView = {};
  const epoch = tl.recovering_to ?? tl.epoch;
  if (epoch !== null) view.epoch = epoch;
  if (tl.server_last_seq !== null) view.ackedSeq = tl.server_last_seq;
  if (tl.recovering_to === null) {
    view.cursor = state.cursor;
    if (tl.cursor_mark !== null) view.cursorMark = tl.cursor_mark;
  }
  return view;
}

/**
 * The district answered from another history than the station's view: another epoch, or (`epoch`
 * undefined) a `gap` — it holds fewer of this station's entries than it acknowledged. Caught by the sync
 * run, which recovers; it only reaches a person if the district keeps changing under a recovery.
 */
export class TimelineChanged extends SyncFailure {
  constructor(readonly epoch: string | undefined) {
    super('server_error', '区服务器刚从备份恢复，本机正在核对数据；稍后会自动重试');
    this.name = 'TimelineChanged';
  }
  /** The district answered: it is reachable, only changing under us (background sync keeps its pace). */
  override get unreachable(): boolean {
    return false;
  }
}

/** Throws TimelineChanged when an answer names another epoch than the view it answers. */
export function checkEpoch(view: StationView, answered: string | undefined): void {
  if (answered !== undefined && view.epoch !== undefined && answered !== view.epoch)
    throw new TimelineChanged(answered);
}

/**
 * Acknowledged entries after `lastApplied` (wire seq) go back in the queue; returns how many. Their open
 * conflict records go: the district decides those entries afresh (an edit that lost may win now, and one
 * that loses again gets a new record), so no conflict is shown twice or for a value the district now holds.
 */
export async function requeueAfter(db: Executor, seqOffset: number, lastApplied: number): Promise<number> {
  await db
    .deleteFrom('sync_conflicts')
    .where('resolved_at', 'is', null)
    .where('seq', '>', seqOffset + lastApplied)
    .execute();
  const r = await db
    .updateTable('outbox')
    .set({ state: 'pending', verdict: null })
    .where('seq', '>', seqOffset + lastApplied)
    .where('state', '=', 'acked')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
