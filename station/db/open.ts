// Opens (and migrates) a station database file. WAL so reads never wait on the writer; foreign keys on;
// synchronous=NORMAL is safe under WAL (a power cut loses at most the last commit, never corrupts).
import { Kysely, sql } from 'kysely';
import type sqlite3 from 'sqlite3';
import { Migrator } from 'kysely/migration';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { migrationProvider } from './migrations';
import type { StationDB } from './schema';

export const PRAGMAS = [
  'pragma journal_mode = wal',
  'pragma foreign_keys = on',
  'pragma synchronous = normal',
  'pragma temp_store = memory',
  'pragma cache_size = -32000',
];

export interface OpenHooks {
  onConnection?: (raw: sqlite3.Database) => void;
  /** Runs before pending migrations touch a database that already holds data (the station backs up). */
  beforeMigrate?: (db: Kysely<StationDB>, pending: string[]) => Promise<void>;
}

export async function openDatabase(filename: string, hooks: OpenHooks = {}): Promise<Kysely<StationDB>> {
  const db = new Kysely<StationDB>({
    dialect: new Sqlite3Dialect({
      filename,
      onOpen: PRAGMAS,
      ...(hooks.onConnection ? { onConnection: hooks.onConnection } : {}),
    }),
  });
  if (hooks.beforeMigrate) {
    const known = await new Migrator({
      db,
      provider: migrationProvider,
      allowUnorderedMigrations: true,
    }).getMigrations();
    const pending = known.filter((m) => !m.executedAt).map((m) => m.name);
    if (pending.length && pending.length < known.length) await hooks.beforeMigrate(db, pending);
  }
  await migrateToLatest(db);
  // Let SQLite refresh its planner statistics where they are missing or stale (cheap; SQLite ≥ 3.46).
  await sql`pragma optimize = 0x10002`.execute(db);
  return db;
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}`);
  }
}
