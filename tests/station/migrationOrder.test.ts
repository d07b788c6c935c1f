// A PC that already ran a higher-numbered migration must still take a lower-numbered one that landed later
// (parallel work lands in any order): the station's migrator allows unordered migrations.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { migrationProvider } from '../../station/db/migrations';
import { PRAGMAS, migrateToLatest, stationMigrator } from '../../station/db/open';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('station migrations landing out of order', () => {
  it('a database that ran a higher number takes a lower one that arrives later', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-migorder-'));
    dirs.push(dir);
    const db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(dir, 'station.sqlite'), onOpen: PRAGMAS }),
    });
    try {
      const all = await migrationProvider.getMigrations();
      const names = Object.keys(all).sort();
      // the backups' migration held back: everything after it runs first, as on a PC of the earlier build
      const late = '0012_delivery';
      expect(names.indexOf(late)).toBeLessThan(names.length - 1);
      const { [late]: held, ...earlier } = all;
      expect(held).toBeDefined();
      const first = await stationMigrator(db, { getMigrations: async () => earlier }).migrateToLatest();
      expect(first.error).toBeUndefined();
      const before = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      expect(before.rows.map((r) => r.name)).not.toContain(late);

      await migrateToLatest(db);
      const after = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      expect(after.rows.map((r) => r.name)).toEqual(names);
    } finally {
      await db.destroy();
    }
  });
});
