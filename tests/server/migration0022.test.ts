// The district's SQLite file gives back the room compaction frees (issue 14): server migration 0022 turns an
// older store (auto_vacuum off) into one that can, without loss; a new store is made so; and compaction then
// returns the free pages to the file system and leaves no large WAL behind. PostgreSQL: 0022 does nothing.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { migrationProvider } from '../../server/db/migrations';
import { createServer } from '../../server/index';
import { describe, expect, it } from 'vitest';
import { BACKENDS, startServer } from './harness';
import { withMigrationDb } from './migrationHarness';

const pragma = async (db: Kysely<any>, name: string): Promise<number> => {
  const r = await sql<Record<string, number>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(db);
  return Number(Object.values(r.rows[0]!)[0]);
};

describe.each(BACKENDS)('server migration 0022_store_vacuum on %s', (backend) => {
  it('turns auto_vacuum on in a store made before it, keeping every row', () =>
    withMigrationDb(backend, async ({ db, migrator, before }) => {
      expect((await migrator.migrateTo(await before('0022_store_vacuum'))).error).toBeUndefined();
      const rows = Array.from({ length: 500 }, (_, i) => ({
        station_id: 'st-1',
        seq: i + 1,
        verdict: JSON.stringify({ seq: i + 1, status: 'applied', note: '回访'.repeat(i % 40) }),
        created_at: '2025-01-01T00:00:00.000Z',
      }));
      for (let i = 0; i < rows.length; i += 100)
        await db
          .insertInto('receipts')
          .values(rows.slice(i, i + 100))
          .execute();
      if (backend === 'sqlite') expect(await pragma(db, 'auto_vacuum')).toBe(0);
      expect((await migrator.migrateTo('0022_store_vacuum')).error).toBeUndefined();
      if (backend === 'sqlite') expect(await pragma(db, 'auto_vacuum')).toBe(2);
      const back = await db.selectFrom('receipts').selectAll().orderBy('seq').execute();
      expect(back).toEqual(rows);
    }));
});

describe('an older SQLite district store, opened by the server', () => {
  it('is turned over at start and serves its rows as before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-m0022-'));
    try {
      const old = new Kysely<any>({
        dialect: new Sqlite3Dialect({ filename: join(dir, 'district.sqlite') }),
      });
      const migrator = new Migrator({ db: old, provider: migrationProvider, allowUnorderedMigrations: true });
      const names = Object.keys(await migrationProvider.getMigrations()).sort();
      expect(
        (await migrator.migrateTo(names[names.indexOf('0022_store_vacuum') - 1]!)).error,
      ).toBeUndefined();
      await old
        .insertInto('receipts')
        .values({ station_id: 'st-1', seq: 1, verdict: '{"seq":1,"status":"applied"}', created_at: 'then' })
        .execute();
      expect(await pragma(old, 'auto_vacuum')).toBe(0);
      await old.destroy();
      const server = await createServer({ dataDir: dir, compactEveryMs: 0 });
      try {
        expect(await pragma(server.db, 'auto_vacuum')).toBe(2);
        expect(await server.db.selectFrom('receipts').select(['seq', 'verdict']).execute()).toEqual([
          { seq: 1, verdict: '{"seq":1,"status":"applied"}' },
        ]);
      } finally {
        await server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the SQLite district store after compaction', () => {
  it('is made with auto_vacuum and hands the pages compaction freed back to the file system', async () => {
    const d = await startServer('sqlite', { compactEveryMs: 0 });
    try {
      const db = d.server.db;
      expect(await pragma(db, 'auto_vacuum')).toBe(2);
      // 40 days of verdicts, older than the 30 the server keeps
      const verdict = JSON.stringify({ status: 'applied', reason: '已收到'.repeat(60) });
      for (let i = 0; i < 20_000; i += 1000)
        await db
          .insertInto('receipts')
          .values(
            Array.from({ length: 1000 }, (_, k) => ({
              station_id: 'st-1',
              seq: i + k + 1,
              verdict,
              created_at: new Date(d.clock.now - 40 * 86_400_000).toISOString(),
            })),
          )
          .execute();
      await sql`pragma wal_checkpoint(truncate)`.execute(db);
      const pagesBefore = await pragma(db, 'page_count');
      const r = await d.server.compact();
      expect(r.receipts).toBe(20_000);
      expect(await pragma(db, 'freelist_count')).toBe(0);
      const pagesAfter = await pragma(db, 'page_count');
      expect(pagesAfter).toBeLessThan(pagesBefore / 4);
      // the next write starts the WAL over, no larger than journal_size_limit
      await db
        .insertInto('receipts')
        .values({ station_id: 'st-1', seq: 1, verdict, created_at: new Date(d.clock.now).toISOString() })
        .execute();
      const file = await sql<{
        file: string;
      }>`select file from pragma_database_list where name = 'main'`.execute(db);
      expect(statSync(`${file.rows[0]!.file}-wal`).size).toBeLessThanOrEqual(16 * 1024 * 1024);
    } finally {
      await d.close();
    }
  });
});
