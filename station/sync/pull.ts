// Pull: the community's log after the cursor, page by page. Each page lands in ONE local transaction that
// also advances the cursor, so the cursor never runs ahead of what is committed. A new PC (cursor 0) or one
// past the server's retention takes a paged snapshot first and then pulls from the snapshot's cursor.
import { sql, type Transaction } from 'kysely';
import {
  ENDPOINTS,
  HOLD_NOTICE_ENTITY,
  pullResponse,
  snapshotResponse,
  type PullResponse,
  type PulledChange,
} from '../../shared/sync/protocol';
import { replaceHoldNotices } from './holds';
import type { EntityName } from '../../shared/sync/entities';
import type { DB, StationDB } from '../db/schema';
import {
  ENTITY_ORDER,
  applyChanges,
  loadPending,
  repairDanglingReferences,
  upsertRows,
  type ApplyContext,
} from './apply';
import { isEntity, tableInfo } from './rows';
import { hasPulledAside, pulledAsideRows } from './aside';
import { post, postForLines, SyncFailure, type TransportOptions, type WireCounters } from './transport';
import { readSyncState, skewOf, updateSyncState } from './state';
import { checkEpoch, readTimeline, updateTimeline, viewOf } from './epoch';
import { pendingCount } from './push';

export interface PullContext {
  db: DB;
  transport: TransportOptions;
  now: () => Date;
  pageSize: number;
  snapshotPageSize: number;
  counters?: WireCounters;
  onProgress?: (phase: 'snapshot' | 'pull', rows: number, pages: number, more: boolean) => void;
  /** Told the district's reference-data version on every pull page that carries one. */
  onReferenceVersion?: (version: string) => void;
  /** Told the heads of the district's shared boards and its epoch on every pull page that carries them. */
  onBoardHeads?: (heads: NonNullable<PullResponse['boardHeads']>, epoch: string | undefined) => void;
  /** The first page, already answered with the push's last batch (push.ts `pullAlong`), for cursor `after`. */
  firstPage?: { after: number; page: PullResponse };
  /** (issue 14) The district serves the streamed pull: pages come as lines of `per` changes. */
  stream?: { per: number };
  /** Told whether the district takes a streamed push (issue 14), from each pull answer it sent. */
  onPushStream?: (offered: boolean) => Promise<void> | void;
}

/** Runs `fn` in one transaction with foreign keys checked at commit, so a page's order does not matter. */
async function inPageTransaction<T>(db: DB, now: string, fn: (a: ApplyContext) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`pragma defer_foreign_keys = on`.execute(trx);
    return fn({ trx, now, pending: await loadPending(trx), asideBefore: await hasPulledAside(trx) });
  });
}

/** Lands the set-aside rows again, parents first: what they waited for has often arrived by now. */
export async function retryPulledAside(db: DB, now: string): Promise<void> {
  if (!(await hasPulledAside(db))) return;
  const rows = await pulledAsideRows(db);
  const top = rows.reduce((m, r) => Math.max(m, r.sseq), 0);
  await inPageTransaction(db, now, async (a) => {
    for (const entity of ENTITY_ORDER) {
      const mine = rows.filter((r) => r.entity === entity);
      if (mine.length) await upsertRows(a, entity, mine, top);
    }
    await repairDanglingReferences(a);
  });
}

