// Opens (and migrates) a station database file. WAL so reads never wait on the writer; foreign keys on;
// synchronous=NORMAL is safe under WAL (a power cut loses at most the last commit, never corrupts).
import { Kysely, sql } from 'kysely';
import type sqlite3 from 'sqlite3';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { Sqlite3Dialect, type SqliteCipher } from '../../nodelib/sqlite3Dialect';
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
  /** Encryption at rest with a SQLCipher build of sqlite3 (bench/cipher.ts measures its cost). */
  cipher?: SqliteCipher;
}

export async function openDatabase(filename: string, hooks: OpenHooks = {}): Promise<Kysely<StationDB>> {
  const db = new Kysely<StationDB>({
    dialect: new Sqlite3Dialect({
      filename,
      onOpen: PRAGMAS,
      ...(hooks.onConnection ? { onConnection: hooks.onConnection } : {}),
      ...(hooks.cipher ? { cipher: hooks.cipher } : {}),
    }),
  });
  if (hooks.beforeMigrate) {
    const known = await stationMigrator(db).getMigrations();
    const pending = known.filter((m) => !m.executedAt).map((m) => m.name);
    if (pending.length && pending.length < known.length) await hooks.beforeMigrate(db, pending);
  }
  await migrateToLatest(db);
  // Let SQLite refresh its planner statistics where they are missing or stale (cheap; SQLite ≥ 3.46).
  await sql`pragma optimize = 0x10002`.execute(db);
  return db;
}

/**
 * Migrations land from parallel work in any order of their numbers: a PC that already ran 0015 must still
 * take a later-landed 0011 (Kysely refuses that by default), so unordered migrations are allowed. Each
 * migration therefore depends only on the tables of migrations numbered below the oldest one still open.
 */
export function stationMigrator(db: Kysely<any>, provider: MigrationProvider = migrationProvider): Migrator {
  return new Migrator({ db, provider, allowUnorderedMigrations: true });
}

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = stationMigrator(db);
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${String(error)}`);
  }
}
