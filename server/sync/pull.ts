// POST /v1/pull and /v1/snapshot: a station reads only its own community's log and rows (and the notices of
// its held registrations, holds.ts — never another community's record). Pull also records how far the
// station has committed, which the push side uses to tell `merged` (someone else changed this row
// meanwhile) from `applied`.
import { decodeFields, knowLayouts } from './rowCodec';
import type { z } from 'zod';
import type { pullRequest, pullResponse, PulledChange, snapshotRequest } from '../../shared/sync/protocol';
import type { ServerContext } from '../context';
import { SyncError } from '../errors';
import { referenceVersion } from '../reference';
import type { AuthedStation } from '../stations';
import { logHead } from './log';
import { holdNoticeRows } from './holdNotices';
import { currentEpoch, epochFor, logMark, markAt } from './epoch';

/** What a station behind the district's kept log is told (it then downloads its community again). */
export const LAGGED =
  '本机上次同步距今太久，区里已不再保留这段时间的逐条修改记录；本机将重新下载本社区的全部数据，本机尚未上传的修改会保留并继续上传';

export async function pull(
  ctx: ServerContext,
  station: AuthedStation,
  req: z.infer<typeof pullRequest>,
): Promise<z.infer<typeof pullResponse>> {
  const { db } = ctx.store;
  const now = ctx.now();
  const serverTime = now.toISOString();
  const community = station.communityCode;
  const epoch = await epochFor(ctx, station, req.view);
  await db
    .updateTable('stations')
    .set({
      last_seen_at: serverTime,
      last_pull_at: serverTime,
      ...(req.pending !== undefined
        ? { pending_reported: req.pending, pending_reported_at: serverTime }
        : {}),
    })
    .where('id', '=', station.id)
    .execute();
  // A cursor from before a restore says nothing about this log: do not let it pass for what was pulled.
  if (req.view?.epoch === undefined || req.view.epoch === epoch)
    await db
      .updateTable('stations')
      .set({ pulled_cursor: req.after })
      .where('id', '=', station.id)
      .where('pulled_cursor', '<', req.after)
      .execute();

  // Compaction removed the log below the floor (compact.ts): a cursor under it cannot be replayed.
  const heads = await db
    .selectFrom('log_heads')
    .select('floor')
    .where('community_code', '=', community)
    .executeTakeFirst();
  if (req.after < Number(heads?.floor ?? 0)) {
    return {
      changes: [],
      cursor: req.after,
      more: false,
      snapshotRequired: true,
      snapshotReason: LAGGED,
      serverTime,
      epoch,
    };
  }
  if (ctx.retentionMs !== undefined) {
    const first = await db
      .selectFrom('sync_log')
      .select('created_at')
      .where('community_code', '=', community)
      .where('sseq', '>', req.after)
      .orderBy('sseq')
      .limit(1)
      .executeTakeFirst();
    if (first && Date.parse(first.created_at) < now.getTime() - ctx.retentionMs) {
      return {
        changes: [],
        cursor: req.after,
        more: false,
        snapshotRequired: true,
        snapshotReason: LAGGED,
        serverTime,
        epoch,
      };
    }
  }
  // The head first: every entry up to it is committed (sequences are taken under the head's lock), so a
  // page that ends with no more entries may move the cursor to it past echoes it did not send.
  const head = await logHead(db, community);
  // The station's own echoes (apply.ts: it holds exactly what they set) are not sent, but the cursor passes
  // them. The origin column holds the pushing station's id.
  const rows = await db
    .selectFrom('sync_log')
    .selectAll()
    .where('community_code', '=', community)
    .where('sseq', '>', req.after)
    .where('sseq', '<=', head)
    .where((eb) => eb.or([eb('echo', '=', 0), eb('origin', '!=', station.id), eb('origin', 'is', null)]))
    .orderBy('sseq')
    .limit(req.limit + 1)
    .execute();
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const changes: PulledChange[] = page.map((r) => {
    const c: PulledChange = {
      sseq: Number(r.sseq),
      entity: r.entity,
      rowId: r.row_id,
      kind: r.kind as PulledChange['kind'],
    };
    if (r.fields !== null) c.fields = JSON.parse(r.fields) as Record<string, unknown>;
    if (Number(r.partial) === 1) c.partial = true;
    if (r.redirect_to !== null) c.redirectTo = r.redirect_to;
    if (r.origin !== null) c.origin = r.origin;
    return c;
  });
  const last = page[page.length - 1];
  const cursor = more ? Number(last!.sseq) : Math.max(req.after, head);
  const cursorMark =
    cursor === req.after
      ? undefined
      : last && Number(last.sseq) === cursor
        ? logMark(last)
        : await markAt(db, community, cursor);
  return {
    changes,
    cursor,
    more,
    serverTime,
    referenceVersion: await referenceVersion(ctx),
    epoch,
    ...(cursorMark ? { cursorMark } : {}),
    boardHeads: await boardHeads(ctx),
  };
}