export async function pullLog(p: PullContext): Promise<number> {
  let state = await readSyncState(p.db);
  if (!state) return 0;
  let pulled = 0;
  let pages = 0;
  let first = p.firstPage;
  if (state.cursor === 0) pulled += await takeSnapshot(p, { epoch: (await readTimeline(p.db)).epoch });
  let stream = p.stream;
  for (;;) {
    state = (await readSyncState(p.db))!;
    const view = viewOf(await readTimeline(p.db), state);
    // the page that came back with the push stands for this request when it was asked at this cursor
    const ready = first?.after === state.cursor ? first.page : undefined;
    first = undefined;
    const asked = { after: state.cursor, limit: p.pageSize, view, pending: await pendingCount(p.db) };
    // streamed (issue 14): the page comes as lines, each applied while the next ones are on the way
    const answers: AsyncIterable<PullResponse> | Iterable<PullResponse> = ready
      ? [ready].values()
      : stream
        ? postForLines(
            p.transport,
            ENDPOINTS.pullStream,
            { ...asked, per: stream.per },
            pullResponse,
            p.counters,
          )
        : [await post(p.transport, ENDPOINTS.pull, asked, pullResponse, p.counters)].values();
    let again = false;
    let lines = 0;
    try {
      for await (const res of answers) {
        lines++;
        // the cursor as the line before left it
        const at = (await readSyncState(p.db))!;
        if (!ready) await p.onPushStream?.(res.pushStream === true);
        // a page of another history is not applied: the sync run recovers (recovery.ts) and re-pulls
        checkEpoch(view, res.epoch);
        if (res.referenceVersion) p.onReferenceVersion?.(res.referenceVersion);
        if (res.boardHeads) p.onBoardHeads?.(res.boardHeads, res.epoch);
        if (res.snapshotRequired) {
          pulled += await takeSnapshot(p, { epoch: view.epoch ?? null });
          // behind the compacted log (not a first download): the 同步 page tells the person so (issue 14)
          if (at.cursor > 0) await updateTimeline(p.db, { lagged_snapshot_at: p.now().toISOString() });
          again = true;
          break;
        }
        const skew = skewOf(p.now(), res.serverTime);
        const changes = await wholeRowsForDeltas(p, res.changes, view.epoch ?? null);
        const applied = await inPageTransaction(p.db, p.now().toISOString(), async (a) => {
          const n = await applyChanges(a, changes);
          // the cursor only moves forward, and only with the rows it covers (and the mark of its entry)
          await updateSyncState(a.trx, {
            cursor: Math.max(at.cursor, res.cursor),
            clock_skew_ms: skew,
            reachable: 1,
          });
          if (res.cursor > at.cursor) await updateTimeline(a.trx, { cursor_mark: res.cursorMark ?? null });
          return n;
        });
        pulled += applied;
        pages++;
        p.onProgress?.('pull', pulled, pages, res.more);
        again = res.more && res.cursor > at.cursor;
        if (!again) break;
      }
    } catch (e) {
      // a district that does not serve the streamed pull (any more): the same page as one JSON answer
      if (!(stream && lines === 0 && e instanceof SyncFailure && e.kind === 'rejected_request')) throw e;
      stream = undefined;
      await p.onPushStream?.(false);
      continue;
    }
    if (!again) break;
  }
  await retryPulledAside(p.db, p.now().toISOString());
  return pulled;
}

/**
 * A delta lands on the row the station holds. For a row it does not hold (set aside earlier, dropped while it
 * waited for a parent) the district sends the whole row, which stands for every change of the page to it: it
 * is at least as new as all of them (the page ends at or before the head the rows are read at).
 */
async function wholeRowsForDeltas(
  p: PullContext,
  changes: PulledChange[],
  epoch: string | null,
): Promise<PulledChange[]> {
  const wanted = new Map<string, { entity: EntityName; rowId: string }>();
  const wholeFirst = new Set<string>(); // the page brings the whole row before its deltas
  for (const c of changes) {
    if (c.kind !== 'upsert' || !isEntity(c.entity)) continue;
    const key = `${c.entity}\u0000${c.rowId}`;
    if (!c.partial) wholeFirst.add(key);
    else if (!wholeFirst.has(key)) wanted.set(key, { entity: c.entity, rowId: c.rowId });
  }
  if (wanted.size === 0) return changes;
  const missing: Array<{ entity: EntityName; rowId: string }> = [];
  const byEntity = new Map<EntityName, string[]>();
  for (const w of wanted.values()) byEntity.set(w.entity, [...(byEntity.get(w.entity) ?? []), w.rowId]);
  for (const [entity, ids] of byEntity) {
    if ((await tableInfo(p.db, entity)).size === 0) continue;
    const held = new Set<string>();
    for (let i = 0; i < ids.length; i += 5000) {
      const part = ids.slice(i, i + 5000);
      const found = await sql<{
        id: string;
      }>`select id from ${sql.table(entity)} where id in (select value from json_each(${JSON.stringify(part)}))`.execute(
        p.db,
      );
      for (const r of found.rows) held.add(r.id);
    }
    for (const id of ids) if (!held.has(id)) missing.push({ entity, rowId: id });
  }
  if (missing.length === 0) return changes;
  const whole = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < missing.length; i += 5000) {
    const res = await post(
      p.transport,
      ENDPOINTS.snapshot,
      { rows: missing.slice(i, i + 5000), limit: 1 },
      snapshotResponse,
      p.counters,
    );
    if (epoch) checkEpoch({ epoch }, res.epoch);
    for (const r of res.rows) whole.set(`${r.entity}\u0000${r.rowId}`, r.fields);
  }
  const missingKeys = new Set(missing.map((m) => `${m.entity}\u0000${m.rowId}`));
  const landed = new Set<string>();
  const out: PulledChange[] = [];
  for (const c of changes) {
    const key = `${c.entity}\u0000${c.rowId}`;
    if (c.kind !== 'upsert' || !missingKeys.has(key)) {
      out.push(c);
      continue;
    }
    // the district no longer has it for this community (moved, or never its own): nothing to land
    const fields = whole.get(key);
    if (!fields || landed.has(key)) continue;
    landed.add(key);
    out.push({ sseq: c.sseq, entity: c.entity, rowId: c.rowId, kind: 'upsert', fields });
  }
  return out;
}

