// Migrations 0024_fair_cancel and 0025_training_dropout on a real SQLite file: the cancellation columns on the
// fair and on the district's copy, the drop-out columns on the enrolment — rows written before keep their
// values and read null in the new columns — and down/up again.
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

function migratorUpTo(last: string): { db: Kysely<any>; m: Migrator } {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-migr-'));
  dirs.push(dir);
  const db = new Kysely<any>({
    dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), onOpen: PRAGMAS }),
  });
  dbs.push(db);
  const names = Object.keys(migrations).sort();
  const upTo = Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, migrations[n] as Migration]));
  return { db, m: new Migrator({ db, provider: { getMigrations: async () => upTo } }) };
}

const columns = async (db: Kysely<any>, table: string) =>
  (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map(
    (r) => r.name,
  );

describe('0024_fair_cancel and 0025_training_dropout', () => {
  it('add the cancellation and drop-out columns beside rows written before, and drop them again', async () => {
    const { db } = migratorUpTo('0022_report_order');
    const before = new Migrator({
      db,
      provider: {
        getMigrations: async () =>
          Object.fromEntries(Object.entries(migrations).filter(([n]) => n < '0024')) as Record<
            string,
            Migration
          >,
      },
    });
    expect((await before.migrateToLatest()).error).toBeUndefined();
    const stamp = '2026-09-15T04:00:00.000Z';
    await db
      .insertInto('fairs')
      .values({
        id: 'f1',
        community_code: '330104005051',
        name: '秋季招聘会',
        date: '2026-09-20',
        place: '文化家园',
        scope: 'community',
        street_code: null,
        organiser: '居委会',
        created_by: '管理员',
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    expect(await columns(db, 'fairs')).not.toContain('cancelled_on');

    const all = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await all.migrateToLatest()).error).toBeUndefined();
    for (const t of ['fairs', 'shared_fairs'])
      expect(await columns(db, t)).toEqual(expect.arrayContaining(['cancelled_on', 'cancel_reason']));
    expect(await columns(db, 'training_enrolments')).toEqual(
      expect.arrayContaining(['dropped_on', 'drop_reason']),
    );
    expect(await db.selectFrom('fairs').select(['name', 'cancelled_on', 'cancel_reason']).execute()).toEqual([
      { name: '秋季招聘会', cancelled_on: null, cancel_reason: null },
    ]);

    const last = Object.keys(migrations).sort().at(-1)!;
    // down through both (whatever came after them first)
    for (;;) {
      const r = await all.migrateDown();
      expect(r.error).toBeUndefined();
      if (r.results?.[0]?.migrationName === '0024_fair_cancel') break;
      expect(last >= r.results![0]!.migrationName).toBe(true);
    }
    expect(await columns(db, 'fairs')).not.toContain('cancelled_on');
    expect(await columns(db, 'shared_fairs')).not.toContain('cancel_reason');
    expect(await columns(db, 'training_enrolments')).not.toContain('dropped_on');
    expect(await db.selectFrom('fairs').select('name').execute()).toEqual([{ name: '秋季招聘会' }]);
    expect((await all.migrateToLatest()).error).toBeUndefined();
    expect(await columns(db, 'training_enrolments')).toContain('drop_reason');
  });
});
