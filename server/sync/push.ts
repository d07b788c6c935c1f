// POST /v1/push: one batch, one transaction. The station's last applied seq moves in the same transaction
// as the rows, so a retried batch is answered from the stored verdicts and never applied twice, and a
// batch that skips ahead is refused with `gap` (the station resends from lastAppliedSeq + 1).
import { z } from 'zod';
import { ILL_FORMED_MESSAGE, findIllFormedText } from '../../shared/sync/columns';
import {
  pushEntry,
  type PushEntry,
  type pushRequest,
  type pushResponse,
  type Verdict,
} from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import type { AuthedStation } from '../stations';
import { BatchApplier } from './apply';
import { bulkInsert } from '../db/bulk';
import { epochFor } from './epoch';
import { checkStationVersion } from '../delivery/versions';

/** The verdict given again to an entry the station says we had rejected before a restore (see protocol). */
const REJECTED_BEFORE = '区里此前已退回这条修改（区服务器从备份恢复后重新登记）';

type PushRequest = z.infer<typeof pushRequest>;

/** A plain object of field → [before, after] with field names of at most 64 characters: what pushEntry's
 * z.record(z.string().max(64), z.tuple([unknown, unknown])) accepts. */
function isFieldPairs(v: unknown): v is PushEntry['fields'] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    const pair = (v as Record<string, unknown>)[k];
    if (k.length > 64 || !Array.isArray(pair) || pair.length !== 2) return false;
  }
  return true;
}

/** pushEntry, its fields taken as they came once isFieldPairs holds (z.record copied every key and pair of
 * every entry: ~0.1 s and much garbage in a 10,000-row backlog); the same well-formed-text rule. */
const leanPushEntry = pushEntry.extend({
  fields: z
    .custom<PushEntry['fields']>(isFieldPairs)
    .refine((f) => findIllFormedText(f) === null, { message: ILL_FORMED_MESSAGE }),
});

/** An entry parsed as pushEntry would: a malformed one through pushEntry itself (its reason worded as ever). */
function parseEntry(e: unknown) {
  const lean = leanPushEntry.safeParse(e);
  return lean.success ? lean : pushEntry.safeParse(e);
}
type PushResponse = z.infer<typeof pushResponse>;

/** What a push's batches share: the clock and the epoch, checked once before the first batch. */
export interface PushStart {
  skew: number | null;
  epoch: string;
}

/** What a batch carries besides its entries (the first batch of a streamed push carries pulledAside). */
export interface BatchExtras {
  pulledAside?: PushRequest['pulledAside'];
  app?: PushRequest['app'];
  /** Outbox entries the station still held when it sent this batch, the batch's own included. */
  pending?: number;
}

export function checkStation(station: AuthedStation, stationId: string): void {
  if (stationId !== station.id)
    throw new SyncError('unauthorized', '批次中的工作站编号与凭据不符，请重新注册本工作站');
}

/** Each entry follows the one before it (`before`: the seq of the entry before the first, if known). */
export function checkContiguous(entries: ReadonlyArray<{ seq: number }>, before?: number): void {
  for (let i = before === undefined ? 1 : 0; i < entries.length; i++) {
    const prev = i === 0 ? before! : entries[i - 1]!.seq;
    if (entries[i]!.seq !== prev + 1) {
      throw new SyncError('invalid_input', `批次中的序号不连续（${prev} 之后是 ${entries[i]!.seq}）`);
    }
  }
}

/** The checks before a push's first batch: the station's version and the epoch it believes in. */
export async function beginPush(
  ctx: ServerContext,
  req: Pick<PushRequest, 'clock' | 'app' | 'view'>,
  station: AuthedStation,
): Promise<PushStart> {
  const stationClock = Date.parse(req.clock);
  const skew = Number.isNaN(stationClock) ? null : Math.round(stationClock - ctx.now().getTime());
  // a station too old for the district, or one writing a schema it does not know: nothing of it applies
  await checkStationVersion(ctx, req.app);
  // Before the batch's transaction: a gap or a failed batch must not roll back a declared epoch.
  const epoch = await epochFor(ctx, station, req.view);
  return { skew, epoch };
}

export async function push(
  ctx: ServerContext,
  station: AuthedStation,
  req: PushRequest,
): Promise<PushResponse> {
  checkStation(station, req.stationId);
  checkContiguous(req.entries);
  const now = ctx.now().toISOString();
  const start = await beginPush(ctx, req, station);
  const r = await applyBatch(ctx, station, start, req.entries, req, now);
  return { ...r, serverTime: now, epoch: start.epoch };
}

/**
 * One batch in one transaction: entries at or below the station's last applied seq answered from their
 * receipts, the rest applied (a batch that skips ahead refused with `gap`), the receipts and the station's
 * last applied seq written with the rows.
 */
