// The residents grid after a bulk pull or a snapshot (issue 14): rows land in chunks that share one
// updated_at, so the order must be total without a sort step. At a realistic size (100,000 residents,
// planner statistics gathered), every page of every index-backed sort is an index scan with no temporary
// B-tree, and the pages, read from either end, are slices of one total order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, sql, type CompiledQuery } from 'kysely';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS, migrateToLatest } from '../../station/db/open';
import { listResidents, type ListInput } from '../../station/residents/repository';
import type { StationDB } from '../../station/db/schema';

const N = 100_000;
const CHUNK = 5000; // a snapshot lands 5,000 rows per transaction, all with one updated_at
const view = { today: '2026-07-01', staleAfterDays: 180 };
let dir: string;
let db: Kysely<StationDB>;
const captured: CompiledQuery[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liuqing-grid-'));
  db = new Kysely<StationDB>({
    dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), onOpen: PRAGMAS }),
    log: (e) => {
      captured.push(e.query);
    },
  });
  await migrateToLatest(db);
  // ids as UUID v7 would be (time-ordered hex), names drawn from a few hundred pinyin spellings: many ties
  await sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${N - 1})
    insert into residents (id, community_code, name, name_pinyin, name_initials, id_number, id_number_rev,
      birth_date, sex, clears_missing, created_at, updated_at)
    select printf('0190%012x-7000-8000-%012x', i * 7919 % ${N}, i), '330104005051', '张' || (i % 300),
      'zhang' || (i % 300), 'z', printf('33010419800101%04d', i), printf('%04d10108914010133', i),
      date('1950-01-01', '+' || (i % 20000) || ' days'), case i % 2 when 0 then 'M' else 'F' end, i % 7,
      '2026-06-01T00:00:00.000Z',
      strftime('%Y-%m-%dT%H:%M:%fZ', '2026-06-01', '+' || (i / ${CHUNK}) || ' seconds')
    from n`.execute(db);
  await sql`analyze`.execute(db);
}, 120_000);

afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function plans(input: ListInput): Promise<string[]> {
  captured.length = 0;
  await listResidents(db, input, view);
  const out: string[] = [];
  for (const q of captured.splice(0)) {
    const r = await db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` });
    out.push(r.rows.map((x) => x.detail).join('\n'));
  }
  return out;
}

const SORTS: Array<[string, ListInput['sort'], RegExp]> = [
  ['default (latest updates first)', undefined, /residents_live_updated/],
  ['updated, oldest first', [{ field: 'updatedAt', dir: 'asc' }], /residents_live_updated/],
  ['name ascending', [{ field: 'name', dir: 'asc' }], /residents_live_name_pinyin/],
  ['name descending', [{ field: 'name', dir: 'desc' }], /residents_live_name_pinyin/],
];

describe('grid order after a bulk pull (100,000 residents in chunks sharing updated_at)', () => {
  for (const [label, sort, index] of SORTS) {
    it(`${label}: first, middle and last pages are index scans without a temporary B-tree`, async () => {
      for (const offset of [0, N / 2 - 50, N - 100]) {
        const [count, page] = await plans({ offset, limit: 100, ...(sort ? { sort } : {}) });
        expect(count).toMatch(/COVERING INDEX residents_live_/);
        expect(page).toMatch(/SCAN residents USING INDEX/);
        expect(page).toMatch(index);
        expect(page).not.toMatch(/TEMP B-TREE/);
      }
    });
  }

  it('pages from the front and from the back are slices of one total order (ties broken by id)', async () => {
    const all = await db
      .selectFrom('residents')
      .select(['id', 'updated_at'])
      .where('deleted_at', 'is', null)
      .execute();
    // newest first, and within one updated_at the later id first
    all.sort((a, b) =>
      a.updated_at === b.updated_at ? (a.id < b.id ? 1 : -1) : a.updated_at < b.updated_at ? 1 : -1,
    );
    for (const offset of [0, 4950, 49_990, 50_010, N - 130, N - 100]) {
      const { rows, total } = await listResidents(db, { offset, limit: 100 }, view);
      expect(total).toBe(N);
      expect(rows.map((r) => r.id)).toEqual(all.slice(offset, offset + 100).map((r) => r.id));
    }
  });
});
