// Opens the server's store: embedded SQLite in the data folder by default, PostgreSQL when a URL is given.
// Both run the same migrations. Nothing about sync lives in process memory, so several instances may share
// one PostgreSQL: order comes from row locks taken inside each transaction (see sync/log.ts).
import { join } from 'node:path';
import {
  Kysely,
  PostgresDialect,
  sql,
  type DatabaseIntrospector,
  type TableMetadata,
  type Transaction,
} from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { preparePrivateDatabase, tightenDatabaseFiles } from '../../nodelib/privateData';
import { migrationProvider } from './migrations';
import type { ServerDB } from './schema';

export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<ServerDB>;
  kind: StoreKind;
  /** One transaction, retried when PostgreSQL aborts it for a deadlock, a serialization failure or a
   * unique-key race between instances (the retry then sees the winner's row). */
  transaction<T>(fn: (trx: Transaction<ServerDB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir?: string;
  databaseUrl?: string;
  /** PostgreSQL schema to work in (created if missing); tests use one per file. */
  pgSchema?: string;
}

const SQLITE_PRAGMAS = [
  // a new store can give the room compaction frees back to the file system (incremental_vacuum after each
  // compaction, sync/compact.ts); set before the first table, a no-op on a store made before (migration 0022)
  'pragma auto_vacuum = incremental',
  'pragma journal_mode = wal',
  'pragma synchronous = normal',
  'pragma temp_store = memory',
  'pragma cache_size = -64000',
  // A push batch writes several MB (rows, log, receipts): checkpoint every ~64 MB of WAL instead of every
  // 4 MB, so a batch's commit rarely pays for a checkpoint. Durability is unchanged (WAL, synchronous=normal).
  'pragma wal_autocheckpoint = 16000',
  // …and once a checkpoint has copied it all (after each compaction too), the WAL starts over cut to 16 MB
  // instead of keeping the largest size it ever had
  'pragma journal_size_limit = 16777216',
];

const RETRYABLE_PG = new Set(['40P01', '40001', '23505']);

export async function openStore(opts: StoreOptions): Promise<Store> {
  let db: Kysely<ServerDB>;
  let kind: StoreKind;
  let sqliteFile: string | null = null;
  if (opts.databaseUrl) {
    kind = 'postgres';
    if (opts.pgSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.pgSchema))
      throw new Error(`invalid schema name ${opts.pgSchema}`);
    if (opts.pgSchema) {
      const admin = new pg.Client({ connectionString: opts.databaseUrl });
      await admin.connect();
      try {
        await admin.query(`create schema if not exists ${opts.pgSchema}`);
      } finally {
        await admin.end();
      }
    }
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      // The district's report queries group 300,000 residents in well under a second: PostgreSQL's JIT
      // compiles them for ~150 ms before running them, and the default 4 MB work_mem sends their sort to disk.
      options: [
        '-c jit=off',
        '-c work_mem=32MB',
        ...(opts.pgSchema ? [`-c search_path=${opts.pgSchema}`] : []),
      ].join(' '),
    });
    const schema = opts.pgSchema ?? 'public';
    db = new Kysely<ServerDB>({ dialect: new SchemaScopedPostgresDialect({ pool }, schema) });
  } else {
    if (!opts.dataDir) throw new Error('需要 --data <目录> 或环境变量 DATABASE_URL');
    kind = 'sqlite';
    // every station's residents and the stations' credential hashes: the folder 0700, the files 0600
    sqliteFile = join(opts.dataDir, 'district.sqlite');
    preparePrivateDatabase(opts.dataDir, sqliteFile);
    db = new Kysely<ServerDB>({
      dialect: new Sqlite3Dialect({
        filename: sqliteFile,
        onOpen: SQLITE_PRAGMAS,
        busyTimeoutMs: 10_000,
      }),
    });
  }
  // Kysely looks for its migration tables in every schema unless told which: name ours (other schemas on
  // the same database, e.g. other test runs, would otherwise make it skip creating them).
  // a named schema exists before the migrator looks for its tables in it (several servers may start at once)
  if (kind === 'postgres' && opts.pgSchema) {
    try {
      await sql`create schema if not exists ${sql.id(opts.pgSchema)}`.execute(db);
    } catch (err) {
      // two creators at once: the other one made it
      if (!['23505', '42P06'].includes((err as { code?: string }).code ?? '')) throw err;
    }
  }
  await migrate(db, kind === 'postgres' ? (opts.pgSchema ?? 'public') : undefined);
  if (sqliteFile) tightenDatabaseFiles(sqliteFile); // the -wal/-shm SQLite made while migrating
  return {
    db,
    kind,
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction().execute(fn);
        } catch (err) {
          const code = (err as { code?: string }).code;
          if (kind !== 'postgres' || !code || !RETRYABLE_PG.has(code) || attempt >= 6) throw err;
        }
      }
    },
    close: () => db.destroy(),
  };
}

async function migrate(db: Kysely<any>, schema: string | undefined): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    // migrations land from parallel work in any order of their numbers (0005 landed after 0006): a district
    // database that ran a higher number must still take a lower one that landed later
    allowUnorderedMigrations: true,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}`);
  }
}

/** Drops a test schema (PostgreSQL only). */
export async function dropPgSchema(databaseUrl: string, schema: string): Promise<void> {
  const db = new Kysely<any>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 1 }) }),
  });
  try {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
  } finally {
    await db.destroy();
  }
}

/**
 * Kysely's PostgreSQL introspector (which its Migrator calls to see whether its own tables exist) reads the
 * columns of every table in every schema and calls pg_get_serial_sequence on each: another server on the
 * same database dropping its schema at that moment fails our migration with "schema … does not exist".
 * This one looks at our own schema only, and only at what the Migrator asks: which tables exist.
 */
class SchemaScopedPostgresDialect extends PostgresDialect {
  constructor(
    config: ConstructorParameters<typeof PostgresDialect>[0],
    private readonly schema: string,
  ) {
    super(config);
  }

  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    const schema = this.schema;
    const tables = async (): Promise<TableMetadata[]> => {
      const { rows } = await sql<{ name: string; isView: boolean }>`
        select table_name as name, table_type = 'VIEW' as "isView"
        from information_schema.tables where table_schema = ${schema}`.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: r.isView, isForeign: false, columns: [] }));
    };
    return {
      getSchemas: async () => [{ name: schema }],
      getTables: tables,
    };
  }
}