export async function applyBatch(
  ctx: ServerContext,
  station: AuthedStation,
  start: PushStart,
  entries: PushRequest['entries'],
  extras: BatchExtras,
  now: string,
): Promise<{ lastAppliedSeq: number; verdicts: Verdict[] }> {
  const { store } = ctx;
  const { skew } = start;
  const req = { ...extras, entries };
  return store.transaction(async (trx) => {
    let q = trx
      .selectFrom('stations')
      .select(['last_applied_seq', 'pulled_cursor', 'revoked_at'])
      .where('id', '=', station.id);
    if (store.kind === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirstOrThrow();
    if (row.revoked_at) throw new SyncError('revoked', '该工作站已被区里停用，不能再同步。请联系区里');
    const last = Number(row.last_applied_seq);
    const seen = req.entries.filter((e) => e.seq <= last);
    const fresh = req.entries.filter((e) => e.seq > last);
    if (fresh.length && fresh[0]!.seq !== last + 1) {
      throw new SyncError(
        'gap',
        `区里已收到第 ${last} 条，这批从第 ${fresh[0]!.seq} 条开始，中间缺了数据；请从第 ${last + 1} 条重新上传`,
        {
          lastAppliedSeq: last,
        },
      );
    }

    const verdicts: Verdict[] = [];
    if (seen.length) {
      const stored = new Map<number, Verdict>();
      // seen entries are a contiguous run of seqs (checked above): one range query
      const rows = await trx
        .selectFrom('receipts')
        .select(['seq', 'verdict'])
        .where('station_id', '=', station.id)
        .where('seq', '>=', seen[0]!.seq)
        .where('seq', '<=', seen[seen.length - 1]!.seq)
        .execute();
      for (const r of rows) stored.set(Number(r.seq), JSON.parse(r.verdict) as Verdict);
      // The original verdict where we still have it: a station that lost the first answer must still
      // learn that an entry was rejected or lost a conflict.
      for (const e of seen) verdicts.push(stored.get(e.seq) ?? { seq: e.seq, status: 'duplicate' });
    }

    let lastApplied = last;
    if (fresh.length) {
      const applier = new BatchApplier(
        trx,
        store.kind,
        {
          id: station.id,
          communityCode: station.communityCode,
          number: station.stationNumber,
          pulledCursor: Number(row.pulled_cursor),
        },
        now,
      );
      // each entry is checked on its own: a malformed one is refused with its reason, the rest applies;
      // a placeholder for an entry the district had refused before a restore is refused again as it is
      const isPlaceholder = (e: Record<string, unknown>) => e.rejectedBefore === true;
      const parsed = fresh.map((e) => (isPlaceholder(e) ? null : parseEntry(e)));
      const wellFormed = parsed.flatMap((p) => (p?.success ? [p.data] : []));
      await applier.preload(wellFormed);
      const freshVerdicts = fresh.map((e, i): Verdict => {
        const p = parsed[i];
        if (!p) return { seq: e.seq, status: 'rejected', reason: REJECTED_BEFORE };
        return p.success
          ? applier.apply(p.data)
          : { seq: e.seq, status: 'rejected', reason: malformedReason(p.error) };
      });
      await applier.flush();
      const receipts = freshVerdicts.map((v) => [station.id, v.seq, JSON.stringify(v), now]);
      await bulkInsert(trx, store.kind, 'receipts', ['station_id', 'seq', 'verdict', 'created_at'], receipts);
      verdicts.push(...freshVerdicts);
      lastApplied = fresh[fresh.length - 1]!.seq;
    }
    if (req.pulledAside?.length) {
      // what the station could not apply, for the district to see (latest report per row)
      await bulkInsert(
        trx,
        store.kind,
        'pull_problems',
        ['station_id', 'entity', 'row_id', 'sseq', 'reason', 'reported_at'],
        [...new Map(req.pulledAside.map((p) => [`${p.entity}:${p.rowId}`, p])).values()].map((p) => [
          station.id,
          p.entity,
          p.rowId,
          p.sseq,
          p.reason,
          now,
        ]),
        { keys: ['station_id', 'entity', 'row_id'], update: ['sseq', 'reason', 'reported_at'] },
      );
    }
    await trx
      .updateTable('stations')
      .set({
        last_applied_seq: lastApplied,
        last_seen_at: now,
        clock_skew_ms: skew,
        ...(req.app ? { app_version: req.app.version, schema_version: String(req.app.schema) } : {}),
        // what the station still holds once this batch is answered (the console's fleet)
        ...(req.pending !== undefined
          ? { pending_reported: Math.max(0, req.pending - req.entries.length), pending_reported_at: now }
          : {}),
      })
      .where('id', '=', station.id)
      .execute();
    return { lastAppliedSeq: lastApplied, verdicts };
  });
}

/** Why an entry's envelope is refused, in plain words (a person reads it on the 同步 page). */
function malformedReason(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const first = error.issues[0];
  const where = first?.path[0];
  const part =
    where === 'rowId'
      ? '记录编号'
      : where === 'fields'
        ? '修改的内容'
        : where === 'operator' || where === 'operatorId'
          ? '操作员'
          : where === 'entity'
            ? '数据类型'
            : '格式';
  return `这条修改的${part}有误（${first?.message ?? '格式不正确'}），区里无法接收，已退回`;
}
