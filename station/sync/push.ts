// Push: the outbox's pending entries in seq order, in batches. Each verdict lands in one local transaction:
// applied/merged/duplicate → acked; conflict → acked plus a local conflict record; rejected → set aside
// with its reason, so one bad entry never wedges the queue. A lost response is simply sent again: the
// server answers the entries it already has as duplicates. After a district restore (epoch.ts) the entries
// it lost are queued again; one it had rejected goes as a `rejectedBefore` placeholder, so the seqs stay
// contiguous and the person's decision on it stands.
import { sql, type Transaction } from 'kysely';
import {
  ENDPOINTS,
  MAX_ENTRY_CHARS,
  PUSH_STREAM_TYPE,
  pushResponse,
  type PullResponse,
  type PushEntry,
  type Verdict,
} from '../../shared/sync/protocol';
import type { DB, Executor, StationDB } from '../db/schema';
import { columnValue, derivedColumnsSince, isEntity, tableInfo } from './rows';
import { post, postLines, SyncFailure, type TransportOptions, type WireCounters } from './transport';
import { readSyncState, skewOf, updateSyncState, type SyncState } from './state';
import { checkEpoch, readTimeline, TimelineChanged, updateTimeline, viewOf } from './epoch';
import { markReported, unreportedPulledAside } from './aside';
import { toWellFormedText } from '../../shared/sync/columns';

export interface PushContext {
  db: DB;
  state: SyncState;
  transport: TransportOptions;
  now: () => Date;
  batchSize: number;
  counters?: WireCounters;
  onProgress?: (sent: number, total: number) => void;
  /** The app version and sync schema told to the district with every batch (shared/sync/versions.ts). */
  app?: { version: string; schema: number };
  /** Ask for the pull that follows with the last batch (issue 14): the answer comes back in `pulled`. */
  pullAlong?: { limit: number };
  /** (issue 14) The district said it takes a streamed push (its last answer's `pushStream`): each request
   * goes as sub-batches of `streamLine` entries that it applies as they arrive. */
  stream?: { streamLine: number };
  /** Told what each answer said of the streamed push (true: offered; false: the stream was refused). */
  onPushStream?: (offered: boolean) => Promise<void> | void;
}

export interface PushResult {
  pushed: number;
  rejected: number;
  conflicts: number;
  /** Acked entries the district kept as proposals (a person another community holds). */
  proposals: number;
  /** The first pull page, answered with the last batch when `pullAlong` asked for it (pull.ts uses it). */
  pulled?: { after: number; page: PullResponse };
}

export type OutboxRow = {
  seq: number;
  state: string;
  entity: string;
  row_id: string;
  op: string;
  fields: string;
  operator_id: string;
  operator_name: string;
  hlc: string;
  created_at: string;
};

/** Set-aside and resolved entries carry the district's `rejected` verdict already: never applied again. */
const isPlaceholder = (r: OutboxRow) => r.state !== 'pending';

export function toWire(r: OutboxRow, offset: number): PushEntry {
  const placeholder = isPlaceholder(r);
  const oversize = !placeholder && r.fields.length > MAX_ENTRY_CHARS;
  return {
    ...(placeholder ? { rejectedBefore: true as const } : {}),
    ...(oversize ? { oversize: true as const } : {}),
    seq: r.seq - offset,
    entity: r.entity,
    rowId: r.row_id,
    op: r.op as PushEntry['op'],
    // a placeholder's content is not looked at (and may be what got it rejected): not sent again
    fields: placeholder || oversize ? {} : (JSON.parse(r.fields) as PushEntry['fields']),
    // metadata never stops a sync: an odd character in an operator's name is replaced, not refused
    hlc: r.hlc,
    operatorId: toWellFormedText(r.operator_id),
    operator: toWellFormedText(r.operator_name).slice(0, 60),
    at: r.created_at,
  };
}

