// Migration 0020_fair_candidates on a real SQLite file: the index the fair's candidate list asks the wished
// areas by (station/fairs/candidates.ts `wishedAreas`), pinned with EXPLAIN QUERY PLAN; the areas it finds
// follow the match index's triggers; and down/up again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kysely, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrations } from '../../station/db/migrations';
import { wishedAreas } from '../../station/fairs/candidates';
import { newStation } from '../factories/station';
import { idNumberFor } from '../matching/helpers';

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

const indexes = async (db: Kysely<any>) =>
  (
    await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'index' and tbl_name = 'match_people'
      and name not like 'sqlite_%'`.execute(db)
  ).rows.map((r) => r.name);

describe('0020_fair_candidates', () => {
  it('adds the wished-area index, which the areas are found by one seek at a time; and drops it again', async () => {
    const { db, m } = migratorUpTo('0020_fair_candidates');
    expect((await m.migrateToLatest()).error).toBeUndefined();
    expect(await indexes(db)).toEqual(['match_people_area']);
    const plan = await sql<{ detail: string }>`explain query plan
      select min(area) from match_people where looking = 1 and area > 'a'`.execute(db);
    expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/USING COVERING INDEX match_people_area/);
    const down = await m.migrateDown();
    expect(down.error).toBeUndefined();
    expect(down.results?.[0]?.migrationName).toBe('0020_fair_candidates');
    expect(await indexes(db)).toEqual([]);
    expect((await m.migrateToLatest()).error).toBeUndefined();
    expect(await indexes(db)).toEqual(['match_people_area']);
  });

  it('finds each wished area of people looking for work once, as residents are written', async () => {
    const s = await newStation();
    try {
      const today = new Date().toISOString().slice(0, 10);
      const prefs = (area: string) => ({ occupations: ['保安'], industries: [], area, confirmedAt: today });
      const a = await s.call('residents.create', {
        name: '张三',
        idNumber: idNumberFor('19900307', 1),
        preferences: prefs('凯旋街道'),
      });
      await s.call('residents.create', {
        name: '李四',
        idNumber: idNumberFor('19900307', 2),
        preferences: prefs('江干区'),
      });
      await s.call('residents.create', {
        name: '王五',
        idNumber: idNumberFor('19900307', 3),
        preferences: prefs('凯旋街道'),
      });
      // in work and not asking to change: not looking, so not their area
      await s.call('residents.create', {
        name: '赵六',
        idNumber: idNumberFor('19900307', 4),
        preferences: prefs('采荷'),
        unemployment: { status: 'employed', confirmedAt: today },
      });
      expect((await wishedAreas(s.station.db)).sort()).toEqual(['凯旋街道', '江干区'].sort());
      await s.call('residents.update', { id: a.id, preferences: prefs('九堡') });
      expect((await wishedAreas(s.station.db)).sort()).toEqual(['九堡', '江干区', '凯旋街道'].sort());
    } finally {
      await s.close();
    }
  });
});
