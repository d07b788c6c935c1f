// One harness for the district server's migration tests on both stores: a fresh database (a SQLite file, or a
// schema of its own on PostgreSQL), a Migrator set up as server/db/open.ts sets it up, and the columns of a
// table looked up in this test's own schema only (other runs' schemas hold tables of the same names).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { migrationProvider } from '../../server/db/migrations';
import { dropPgSchema } from '../../server/index';
import { type BACKENDS, PG_URL } from './harness';

export interface MigrationDb {
  db: Kysely<any>;
  migrator: Migrator;
  /** The PostgreSQL schema of this test (undefined on SQLite). */
  schema?: string;
  /** A table's column names, sorted; [] when the table does not exist. */
  columnsOf(table: string): Promise<string[]>;
  /** The name of the migration just before `name` (whatever others were added below it). */
  before(name: string): Promise<string>;
}

export async function withMigrationDb(
  backend: (typeof BACKENDS)[number],
  fn: (m: MigrationDb) => Promise<void>,
): Promise<void> {
  let db: Kysely<any>;
  let schema: string | undefined;
  let cleanup: () => Promise<void>;
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-smigr-'));
    db = new Kysely<any>({ dialect: new Sqlite3Dialect({ filename: join(dir, 'd.sqlite') }) });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    schema = `t_migr_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const pool = new pg.Pool({ connectionString: PG_URL, max: 1, options: `-c search_path=${schema}` });
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    const s = schema;
    cleanup = () => dropPgSchema(PG_URL, s);
  }
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    allowUnorderedMigrations: true,
    // Kysely looks for its own tables in every schema unless told which (as server/db/open.ts does)
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const columnsOf = async (table: string) => {
    // On PostgreSQL only our schema is read: Kysely's introspection reads every schema, and another test file
    // dropping its own schema at that moment fails it ("schema … does not exist").
    if (schema) {
      const r = await sql<{ column_name: string }>`select column_name from information_schema.columns
        where table_schema = ${schema} and table_name = ${table}`.execute(db);
      return r.rows.map((c) => c.column_name).sort();
    }
    const tables = await db.introspection.getTables();
    return (tables.find((t) => t.name === table)?.columns ?? []).map((c) => c.name).sort();
  };
  const before = async (name: string) => {
    const names = Object.keys(await migrationProvider.getMigrations()).sort();
    return names[names.indexOf(name) - 1]!;
  };
  try {
    await fn({ db, migrator, schema, columnsOf, before });
  } finally {
    await db.destroy();
    await cleanup();
  }
}
