// Migration 0022 — frozen: never import app code here, never edit after release; add a new file instead.
// Issue 14 at the district: the SQLite store gives the room compaction frees back to the file system. A
// store made from now on is made with auto_vacuum = incremental (server/db/open.ts sets it before the first
// table), and compaction returns its free pages in small steps (sync/compact.ts). A store made before this
// had auto_vacuum off, which only a VACUUM can change: it runs here, once, while the server starts and before
// it answers any station (stations retry meanwhile; no push waits inside a transaction on it). It rewrites
// the file (59 MB took 1.2 s at a load of 12 on this kind of machine) and needs that much free disk beside
// it. PostgreSQL: nothing (compaction's plain vacuum and reindex give its room back).
import { SqliteAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  const mode = await sql<{ auto_vacuum: number }>`pragma auto_vacuum`.execute(db);
  if (Number(mode.rows[0]?.auto_vacuum ?? 0) === 2) return;
  await sql`pragma auto_vacuum = incremental`.execute(db);
  await sql`vacuum`.execute(db);
}

export async function down(): Promise<void> {}
