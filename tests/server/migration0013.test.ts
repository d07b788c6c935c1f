// Server migration 0013_console_fleet on both stores: the fleet's last pull and reported pending count
// columns on stations, and down and up again.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { migrationProvider } from '../../server/db/migrations';
import { dropPgSchema } from '../../server/index';
import { BACKENDS, PG_URL } from './harness';

async function withDb(
  backend: (typeof BACKENDS)[number],
  fn: (db: Kysely<any>, schema?: string) => Promise<void>,
) {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-m0013-'));
    const db = new Kysely<any>({ dialect: new Sqlite3Dialect({ filename: join(dir, 'd.sqlite') }) });
    try {
      await fn(db);
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const schema = `t_m0013_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: PG_URL, max: 1, options: `-c search_path=${schema}` });
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
  try {
    await fn(db, schema);
  } finally {
    await db.destroy();
    await dropPgSchema(PG_URL, schema);
  }
}

async function stationColumns(db: Kysely<any>, schema?: string): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return (tables.find((t) => t.name === 'stations' && (!schema || t.schema === schema))?.columns ?? []).map(
    (c) => c.name,
  );
}

const ADDED = ['last_pull_at', 'pending_reported', 'pending_reported_at'];

describe.each(BACKENDS)('server migration 0013_console_fleet on %s', (backend) => {
  it('adds the fleet columns to stations, keeps the rows, and goes down and up again', () =>
    withDb(backend, async (db, schema) => {
      const migrator = new Migrator({
        db,
        provider: migrationProvider,
        ...(schema ? { migrationTableSchema: schema } : {}),
      });
      const names = Object.keys(await migrationProvider.getMigrations());
      const before = names[names.indexOf('0013_console_fleet') - 1]!;
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      await db
        .insertInto('stations')
        .values({ id: 's1', community_code: '330104005051', station_number: 1, created_at: '2026-01-01' })
        .execute();
      expect((await migrator.migrateTo('0013_console_fleet')).error).toBeUndefined();
      expect(await stationColumns(db, schema)).toEqual(expect.arrayContaining(ADDED));
      expect(
        await db
          .selectFrom('stations')
          .select(['id', ...ADDED])
          .execute(),
      ).toEqual([{ id: 's1', last_pull_at: null, pending_reported: null, pending_reported_at: null }]);
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const after = await stationColumns(db, schema);
      for (const c of ADDED) expect(after).not.toContain(c);
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await stationColumns(db, schema)).toEqual(expect.arrayContaining(ADDED));
    }));
});
