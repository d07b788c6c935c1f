// Backing up and restoring the district database (SQLite under --data). Guards "Time goes forward"
// (DESIGN.md): a restored database is an older history, so the restore always declares a new epoch, and
// stations then re-send what it lacks and re-download their community. PostgreSQL is backed up with
// pg_dump and restored with pg_restore, then `mark-restored` declares the epoch (server/cli.ts says so).
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { Sqlite3Dialect } from '../nodelib/sqlite3Dialect';
import { openStore, type Store } from './db/open';
import { SyncError } from './errors';
import { currentEpoch, declareEpoch } from './sync/epoch';

export const SQLITE_FILE = 'district.sqlite';

/** A consistent copy of the live database in one file (VACUUM INTO: safe while the server runs). */
export async function backupSqlite(dataDir: string, to: string): Promise<{ bytes: number }> {
  if (!existsSync(join(dataDir, SQLITE_FILE)))
    throw new SyncError('invalid_input', `${dataDir} 下没有区数据库（${SQLITE_FILE}），请核对 --data`);
  if (existsSync(to)) throw new SyncError('invalid_input', `备份文件已存在，不会覆盖：${to}`);
  const store = await openStore({ dataDir });
  try {
    await sql`vacuum into ${to}`.execute(store.db);
  } finally {
    await store.close();
  }
  return { bytes: statSync(to).size };
}

/** Is `file` a district database (not a station's, not something else)? */
async function checkBackup(file: string): Promise<void> {
  const db = new Kysely<any>({ dialect: new Sqlite3Dialect({ filename: file }) });
  try {
    const ok = await sql<{ quick_check: string }>`pragma quick_check`.execute(db);
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      db,
    );
    const names = new Set(tables.rows.map((r) => r.name));
    if (ok.rows[0]?.quick_check !== 'ok' || !['stations', 'sync_log', 'sync_rows'].every((t) => names.has(t)))
      throw new Error('not a district database');
  } catch {
    throw new SyncError('invalid_input', `这个文件不是完好的区数据库备份：${file}`);
  } finally {
    await db.destroy();
  }
}

export interface RestoreResult {
  epoch: string;
  /** Where the database that was replaced is kept (null when there was none). */
  keptAs: string | null;
}

/**
 * Puts the backup `from` in place of the database under `dataDir` and declares a new epoch. The server
 * must be stopped. The replaced database is kept beside it (a restore from the wrong file can be undone).
 */
export async function restoreSqlite(
  dataDir: string,
  from: string,
  now: Date = new Date(),
): Promise<RestoreResult> {
  if (!existsSync(from)) throw new SyncError('invalid_input', `找不到备份文件：${from}`);
  const target = join(dataDir, SQLITE_FILE);
  const incoming = `${target}.restoring`;
  rmSync(incoming, { force: true });
  copyFileSync(from, incoming);
  try {
    await checkBackup(incoming);
  } catch (e) {
    rmSync(incoming, { force: true });
    throw e;
  }
  let keptAs: string | null = null;
  if (existsSync(target)) {
    keptAs = join(dataDir, `district.before-restore-${now.toISOString().replace(/[:.]/g, '-')}.sqlite`);
    await backupSqlite(dataDir, keptAs);
  }
  // A WAL left by the replaced database would be replayed onto the restored one: remove it first.
  for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
  renameSync(incoming, target);
  const store = await openStore({ dataDir });
  try {
    return { epoch: await markRestored(store, now), keptAs };
  } finally {
    await store.close();
  }
}

/** Declares that the database was restored (a new epoch). For PostgreSQL after pg_restore. */
export async function markRestored(store: Store, now: Date = new Date()): Promise<string> {
  return declareEpoch(store, await currentEpoch(store.db), 'restore', now.toISOString());
}
