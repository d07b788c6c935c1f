// Kysely has no dialect for the `sqlite3` package (its built-in one targets better-sqlite3). sqlite3 is
// asynchronous and Node-API, so one build serves Node and Electron. One connection, guarded by a mutex:
// SQLite has one writer anyway, and a transaction must own the connection from BEGIN IMMEDIATE to COMMIT.
// Shared by the station core and the district server (nodelib/: plain Node code both may import).
import sqlite3 from 'sqlite3';
import {
  CompiledQuery,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

export interface Sqlite3DialectConfig {
  filename: string;
  /** Statements run once when the connection opens (pragmas). */
  onOpen?: readonly string[];
  /** How long a statement waits for another process's lock; default 5 s. */
  busyTimeoutMs?: number;
  /** Hands out the raw connection once open (the station's online backup drives sqlite3's Backup on it). */
  onConnection?: (raw: sqlite3.Database) => void;
  /** Encryption at rest: the `sqlite3` module to use (a build linked against SQLCipher) and the key. */
  cipher?: SqliteCipher;
}

export interface SqliteCipher {
  module: typeof sqlite3;
  /** The key as SQLCipher takes it (`pragma key`): a passphrase, or `x'<64 hex>'` for a raw 256-bit key. */
  key: string;
}

const RETURNS_ROWS = /^\s*(select|with|pragma|explain|values)\b|\breturning\b/i;

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const ready = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => next);
    return ready;
  }
}

function run(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<QueryResult<unknown>> {
  return new Promise((resolve, reject) => {
    // `all` for anything that returns rows (SELECT, RETURNING, PRAGMA, VALUES); `run` otherwise to learn changes.
    if (RETURNS_ROWS.test(sql)) {
      db.all(sql, params as unknown[], (err, rows) => (err ? reject(err) : resolve({ rows: rows ?? [] })));
    } else {
      db.run(sql, params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        if (err) return reject(err);
        resolve({
          rows: [],
          numAffectedRows: BigInt(this.changes),
          insertId: this.lastID === undefined ? undefined : BigInt(this.lastID),
        });
      });
    }
  });
}

/** Keys the connection, first thing, and proves the build can encrypt (a plain SQLite ignores `pragma key`). */
async function applyKey(db: sqlite3.Database, key: string): Promise<void> {
  await run(db, `pragma key = '${key.replaceAll("'", "''")}'`, []);
  const v = await run(db, 'pragma cipher_version', []);
  if (!(v.rows as Array<{ cipher_version?: string }>)[0]?.cipher_version)
    throw new Error('this sqlite3 build has no SQLCipher: the database cannot be encrypted');
  // a wrong key shows only at the first read
  await run(db, 'select count(*) from sqlite_master', []);
}

class Sqlite3Connection implements DatabaseConnection {
  constructor(readonly db: sqlite3.Database) {}
  executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return run(this.db, compiled.sql, compiled.parameters) as Promise<QueryResult<R>>;
  }
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported by the sqlite3 dialect');
  }
}

class Sqlite3Driver implements Driver {
  #db?: sqlite3.Database;
  #conn?: Sqlite3Connection;
  readonly #mutex = new Mutex();
  #release?: () => void;
  constructor(private readonly config: Sqlite3DialectConfig) {}

  async init(): Promise<void> {
    this.#db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const mod = this.config.cipher?.module ?? sqlite3;
      const db = new mod.Database(this.config.filename, (err) => (err ? reject(err) : resolve(db)));
    });
    this.#db.configure('busyTimeout', this.config.busyTimeoutMs ?? 5000);
    this.#conn = new Sqlite3Connection(this.#db);
    if (this.config.cipher) await applyKey(this.#db, this.config.cipher.key);
    for (const sql of this.config.onOpen ?? []) await run(this.#db, sql, []);
    this.config.onConnection?.(this.#db);
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock();
    return this.#conn!;
  }
  async beginTransaction(c: DatabaseConnection, _s: TransactionSettings): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    try {
      await c.executeQuery(CompiledQuery.raw('rollback'));
    } catch (e) {
      // SQLite rolls the whole transaction back by itself after SQLITE_FULL, IOERR or NOMEM; our rollback then
      // finds none, and its error would hide the one that matters (a full disk) from the caller.
      if (/no transaction is active/.test((e as Error)?.message ?? '')) return;
      throw e;
    }
  }
  async releaseConnection(): Promise<void> {
    const r = this.#release;
    this.#release = undefined;
    r?.();
  }
  async destroy(): Promise<void> {
    const db = this.#db;
    this.#db = undefined;
    if (db) await new Promise<void>((resolve, reject) => db.close((err) => (err ? reject(err) : resolve())));
  }
}

export class Sqlite3Dialect implements Dialect {
  constructor(private readonly config: Sqlite3DialectConfig) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new Sqlite3Driver(this.config);
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}
