// The server's own Kysely dialect over the `sqlite3` package (the layer rule keeps server/ off station/'s
// copy). One connection behind a mutex: SQLite has one writer, and a transaction must own the connection
// from BEGIN to COMMIT. Every push is `begin immediate`, so two pushes never interleave.
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
} from 'kysely';

const RETURNS_ROWS = /^\s*(select|with|pragma|explain|values)\b|\breturning\b/i;

function exec(db: sqlite3.Database, sql: string, params: readonly unknown[]): Promise<QueryResult<unknown>> {
  return new Promise((resolve, reject) => {
    if (RETURNS_ROWS.test(sql)) {
      db.all(sql, params as unknown[], (err, rows) => (err ? reject(err) : resolve({ rows: rows ?? [] })));
      return;
    }
    db.run(sql, params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
      if (err) return reject(err);
      resolve({ rows: [], numAffectedRows: BigInt(this.changes), insertId: BigInt(this.lastID ?? 0) });
    });
  });
}

class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const granted = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => held);
    return granted;
  }
}

class Connection implements DatabaseConnection {
  constructor(private readonly db: sqlite3.Database) {}
  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return exec(this.db, q.sql, q.parameters) as Promise<QueryResult<R>>;
  }
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streamQuery is not supported on the server sqlite dialect');
  }
}

class SqliteDriver implements Driver {
  #db?: sqlite3.Database;
  #conn?: Connection;
  #release?: () => void;
  readonly #lock = new Lock();
  constructor(private readonly filename: string, private readonly pragmas: readonly string[]) {}

  async init(): Promise<void> {
    const db = await new Promise<sqlite3.Database>((resolve, reject) => {
      const d = new sqlite3.Database(this.filename, (err) => (err ? reject(err) : resolve(d)));
    });
    db.configure('busyTimeout', 10_000);
    for (const p of this.pragmas) await exec(db, p, []);
    this.#db = db;
    this.#conn = new Connection(db);
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#lock.acquire();
    return this.#conn!;
  }
  async beginTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  async commitTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(c: DatabaseConnection): Promise<void> {
    await c.executeQuery(CompiledQuery.raw('rollback'));
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

export class ServerSqliteDialect implements Dialect {
  constructor(private readonly filename: string, private readonly pragmas: readonly string[] = []) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver(): Driver {
    return new SqliteDriver(this.filename, this.pragmas);
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}
