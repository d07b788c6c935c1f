// The district's boards a station holds read-only beside its own community's rows: other communities'
// shared vacancies (`board_vacancies`, station/matching/board.ts), training courses (`board_courses`,
// station/training/board.ts) and street and district job fairs (`shared_fairs`, station/fairs/shared.ts).
// Each is one district-wide sequence read after a cursor the station keeps in `meta`, a page at a time, each
// page landed in one transaction with the new cursor; an item the district `removed` drops the copy. A
// cursor ahead of the district's head (a district restored from a backup) starts the board again from
// nothing, and so does another epoch than the one the copy was read from (a restore that has since handed
// out the same board numbers again for other rows), where the board's answer carries one.
import type { Insertable } from 'kysely';
import type { ZodType } from 'zod';
import type { DB, StationDB } from '../db/schema';
import { readMeta, setMeta } from '../meta';
import { post, type TransportOptions, type WireCounters } from './transport';

/** One page of a board as the district answers it. */
export interface BoardPage<I> {
  items: I[];
  cursor: number;
  more: boolean;
  head: number;
  epoch?: string;
}

type BoardTable = 'board_vacancies' | 'board_courses' | 'shared_fairs';

export interface DistrictBoard<I extends { id: string }, T extends BoardTable> {
  table: T;
  endpoint: string;
  response: ZodType<BoardPage<I>>;
  cursorKey: string;
  /** Where the epoch the copy was read from is kept; a board whose answer carries none leaves it out. */
  epochKey?: string;
  /** The row held for an item, or null when the district removed it. */
  toRow(item: I, stamp: string): Insertable<StationDB[T]> | null;
}

export async function boardCursorOf(db: DB, cursorKey: string): Promise<number> {
  return Number((await readMeta(db))[cursorKey] ?? 0);
}

async function land<I extends { id: string }, T extends BoardTable>(
  db: DB,
  board: DistrictBoard<I, T>,
  page: BoardPage<I>,
  stamp: string,
): Promise<void> {
  // the three tables share the shape this needs (a text `id` primary key); Kysely cannot see it through
  // the union of table names, so the writes are typed as the vacancies' board
  const table = board.table as 'board_vacancies';
  await db.transaction().execute(async (trx) => {
    for (const it of page.items) {
      const row = board.toRow(it, stamp) as Insertable<StationDB['board_vacancies']> | null;
      if (!row) {
        await trx.deleteFrom(table).where('id', '=', it.id).execute();
        continue;
      }
      const { id: _id, ...rest } = row;
      await trx
        .insertInto(table)
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    }
    await setMeta(trx, { [board.cursorKey]: String(page.cursor) });
  });
}

/**
 * Reads a board after the held cursor, page by page; returns how many rows changed here. `known` is the
 * board's head (and the district's epoch) as the last pull told them (pullResponse.boardHeads): a station at
 * the head, of the same epoch, has nothing to read.
 */
export async function refreshDistrictBoard<I extends { id: string }, T extends BoardTable>(
  db: DB,
  board: DistrictBoard<I, T>,
  transport: TransportOptions,
  now: () => Date,
  counters?: WireCounters,
  known?: { head: number; epoch?: string },
): Promise<number> {
  let after = await boardCursorOf(db, board.cursorKey);
  const heldEpoch = async () => (board.epochKey ? (await readMeta(db))[board.epochKey] : undefined);
  if (known && known.head === after) {
    if (!board.epochKey || known.epoch === undefined) return 0;
    // a first read records the epoch when there is one
    const held = await heldEpoch();
    if (held === known.epoch || (after === 0 && held === undefined)) return 0;
  }
  let changed = 0;
  for (let n = 0; n < 1000; n++) {
    const page = await post(transport, board.endpoint, { after, limit: 1000 }, board.response, counters);
    const held = await heldEpoch();
    // the district went back in time (a head behind the cursor, or another epoch than the one this copy
    // was read from): what this station holds may name rows the district no longer has
    const otherEpoch =
      board.epochKey !== undefined &&
      page.epoch !== undefined &&
      held !== page.epoch &&
      (after > 0 || held !== undefined);
    if (page.head < after || otherEpoch) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom(board.table as 'board_vacancies').execute();
        await setMeta(trx, {
          [board.cursorKey]: '0',
          ...(board.epochKey && page.epoch !== undefined ? { [board.epochKey]: page.epoch } : {}),
        });
      });
      after = 0;
      continue;
    }
    if (board.epochKey && page.epoch !== undefined && held === undefined)
      await setMeta(db, { [board.epochKey]: page.epoch });
    await land(db, board, page, now().toISOString());
    changed += page.items.length;
    after = page.cursor;
    if (!page.more) break;
  }
  return changed;
}
