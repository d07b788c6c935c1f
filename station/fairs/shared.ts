// Street and district job fairs as the district sends them (POST /v1/fairs, server/fairs/shared.ts), held
// read-only in `shared_fairs`: after each pull the station reads the documents after its cursor and lands
// each page in one transaction with the new cursor. A document carries the fair and every community's
// employers at it; `removed` drops the copy. A cursor ahead of the district's head (a district restored from
// a backup) starts again from nothing. This station's own fairs stay in `fairs`; their document only adds
// the employers other communities brought (station/fairs/read.ts).
import { FAIRS_ENDPOINT, fairsResponse, type FairsItem } from '../../shared/sync/fairsProtocol';
import type { DB } from '../db/schema';
import { readMeta, setMeta } from '../meta';
import { post, type TransportOptions, type WireCounters } from '../sync/transport';

const CURSOR_KEY = 'fairs_cursor';

async function land(db: DB, items: FairsItem[], cursor: number, stamp: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const it of items) {
      if (it.removed || !it.fair) {
        await trx.deleteFrom('shared_fairs').where('id', '=', it.id).execute();
        continue;
      }
      const f = it.fair;
      const row = {
        id: it.id,
        community_code: it.community,
        name: f.name,
        date: f.date,
        place: f.place,
        scope: f.scope,
        street_code: f.street_code,
        organiser: f.organiser,
        employers: JSON.stringify(f.employers),
        cancelled_on: f.cancelled_on ?? null,
        cancel_reason: f.cancel_reason ?? null,
        fseq: it.fseq,
        updated_at: stamp,
      };
      const { id: _id, ...rest } = row;
      await trx
        .insertInto('shared_fairs')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    }
    await setMeta(trx, { [CURSOR_KEY]: String(cursor) });
  });
}

/** Reads the district's fair documents after the held cursor, page by page; returns how many changed here. */
export async function refreshSharedFairs(
  db: DB,
  transport: TransportOptions,
  now: () => Date,
  counters?: WireCounters,
  /** The board's head as the last pull told it (pullResponse.boardHeads): at it, nothing to read. */
  head?: number,
): Promise<number> {
  let after = Number((await readMeta(db))[CURSOR_KEY] ?? 0);
  let changed = 0;
  if (head === after) return 0;
  for (let page = 0; page < 1000; page++) {
    const res = await post(transport, FAIRS_ENDPOINT, { after, limit: 1000 }, fairsResponse, counters);
    if (res.head < after) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('shared_fairs').execute();
        await setMeta(trx, { [CURSOR_KEY]: '0' });
      });
      after = 0;
      continue;
    }
    await land(db, res.items, res.cursor, now().toISOString());
    changed += res.items.length;
    after = res.cursor;
    if (!res.more) break;
  }
  return changed;
}