/**
 * A pull page cut into lines of at most `per` changes for the streamed pull (protocol.ts pullStreamRequest):
 * every line but the last ends at its last change, which its cursor and mark then stand for.
 */
export async function pullLines(
  ctx: ServerContext,
  station: AuthedStation,
  page: z.infer<typeof pullResponse>,
  per: number,
): Promise<Array<z.infer<typeof pullResponse>>> {
  const lines: Array<z.infer<typeof pullResponse>> = [];
  const { changes } = page;
  for (let i = 0; i + per < changes.length; i += per) {
    const part = changes.slice(i, i + per);
    const cursor = part[part.length - 1]!.sseq;
    const cursorMark = await markAt(ctx.store.db, station.communityCode, cursor);
    // the reference version and the boards' heads ride on the last line only
    lines.push({
      changes: part,
      cursor,
      more: true,
      serverTime: page.serverTime,
      ...(page.epoch !== undefined ? { epoch: page.epoch } : {}),
      ...(cursorMark ? { cursorMark } : {}),
    });
  }
  lines.push({ ...page, changes: changes.slice(lines.length * per) });
  return lines;
}

/** Where the district's shared boards stand (a station at a head skips reading that board). */
async function boardHeads(ctx: ServerContext): Promise<{ board: number; courses: number; fairs: number }> {
  const { db } = ctx.store;
  const board = await db.selectFrom('board_head').select('last_bseq').where('id', '=', 1).executeTakeFirst();
  const courses = await db
    .selectFrom('training_head')
    .select('last_bseq')
    .where('id', '=', 1)
    .executeTakeFirst();
  const fairs = await db.selectFrom('fairs_head').select('last_fseq').where('id', '=', 1).executeTakeFirst();
  return {
    board: Number(board?.last_bseq ?? 0),
    courses: Number(courses?.last_bseq ?? 0),
    fairs: Number(fairs?.last_fseq ?? 0),
  };
}

interface PageToken {
  c: number;
  e: string;
  r: string;
}

function readToken(page: string): PageToken {
  try {
    const t = JSON.parse(Buffer.from(page, 'base64url').toString('utf8')) as PageToken;
    if (typeof t.c === 'number' && typeof t.e === 'string' && typeof t.r === 'string') return t;
  } catch {
    // fall through
  }
  throw new SyncError('invalid_input', '快照页码无效，请重新开始下载快照');
}

/**
 * The snapshot page as JSON text. Rows of the station's own community go out as the very JSON text the
 * server stored (written by the server itself), not parsed and serialised again: that is most of a
 * bootstrap's server time. The text has the shape of `snapshotResponse`.
 */
