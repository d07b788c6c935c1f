// Other communities' training courses, held read-only in `board_courses`: after each sync the station reads
// the district's course board after its cursor (POST /v1/courses) and lands each page in one transaction
// with the new cursor; `removed` drops the copy. A cursor ahead of the district's head (a district restored
// from a backup) starts again from nothing. Kept apart from `training_courses` (this community's own, synced
// rows) because a snapshot of the community retires any synced row the district did not send for it.
import { ENDPOINTS, coursesResponse, type CourseItem } from '../../shared/sync/protocol';
import type { DB } from '../db/schema';
import { readMeta, setMeta } from '../meta';
import { post, type TransportOptions, type WireCounters } from '../sync/transport';

const CURSOR_KEY = 'course_board_cursor';
const str = (v: unknown, or: string): string => (typeof v === 'string' ? v : or);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function toRow(it: CourseItem, stamp: string) {
  const f = it.fields ?? {};
  return {
    id: it.id,
    community_code: it.community,
    name: str(f.name, ''),
    kind: str(f.kind, 'upskilling'),
    occupation_code: str(f.occupation_code, ''),
    provider: str(f.provider, ''),
    start_on: str(f.start_on, '0000-01-01'),
    end_on: str(f.end_on, '0000-01-01'),
    hours: num(f.hours) ?? 0,
    subsidy_per_person: num(f.subsidy_per_person),
    bseq: it.bseq,
    updated_at: stamp,
  };
}

async function land(db: DB, items: CourseItem[], cursor: number, stamp: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const it of items) {
      if (it.removed) {
        await trx.deleteFrom('board_courses').where('id', '=', it.id).execute();
        continue;
      }
      const row = toRow(it, stamp);
      const { id: _id, ...rest } = row;
      await trx
        .insertInto('board_courses')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    }
    await setMeta(trx, { [CURSOR_KEY]: String(cursor) });
  });
}

/** Reads the course board after the held cursor, page by page; returns how many rows changed here. */
export async function refreshCourseBoard(
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
    const res = await post(transport, ENDPOINTS.courses, { after, limit: 1000 }, coursesResponse, counters);
    if (res.head < after) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('board_courses').execute();
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
