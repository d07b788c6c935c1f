// One page of a district board a station reads after its cursor (POST /v1/board for shared vacancies,
// POST /v1/courses for training courses): the rows of other communities with a board number past `after`,
// in board order, with the board's head and the district's epoch. The cursor may pass rows of the station's
// own community that were left out: they are not its to read. Each board's writer holds its head row's lock
// to commit (server/sync/board.ts, server/training/board.ts), so no row is committed behind a cursor.
import type { Transaction } from 'kysely';
import type { ServerContext } from '../context';
import type { ServerDB } from '../db/schema';
import type { AuthedStation } from '../stations';
import { currentEpoch } from './epoch';

export interface BoardRow {
  id: string;
  community: string;
  bseq: number;
  removed: boolean;
  fields?: Record<string, unknown>;
}

/** The two boards of rows with `fields` as JSON, each numbered by its own head. */
const BOARDS = {
  vacancies: { table: 'board_vacancies', head: 'board_head' },
  courses: { table: 'training_courses', head: 'training_head' },
} as const;

export async function readBoardPage(
  ctx: ServerContext,
  board: keyof typeof BOARDS,
  station: AuthedStation,
  req: { after: number; limit: number },
): Promise<{ items: BoardRow[]; cursor: number; more: boolean; head: number; epoch: string }> {
  const { db } = ctx.store;
  // both tables have the columns read here; Kysely cannot see it through the union of names
  const { table, head: headTable } = BOARDS[board] as { table: 'board_vacancies'; head: 'board_head' };
  const head = await db.selectFrom(headTable).select('last_bseq').where('id', '=', 1).executeTakeFirst();
  const rows = await db
    .selectFrom(table)
    .select(['row_id', 'community_code', 'bseq', 'removed', 'fields'])
    .where('bseq', '>', req.after)
    .where('community_code', '<>', station.communityCode)
    .orderBy('bseq')
    .limit(req.limit + 1)
    .execute();
  const more = rows.length > req.limit;
  const page = more ? rows.slice(0, req.limit) : rows;
  const items = page.map((r) => ({
    id: r.row_id,
    community: r.community_code,
    bseq: Number(r.bseq),
    removed: Number(r.removed) === 1,
    ...(Number(r.removed) === 1 ? {} : { fields: JSON.parse(r.fields) as Record<string, unknown> }),
  }));
  const last = page.length ? Number(page[page.length - 1]!.bseq) : req.after;
  const top = Number(head?.last_bseq ?? 0);
  return {
    items,
    cursor: more ? last : Math.max(last, top),
    more,
    head: top,
    epoch: await currentEpoch(db),
  };
}

/** Takes `n` board numbers from a board's head (its row locked to commit); returns the first of them. */
export async function takeBoardNumbers(
  trx: Transaction<ServerDB>,
  board: keyof typeof BOARDS,
  n: number,
): Promise<number> {
  const headTable = BOARDS[board].head as 'board_head';
  const head = await trx
    .updateTable(headTable)
    .set((eb) => ({ last_bseq: eb('last_bseq', '+', n) }))
    .where('id', '=', 1)
    .returning('last_bseq')
    .executeTakeFirstOrThrow();
  return Number(head.last_bseq) - n + 1;
}