export interface SnapshotOptions {
  /** The epoch the snapshot must come from (a page of another one throws TimelineChanged); null: any. */
  epoch?: string | null;
  /** Runs in the transaction that sets the cursor (a recovery adopts its epoch there). */
  finish?: (trx: Transaction<StationDB>) => Promise<void>;
}

/**
 * Takes the community's current rows, all pages first, then lands them in dependency order (households
 * before the residents that point at them) and sets the cursor with the last chunk. Interrupted, it starts
 * again from the first page: landing a row twice changes nothing.
 */
export async function takeSnapshot(p: PullContext, opts: SnapshotOptions = {}): Promise<number> {
  const rows = new Map<EntityName, Map<string, Record<string, unknown>>>();
  const notices: Array<{ rowId: string; fields: Record<string, unknown> }> = [];
  let page: string | undefined;
  let cursor: number | null = null;
  let pages = 0;
  let count = 0;
  let serverTime = '';
  let mark: string | null = null;
  do {
    const res = await post(
      p.transport,
      ENDPOINTS.snapshot,
      { ...(page ? { page } : {}), limit: p.snapshotPageSize },
      snapshotResponse,
      p.counters,
    );
    if (opts.epoch) checkEpoch({ epoch: opts.epoch }, res.epoch);
    // the first page's cursor is the snapshot's start: later pages belong to the same snapshot
    if (cursor === null) {
      cursor = res.cursor;
      mark = res.cursorMark ?? null;
    }
    for (const r of res.rows) {
      if (r.entity === HOLD_NOTICE_ENTITY) notices.push(r);
      if (!isEntity(r.entity)) continue;
      let m = rows.get(r.entity);
      if (!m) rows.set(r.entity, (m = new Map()));
      m.set(r.rowId, r.fields);
      count++;
    }
    page = res.next ?? undefined;
    serverTime = res.serverTime;
    pages++;
    p.onProgress?.('snapshot', count, pages, page !== undefined);
  } while (page);

  const skew = skewOf(p.now(), serverTime);
  const all: Array<{ entity: EntityName; rowId: string; fields: Record<string, unknown> }> = [];
  for (const entity of ENTITY_ORDER)
    for (const [rowId, fields] of rows.get(entity) ?? []) all.push({ entity, rowId, fields });
  const CHUNK = 5000;
  for (let i = 0; i < all.length || i === 0; i += CHUNK) {
    const part = all.slice(i, i + CHUNK);
    const last = i + CHUNK >= all.length;
    await inPageTransaction(p.db, p.now().toISOString(), async (a) => {
      for (const entity of ENTITY_ORDER) {
        const mine = part.filter((r) => r.entity === entity);
        if (mine.length) await upsertRows(a, entity, mine, cursor ?? 0);
      }
      if (last) {
        await retireRowsMissingFrom(a, rows);
        await replaceHoldNotices(a.trx, notices);
        await repairDanglingReferences(a);
        await updateSyncState(a.trx, { cursor: cursor ?? 0, clock_skew_ms: skew, reachable: 1 });
        await updateTimeline(a.trx, { cursor_mark: mark });
        await opts.finish?.(a.trx);
      }
    });
    if (all.length === 0) break;
  }
  return count;
}

/**
 * After a snapshot, a local row the district no longer has for this community (deleted or moved while this
 * PC was away) is retired — unless the district never had it: its create is still queued or set aside for
 * review. (An edit still queued for a row the district moved away will be refused and set aside anyway.)
 */
async function retireRowsMissingFrom(
  a: ApplyContext,
  seen: Map<EntityName, Map<string, unknown>>,
): Promise<void> {
  for (const entity of ENTITY_ORDER) {
    if (!(await tableInfo(a.trx, entity)).has('deleted_at')) continue;
    const ids = await sql<{ id: string }>`select id from ${sql.table(entity)} t where deleted_at is null
      and not exists (select 1 from outbox o where o.entity = ${entity} and o.row_id = t.id and o.op = 'create'
        and o.state in ('pending', 'set_aside'))`.execute(a.trx);
    const known = seen.get(entity);
    const gone = ids.rows.map((r) => r.id).filter((id) => !known?.has(id));
    for (let i = 0; i < gone.length; i += 500) {
      await sql`update ${sql.table(entity)} set deleted_at = ${a.now}, updated_at = ${a.now}
        where id in (${sql.join(gone.slice(i, i + 500))})`.execute(a.trx);
    }
  }
}