export async function pendingCount(db: Executor): Promise<number> {
  const r = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function pushOutbox(p: PushContext): Promise<PushResult> {
  const result: PushResult = { pushed: 0, rejected: 0, conflicts: 0, proposals: 0 };
  const offset = p.state.seq_offset;
  let batchSize = p.batchSize;
  const total = await pendingCount(p.db);
  let sent = 0;
  p.onProgress?.(0, total);
  // pulled rows this station had to set aside, told to the district with the first batch (or alone)
  let report = await unreportedPulledAside(p.db);
  let stream = p.stream;
  for (;;) {
    const timeline = await readTimeline(p.db);
    const view = viewOf(timeline, p.state);
    const next = await nextBatch(p.db, offset, timeline.server_last_seq, batchSize + 1);
    const rows = next.slice(0, batchSize);
    if (rows.length === 0 && report.length === 0) break;
    // the last batch brings the pull back with its answer (not a first download: that is a snapshot)
    const cursor = p.pullAlong && next.length <= batchSize ? (await readSyncState(p.db))?.cursor : undefined;
    const pullAlong =
      p.pullAlong && cursor
        ? {
            after: cursor,
            limit: p.pullAlong.limit,
            view: viewOf(timeline, { cursor }),
            pending: Math.max(0, total - sent - rows.length),
          }
        : undefined;
    // a page answered before a later batch is stale once that batch lands: only the last one is kept
    delete result.pulled;
    const header = {
      stationId: p.state.station_id,
      clock: p.now().toISOString(),
      view,
      ...(report.length ? { pulledAside: report } : {}),
      ...(p.app ? { app: p.app } : {}),
      pending: Math.max(total - sent, rows.length),
      ...(pullAlong ? { pull: pullAlong } : {}),
    };
    const entries = rows.map((r) => toWire(r, offset));
    let res;
    try {
      res =
        stream && entries.length
          ? await pushStreamed(p.transport, header, entries, stream.streamLine, p.counters)
          : await post(p.transport, ENDPOINTS.push, { ...header, entries }, pushResponse, p.counters);
    } catch (e) {
      // a district that no longer takes the stream (or refuses this one): the same batch as one JSON body
      if (
        stream &&
        e instanceof SyncFailure &&
        (e.kind === 'rejected_request' || e.kind === 'payload_too_large')
      ) {
        stream = undefined;
        await p.onPushStream?.(false);
        continue;
      }
      if (e instanceof SyncFailure && e.kind === 'payload_too_large' && batchSize > 1) {
        batchSize = Math.max(1, Math.floor(batchSize / 2));
        continue;
      }
      // The server holds fewer of our entries than it acknowledged (restored from a backup): the sync run
      // recovers (recovery.ts), which queues again everything after what it has.
      if (e instanceof SyncFailure && e.kind === 'gap') throw new TimelineChanged(undefined);
      throw e;
    }
    await p.onPushStream?.(res.pushStream === true);
    if (report.length) {
      await markReported(p.db, report, p.now().toISOString());
      report = [];
    }
    if (pullAlong && res.pull) result.pulled = { after: pullAlong.after, page: res.pull };
    if (rows.length === 0) {
      checkEpoch(view, res.epoch);
      break;
    }
    const skew = skewOf(p.now(), res.serverTime);
    // a placeholder's verdict is the rejection the station already holds: nothing to record again
    const byWireSeq = new Map(rows.filter((r) => !isPlaceholder(r)).map((r) => [r.seq - offset, r]));
    const counted = await applyVerdicts(p.db, res, byWireSeq, offset, p.now().toISOString(), skew);
    checkEpoch(view, res.epoch);
    result.pushed += counted.acked;
    result.rejected += counted.rejected;
    result.conflicts += counted.conflicts;
    result.proposals += counted.proposals;
    sent += res.verdicts.length;
    p.onProgress?.(Math.min(sent, total), Math.max(total, sent));
    // The server stopped short (a gap inside the batch): never loop on the same entries forever.
    if (res.verdicts.length === 0)
      throw new SyncFailure('bad_response', '区服务器没有处理本次上传的任何条目，请稍后再试');
  }
  return result;
}

/** Sub-batches of a streamed push close at this many characters of JSON too (an entry may be large). */
const STREAM_LINE_CHARS = 64 * 1024;

/** One request: the header line, the entries in sub-batch lines, the end line (protocol.ts pushStreamHeader). */
export function pushStreamLines(header: object, entries: readonly PushEntry[], perLine: number): string[] {
  const lines = [JSON.stringify(header)];
  let part: string[] = [];
  let chars = 0;
  const close = () => {
    if (part.length) lines.push(`{"entries":[${part.join(',')}]}`);
    part = [];
    chars = 0;
  };
  for (const e of entries) {
    const text = JSON.stringify(e);
    part.push(text);
    chars += text.length;
    if (part.length >= perLine || chars >= STREAM_LINE_CHARS) close();
  }
  close();
  lines.push(JSON.stringify({ end: entries.length }));
  return lines;
}

function pushStreamed(
  transport: TransportOptions,
  header: object,
  entries: readonly PushEntry[],
  perLine: number,
  counters: WireCounters | undefined,
) {
  const lines = pushStreamLines(header, entries, perLine);
  return postLines(transport, ENDPOINTS.pushStream, PUSH_STREAM_TYPE, lines, pushResponse, counters);
}

const BATCH_COLUMNS = [
  'seq',
  'state',
  'entity',
  'row_id',
  'op',
  'fields',
  'operator_id',
  'operator_name',
  'hlc',
  'created_at',
] as const;

/**
 * The next entries in seq order: the pending ones, and — only after a restore took the district back
 * behind them — the set-aside or resolved ones as placeholders. `serverLast` (wire seq) is what the
 * district last said it had; normally every set-aside entry is at or below it.
 */
export async function nextBatch(
  db: DB,
  offset: number,
  serverLast: number | null,
  limit: number,
): Promise<OutboxRow[]> {
  const pending = await db
    .selectFrom('outbox')
    .select(BATCH_COLUMNS)
    .where('state', '=', 'pending')
    .where('seq', '>', offset)
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (serverLast === null) return pending;
  const placeholders = await db
    .selectFrom('outbox')
    .select(BATCH_COLUMNS)
    .where('state', 'in', ['set_aside', 'resolved'])
    .where('seq', '>', offset + serverLast)
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (placeholders.length === 0) return pending;
  return [...pending, ...placeholders].sort((a, b) => a.seq - b.seq).slice(0, limit);
}

interface Tally {
  acked: number;
  rejected: number;
  conflicts: number;
  proposals: number;
}

export async function applyVerdicts(
  db: DB,
  res: { verdicts: Verdict[]; lastAppliedSeq: number },
  sent: Map<number, OutboxRow>,
  offset: number,
  now: string,
  skew: number | null,
): Promise<Tally> {
  const tally: Tally = { acked: 0, rejected: 0, conflicts: 0, proposals: 0 };
  const receipts = new Map<
    string,
    {
      first: number;
      last: number;
      applied: number;
      merged: number;
      conflict: number;
      rejected: number;
      duplicate: number;
    }
  >();
  const acked = new Map<string, number[]>();
  await db.transaction().execute(async (trx) => {
    for (const v of res.verdicts) {
      const row = sent.get(v.seq);
      if (!row) continue; // a verdict for an entry we did not send: ignore
      const r = receipts.get(row.entity) ?? {
        first: row.seq,
        last: row.seq,
        applied: 0,
        merged: 0,
        conflict: 0,
        rejected: 0,
        duplicate: 0,
      };
      r.last = row.seq;
      r[v.status]++;
      receipts.set(row.entity, r);
      if (v.status === 'rejected') {
        tally.rejected++;
        const reason = v.reason ?? '区服务器拒收了这条修改';
        await trx
          .updateTable('outbox')
          .set({ state: 'set_aside', verdict: 'rejected', reason })
          .where('seq', '=', row.seq)
          .execute();
        await trx
          .insertInto('sync_set_aside')
          .values({ seq: row.seq, reason, at: now, resolved_at: null, resolution: null, retried_as: null })
          .onConflict((oc) =>
            oc.column('seq').doUpdateSet({ reason, at: now, resolved_at: null, resolution: null }),
          )
          .execute();
        continue;
      }
      tally.acked++;
      if (v.held) {
        // kept at the district as a proposal: the outbox entry keeps the district's words with it
        tally.proposals++;
        await trx
          .updateTable('outbox')
          .set({ reason: v.notice ?? null })
          .where('seq', '=', row.seq)
          .execute();
      }
      const list = acked.get(v.status) ?? [];
      list.push(row.seq);
      acked.set(v.status, list);
      if (v.status === 'conflict') {
        await takeTheirs(trx, row.entity, v.rowId ?? row.row_id, row.seq, v.conflicts ?? [], now);
        for (const c of v.conflicts ?? []) {
          tally.conflicts++;
          await trx
            .insertInto('sync_conflicts')
            .values({
              seq: row.seq,
              entity: row.entity,
              row_id: v.rowId ?? row.row_id,
              field: c.field,
              mine: JSON.stringify(c.mine ?? null),
              theirs: JSON.stringify(c.theirs ?? null),
              operator_name: row.operator_name,
              at: now,
              seen_at: null,
              resolved_at: null,
              resolution: null,
            })
            .execute();
        }
      }
    }
    for (const [status, seqs] of acked) {
      for (let i = 0; i < seqs.length; i += 500) {
        await trx
          .updateTable('outbox')
          .set({ state: 'acked', verdict: status })
          .where('seq', 'in', seqs.slice(i, i + 500))
          .execute();
      }
    }
    for (const [entity, r] of receipts) {
      await trx
        .insertInto('sync_receipts')
        .values({ at: now, entity, first_seq: r.first - offset, last_seq: r.last - offset, ...pick(r) })
        .execute();
    }
    await updateSyncState(trx, { clock_skew_ms: skew, reachable: 1 });
    await updateTimeline(trx, { server_last_seq: res.lastAppliedSeq });
  });
  return tally;
}

/**
 * The district kept its value: the local row takes it too (no outbox entry), unless a later local edit of
 * the same field is still queued. A pull cannot be relied on for this — the winning value may be older than
 * the cursor, skipped back then because this very edit was pending.
 */
async function takeTheirs(
  trx: Transaction<StationDB>,
  entity: string,
  rowId: string,
  seq: number,
  conflicts: NonNullable<Verdict['conflicts']>,
  now: string,
): Promise<void> {
  if (!isEntity(entity) || conflicts.length === 0) return;
  const later = await trx
    .selectFrom('outbox')
    .select('fields')
    .where('entity', '=', entity)
    .where('row_id', '=', rowId)
    .where('seq', '>', seq)
    .where('state', '=', 'pending')
    .execute();
  const busy = new Set(later.flatMap((l) => Object.keys(JSON.parse(l.fields) as object)));
  const info = await tableInfo(trx, entity);
  const values: Record<string, unknown> = {};
  for (const c of conflicts)
    if (!busy.has(c.field) && info.has(c.field)) values[c.field] = columnValue(c.theirs);
  await dropUnknownTargets(trx, entity, values);
  if (Object.keys(values).length === 0) return;
  const current = (
    await sql<Record<string, unknown>>`select * from ${sql.table(entity)} where id = ${rowId}`.execute(trx)
  ).rows[0];
  if (!current) return;
  const after = { ...current, ...values };
  const set: Record<string, unknown> = { ...values, ...derivedColumnsSince(entity, after, current) };
  if (info.has('updated_at')) set.updated_at = now;
  await sql`update ${sql.table(entity)} set ${sql.join(Object.entries(set).map(([c, v]) => sql`${sql.ref(c)} = ${v as never}`))} where id = ${rowId}`.execute(
    trx,
  );
}

/**
 * A winning value that refers to a row this station has not pulled yet (another PC's new household) would
 * fail the verdicts' transaction on its foreign key — on every sync, for ever (issue 8, found with defect 6).
 * Such a field keeps its local value for now: the winner's row and the row's district value are both newer
 * than this station's cursor, so the pull that follows this push brings them in one page transaction.
 */
async function dropUnknownTargets(
  trx: Transaction<StationDB>,
  entity: string,
  values: Record<string, unknown>,
): Promise<void> {
  const fks = await sql<{
    from: string;
    table: string;
  }>`select "from", "table" from pragma_foreign_key_list(${entity})`.execute(trx);
  for (const fk of fks.rows) {
    const v = values[fk.from];
    if (v == null) continue;
    const found = await sql`select 1 from ${sql.table(fk.table)} where id = ${v as string}`.execute(trx);
    if (found.rows.length === 0) delete values[fk.from];
  }
}

function pick(r: { applied: number; merged: number; conflict: number; rejected: number; duplicate: number }) {
  return {
    applied: r.applied,
    merged: r.merged,
    conflict: r.conflict,
    rejected: r.rejected,
    duplicate: r.duplicate,
  };
}

/** Entries already pushed under an earlier enrolment: the new enrolment's wire seqs start after them. */
export async function pushedSeqCeiling(db: Executor): Promise<number> {
  const r = await sql<{
    m: number | null;
  }>`select max(seq) as m from outbox where state != 'pending'`.execute(db);
  return Number(r.rows[0]?.m ?? 0);
}