export async function snapshot(
  ctx: ServerContext,
  station: AuthedStation,
  req: z.infer<typeof snapshotRequest>,
): Promise<string> {
  const { db } = ctx.store;
  const serverTime = ctx.now().toISOString();
  const community = station.communityCode;
  if (req.rows) return rowsById(ctx, station, req.rows, serverTime);
  const token = req.page ? readToken(req.page) : null;
  // The cursor is read before any row: a change landing between pages is then replayed by the pull.
  const cursor = token ? token.c : await logHead(db, community);
  // A snapshot replaces what the station held: what it has pulled is the snapshot's cursor now, even when
  // that is lower than before (a restored district). Echoes are judged against it (apply.ts), so it must
  // never claim more than the station will hold.
  if (!token)
    await db.updateTable('stations').set({ pulled_cursor: cursor }).where('id', '=', station.id).execute();
  // The epoch on every page (a station drops a snapshot that straddles a restore); the mark on the first.
  const epoch = await currentEpoch(db);
  const mark = token ? undefined : await markAt(db, community, cursor);

  let q = db.selectFrom('sync_rows').selectAll().where('community_code', '=', community);
  if (token) {
    q = q.where((eb) =>
      eb.or([eb('entity', '>', token.e), eb.and([eb('entity', '=', token.e), eb('row_id', '>', token.r)])]),
    );
  }
  const found = await q
    .orderBy('entity')
    .orderBy('row_id')
    .limit(req.limit + 1)
    .execute();
  const more = found.length > req.limit;
  const page = more ? found.slice(0, req.limit) : found;
  await knowLayouts(
    db,
    page.map((r) => r.fields),
  );
  const rows = page.map(
    (r) =>
      `{"entity":${JSON.stringify(r.entity)},"rowId":${JSON.stringify(r.row_id)},"fields":${JSON.stringify(decodeFields(r.fields))}}`,
  );

  // the notices of the community's open holds travel with the first page (they are few)
  if (!token) rows.push(...(await holdNoticeRows(ctx, community)));
  const last = page[page.length - 1];
  const next =
    more && last
      ? Buffer.from(
          JSON.stringify({ c: cursor, e: last.entity, r: last.row_id } satisfies PageToken),
        ).toString('base64url')
      : null;
  const extra = `,"epoch":${JSON.stringify(epoch)}${mark ? `,"cursorMark":${JSON.stringify(mark)}` : ''}`;
  return `{"rows":[${rows.join(',')}],"cursor":${cursor},"next":${JSON.stringify(next)},"serverTime":${JSON.stringify(serverTime)}${extra}}`;
}

/**
 * Whole rows of the station's own community, by id: the station received a delta for a row it does not hold
 * (set aside earlier, or dropped while waiting for a parent). Rows of another community are not returned.
 */
async function rowsById(
  ctx: ServerContext,
  station: AuthedStation,
  wanted: Array<{ entity: string; rowId: string }>,
  serverTime: string,
): Promise<string> {
  const { db } = ctx.store;
  const byEntity = new Map<string, string[]>();
  for (const w of wanted) byEntity.set(w.entity, [...(byEntity.get(w.entity) ?? []), w.rowId]);
  const rows: string[] = [];
  for (const [entity, ids] of byEntity) {
    const found = await db
      .selectFrom('sync_rows')
      .select(['entity', 'row_id', 'fields'])
      .where('community_code', '=', station.communityCode)
      .where('entity', '=', entity)
      .where('row_id', 'in', ids)
      .execute();
    await knowLayouts(
      db,
      found.map((r) => r.fields),
    );
    for (const r of found)
      rows.push(
        `{"entity":${JSON.stringify(r.entity)},"rowId":${JSON.stringify(r.row_id)},"fields":${JSON.stringify(decodeFields(r.fields))}}`,
      );
  }
  const head = await logHead(db, station.communityCode);
  const epoch = await currentEpoch(db);
  return `{"rows":[${rows.join(',')}],"cursor":${head},"next":null,"serverTime":${JSON.stringify(serverTime)},"epoch":${JSON.stringify(epoch)}}`;
}
