// Station migration 0019_report_facts on a real SQLite file: residents written before it get their report
// columns from the JSON of their six clears by the same rules the app keeps them with afterwards
// (shared/reports/facts.ts clearsFacts), and the columns go away on down and come back on up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrationProvider } from '../../station/db/migrations';
import { clearsFacts } from '../../shared/reports/facts';

const COLUMNS = [
  'unemployed',
  'unemployed_registered',
  'unemployed_since',
  'unemployment_confirmed_at',
  'placed_on',
  'income_subsistence',
] as const;

let dir = '';
let db: Kysely<any> | null = null;
afterEach(async () => {
  await db?.destroy();
  db = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const columnsOf = async (k: Kysely<any>) =>
  (await sql<{ name: string }>`select name from pragma_table_info('residents')`.execute(k)).rows.map(
    (r) => r.name,
  );

describe('migration 0019_report_facts', () => {
  it('fills the report columns of existing residents from their six clears, and goes down and up', async () => {
    dir = mkdtempSync(join(tmpdir(), 'liuqing-m0019-'));
    db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(dir, 's.sqlite'), onOpen: PRAGMAS }),
    });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('0015_policy')).error).toBeUndefined();
    expect(await columnsOf(db)).not.toContain('unemployed');
    const sections = [
      {
        unemployment: {
          status: 'unemployed',
          registered: true,
          since: '2024-01-01',
          confirmedAt: '2026-03-01',
        },
      },
      { unemployment: { status: 'unemployed', registered: false, confirmedAt: '2026-03-02' } },
      { unemployment: { status: 'employed', confirmedAt: '2026-03-03' } },
      { outcome: { result: 'placed', date: '2026-02-01', confirmedAt: '2026-03-04' } },
      { outcome: { result: 'not_yet', date: '2026-02-02', confirmedAt: '2026-03-05' } },
      { income: { householdSize: 2, monthlyIncome: 900, subsistence: 'dibao', confirmedAt: '2026-03-06' } },
      {},
    ];
    const stamp = '2026-03-07T00:00:00.000Z';
    for (const [i, s] of sections.entries())
      await db
        .insertInto('residents')
        .values({
          id: `r${i}`,
          community_code: '330104005051',
          name: '张三',
          name_pinyin: 'zhangsan',
          name_initials: 'zs',
          id_number: `33010419800101${String(1000 + i)}`,
          id_number_rev: String(i),
          birth_date: '1980-01-01',
          sex: 'M',
          clear_unemployment: s.unemployment ? JSON.stringify(s.unemployment) : null,
          clear_outcome: s.outcome ? JSON.stringify(s.outcome) : null,
          clear_income: s.income ? JSON.stringify(s.income) : null,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const rows = await db
      .selectFrom('residents')
      .select(['id', ...COLUMNS])
      .orderBy('id')
      .execute();
    expect(rows).toEqual(sections.map((s, i) => ({ id: `r${i}`, ...clearsFacts(s) })));
    expect(rows.map((r) => r.unemployed)).toEqual([1, 1, 0, 0, 0, 0, 0]);
    expect(rows.map((r) => r.placed_on)).toEqual([null, null, null, '2026-02-01', null, null, null]);

    expect((await migrator.migrateTo('0015_policy')).error).toBeUndefined();
    expect(await columnsOf(db)).not.toContain('unemployed');
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await columnsOf(db)).toEqual(expect.arrayContaining([...COLUMNS]));
  });
});
