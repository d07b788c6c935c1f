// What a station database file holds, read on its own connection: is it whole (integrity_check), whose is
// it (the community), how much is in it, when was it last changed, and how much of it the district has not
// seen yet. Used to check each new backup and to preview a backup before a restore.
import sqlite3 from 'sqlite3';

export interface DatabaseFacts {
  integrityOk: boolean;
  /** The first problem integrity_check reported, when it is not whole. */
  problem: string | null;
  communityCode: string | null;
  counts: { residents: number; households: number; employers: number; vacancies: number; cards: number };
  /** Total rows of those tables plus the outbox: the "row count" each backup is checked with. */
  rows: number;
  /** Time of the newest outbox entry (the last change anyone made on that PC). */
  lastChangeAt: string | null;
  /** Entries not yet accepted by the district, and the age of the oldest. */
  unsynced: number;
  oldestUnsyncedAt: string | null;
  /** The newest migration the file has run (its schema version). */
  schema: string | null;
}

function open(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) =>
    db.all(sql, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  );
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

const COUNTED = ['residents', 'households', 'employers', 'vacancies', 'cards'] as const;

/**
 * Reads the facts of a station database file. `full`: integrity_check (every page and index); otherwise
 * quick_check. `prepare`: first switch the file to rollback journal (a fresh backup copy carries the live
 * file's WAL flag; a file that is left alone must not need a -wal/-shm to be read).
 */
export async function inspectDatabase(
  file: string,
  opts: { full?: boolean; prepare?: boolean } = {},
): Promise<DatabaseFacts> {
  const db = await open(file, opts.prepare ? sqlite3.OPEN_READWRITE : sqlite3.OPEN_READONLY);
  try {
    if (opts.prepare) await all(db, 'pragma journal_mode = delete');
    const check = await all<Record<string, string>>(
      db,
      opts.full ? 'pragma integrity_check(5)' : 'pragma quick_check(5)',
    );
    const first = check[0] ? Object.values(check[0])[0] : 'no answer';
    const integrityOk = check.length === 1 && first === 'ok';
    const tables = new Set(
      (await all<{ name: string }>(db, "select name from sqlite_master where type = 'table'")).map(
        (r) => r.name,
      ),
    );
    if (!tables.has('meta') || !tables.has('outbox') || !tables.has('residents'))
      throw new NotAStationDatabase();
    const counts = { residents: 0, households: 0, employers: 0, vacancies: 0, cards: 0 };
    let rows = 0;
    for (const t of COUNTED) {
      if (!tables.has(t)) continue;
      const n = Number((await all<{ n: number }>(db, `select count(*) as n from ${t}`))[0]?.n ?? 0);
      counts[t] = n;
      rows += n;
    }
    const ob = (
      await all<{ n: number; last: string | null; pending: number; oldest: string | null }>(
        db,
        `select count(*) as n, max(created_at) as last,
                sum(case when state = 'pending' then 1 else 0 end) as pending,
                min(case when state = 'pending' then created_at end) as oldest
           from outbox`,
      )
    )[0];
    rows += Number(ob?.n ?? 0);
    const community = await all<{ value: string }>(db, "select value from meta where key = 'community_code'");
    const schema = tables.has('kysely_migration')
      ? await all<{ name: string }>(db, 'select name from kysely_migration order by name desc limit 1')
      : [];
    return {
      integrityOk,
      problem: integrityOk ? null : String(first).slice(0, 200),
      communityCode: community[0]?.value ?? null,
      counts,
      rows,
      lastChangeAt: ob?.last ?? null,
      unsynced: Number(ob?.pending ?? 0),
      oldestUnsyncedAt: ob?.oldest ?? null,
      schema: schema[0]?.name ?? null,
    };
  } finally {
    await close(db);
  }
}

export class NotAStationDatabase extends Error {
  constructor() {
    super('not a station database');
  }
}

/** SQLite's words for a file that is damaged or not a database at all. */
export function isCorruption(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error)?.message ?? '';
  return (
    e instanceof NotAStationDatabase ||
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    /SQLITE_CORRUPT|SQLITE_NOTADB|malformed|not a database/i.test(msg)
  );
}
