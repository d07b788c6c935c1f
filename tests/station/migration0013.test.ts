// Station migration 0013_lagged_snapshot (issue 14): a station database from before it keeps its timeline
// row (epoch, cursor mark, recovery) and gains the time of a snapshot taken because its cursor fell behind
// the district's compacted log; it goes down and up again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrations } from '../../station/db/migrations';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function migratorUpTo(db: Kysely<any>, last: string): Migrator {
  const names = Object.keys(migrations).sort();
  const upTo = Object.fromEntries(names.filter((n) => n <= last).map((n) => [n, migrations[n] as Migration]));
  return new Migrator({ db, provider: { getMigrations: async () => upTo } });
}

const columns = async (db: Kysely<any>) =>
  (await sql<{ name: string }>`select name from pragma_table_info('sync_epoch')`.execute(db)).rows.map(
    (r) => r.name,
  );

describe('station migration 0013_lagged_snapshot', () => {
  it('adds lagged_snapshot_at to the timeline, keeps what was there, and goes down and up again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-migr13-'));
    dirs.push(dir);
    const db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), onOpen: PRAGMAS }),
    });
    try {
      const names = Object.keys(migrations).sort();
      const before = names[names.indexOf('0013_lagged_snapshot') - 1]!;
      expect((await migratorUpTo(db, before).migrateToLatest()).error).toBeUndefined();
      await db
        .updateTable('sync_epoch')
        .set({ epoch: 'e1', cursor_mark: 'm9', recovered_resent: 2 })
        .execute();
      expect(await columns(db)).not.toContain('lagged_snapshot_at');

      const m = migratorUpTo(db, '0013_lagged_snapshot');
      expect((await m.migrateToLatest()).error).toBeUndefined();
      const row = await db.selectFrom('sync_epoch').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        epoch: 'e1',
        cursor_mark: 'm9',
        recovered_resent: 2,
        lagged_snapshot_at: null,
      });
      await db.updateTable('sync_epoch').set({ lagged_snapshot_at: '2026-12-01T08:00:00Z' }).execute();

      expect((await m.migrateTo(before)).error).toBeUndefined();
      expect(await columns(db)).not.toContain('lagged_snapshot_at');
      expect(await db.selectFrom('sync_epoch').select('epoch').executeTakeFirstOrThrow()).toEqual({
        epoch: 'e1',
      });
      expect((await m.migrateToLatest()).error).toBeUndefined();
      expect(await columns(db)).toContain('lagged_snapshot_at');
    } finally {
      await db.destroy();
    }
  });
});
