// Migration 0017_fairs on a real SQLite file (its own file, beside tests/station/migrations.test.ts, so that
// migrations landing in parallel do not edit one list): the fair tables with their indexes, the scope check,
// the index a fair's sign-ups are counted by pinned with EXPLAIN QUERY PLAN, and down/up again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kysely, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrations } from '../../station/db/migrations';

const dirs: string[] = [];
const dbs: Kysely<any>[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): Kysely<any> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-migr-'));
  dirs.push(dir);
  const db = new Kysely<any>({
    dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), onOpen: PRAGMAS }),
  });
  dbs.push(db);
  return db;
}

function migratorUpTo(db: Kysely<any>, last: string): Migrator {
  const names = Object.keys(migrations).sort();
  const upTo = Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, migrations[n] as Migration]));
  return new Migrator({ db, provider: { getMigrations: async () => upTo } });
}

async function tableNames(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return r.rows.map((x) => x.name);
}

const FAIR_TABLES = ['fairs', 'fair_employers', 'fair_signups', 'fair_intents', 'shared_fairs'];

describe('0017_fairs', () => {
  it('adds the fair tables with their indexes and scope check; and drops them again', async () => {
    const db = tempDb();
    const m = migratorUpTo(db, '0017_fairs');
    expect((await m.migrateToLatest()).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(expect.arrayContaining(FAIR_TABLES));
    const idx = await sql<{ name: string }>`select name from sqlite_master where type = 'index'
      and tbl_name like 'fair%' and name not like 'sqlite_%' order by name`.execute(db);
    expect(idx.rows.map((r) => r.name)).toEqual([
      'fair_employers_fair',
      'fair_intents_fair',
      'fair_intents_pair',
      'fair_signups_fair',
      'fair_signups_resident',
      'fairs_date',
    ]);
    const fair = {
      id: 'f1',
      community_code: '330104005051',
      name: '春风行动',
      date: '2026-03-20',
      place: '社区',
      scope: 'street',
      street_code: '330104005',
      organiser: '凯旋街道',
      created_by: '王',
      created_at: 'x',
      updated_at: 'x',
    };
    await db.insertInto('fairs').values(fair).execute();
    await expect(
      db
        .insertInto('fairs')
        .values({ ...fair, id: 'f2', scope: 'city' })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    const plan = await sql<{ detail: string }>`explain query plan
      select count(*) from fair_signups where fair_id = 'f1' and deleted_at is null`.execute(db);
    expect(plan.rows.map((r) => r.detail).join(' ')).toContain('fair_signups_fair');

    expect((await m.migrateTo('0015_policy')).error).toBeUndefined();
    const left = await tableNames(db);
    for (const t of FAIR_TABLES) expect(left).not.toContain(t);
    expect((await m.migrateToLatest()).error).toBeUndefined();
    expect(await tableNames(db)).toEqual(expect.arrayContaining(FAIR_TABLES));
  });
});
