// The district's board of other communities' shared vacancies, held read-only in `board_vacancies`: after
// each pull the station reads the board after its cursor (POST /v1/board) and lands each page in one
// transaction with the new cursor. A board row carries the vacancy and its employer's name, address and
// contacts; `removed` drops the copy. A cursor ahead of the district's head (a district restored from a
// backup) starts the board again from nothing, and so does a change of the district's epoch (a restore that
// has since handed out the same board numbers again for other rows), as the rest of sync follows it.
import { ENDPOINTS, boardResponse, type BoardItem } from '../../shared/sync/protocol';
import type { DB, Executor } from '../db/schema';
import { readMeta, setMeta } from '../meta';
import { post, type TransportOptions, type WireCounters } from '../sync/transport';

const CURSOR_KEY = 'board_cursor';
const EPOCH_KEY = 'board_epoch';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toRow(it: BoardItem, stamp: string) {
  const f = it.fields ?? {};
  const contacts = f.employer_contacts;
  return {
    id: it.id,
    community_code: it.community,
    employer_id: str(f.employer_id) ?? '',
    employer_name: str(f.employer_name) ?? '',
    employer_address: str(f.employer_address),
    employer_contacts: typeof contacts === 'string' ? contacts : JSON.stringify(contacts ?? []),
    title: str(f.title) ?? '',
    occupation: str(f.occupation),
    occupation_code: str(f.occupation_code),
    industry_code: str(f.industry_code),
    positions: num(f.positions) ?? 1,
    hired: num(f.hired) ?? 0,
    wage_min: num(f.wage_min),
    wage_max: num(f.wage_max),
    requirements: str(f.requirements),
    age_min: num(f.age_min),
    age_max: num(f.age_max),
    education: str(f.education),
    valid_from: str(f.valid_from) ?? '0000-01-01',
    valid_to: str(f.valid_to) ?? '0000-01-01',
    status: str(f.status) ?? 'closed',
    bseq: it.bseq,
    updated_at: stamp,
  };
}

export async function boardCursor(db: Executor): Promise<number> {
  return Number((await readMeta(db))[CURSOR_KEY] ?? 0);
}

async function land(db: DB, items: BoardItem[], cursor: number, stamp: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const it of items) {
      if (it.removed) {
        await trx.deleteFrom('board_vacancies').where('id', '=', it.id).execute();
        continue;
      }
      const row = toRow(it, stamp);
      const { id: _id, ...rest } = row;
      await trx
        .insertInto('board_vacancies')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    }
    await setMeta(trx, { [CURSOR_KEY]: String(cursor) });
  });
}

/** Reads the board after the held cursor, page by page; returns how many rows changed here. */
export async function refreshBoard(
  db: DB,
  transport: TransportOptions,
  now: () => Date,
  counters?: WireCounters,
  /** The board's head and the district's epoch as the last pull told them (pullResponse.boardHeads). */
  known?: { head: number; epoch: string },
): Promise<number> {
  let after = await boardCursor(db);
  let changed = 0;
  if (known && known.head === after) {
    // at the head, of the same epoch: nothing to read (a first read records the epoch when there is one)
    const held = (await readMeta(db))[EPOCH_KEY];
    if (held === known.epoch || (after === 0 && held === undefined)) return 0;
  }
  for (let page = 0; page < 1000; page++) {
    const res = await post(transport, ENDPOINTS.board, { after, limit: 1000 }, boardResponse, counters);
    const held = (await readMeta(db))[EPOCH_KEY];
    // the district went back in time (a head behind the cursor, or another epoch than the one this copy
    // was read from): what this station holds may name vacancies the district no longer has
    const otherEpoch = res.epoch !== undefined && held !== res.epoch && (after > 0 || held !== undefined);
    if (res.head < after || otherEpoch) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('board_vacancies').execute();
        await setMeta(trx, {
          [CURSOR_KEY]: '0',
          ...(res.epoch !== undefined ? { [EPOCH_KEY]: res.epoch } : {}),
        });
      });
      after = 0;
      continue;
    }
    if (res.epoch !== undefined && held === undefined) await setMeta(db, { [EPOCH_KEY]: res.epoch });
    await land(db, res.items, res.cursor, now().toISOString());
    changed += res.items.length;
    after = res.cursor;
    if (!res.more) break;
  }
  return changed;
}
