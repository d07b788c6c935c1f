// The station's online backup: SQLite's backup API (sqlite3_backup_step) driven a few pages at a time on the
// station's own connection. Each step takes the connection between two calls (the dialect's mutex), so a
// save waits at most one step, never for the whole copy, and a step never lands inside an open transaction;
// writes made through this same connection between steps are carried into the copy by SQLite itself.
// The copy is written as `<name>.partial` and renamed only after it passed `integrity_check`: a backup file
// that exists is a complete, checked one. Read DESIGN.md "Data" and station/backups/store.ts before changing.
import { rmSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type sqlite3 from 'sqlite3';

export interface LiveDatabase {
  db: Kysely<any>;
  raw: sqlite3.Database;
}

export interface CopyOptions {
  /** Pages per step (4 KB each). 256 pages ≈ 1 MB ≈ a few ms of holding the connection. */
  pagesPerStep?: number;
  /** Called after every step (progress; tests remove the folder here to prove a clean failure). */
  onStep?: (remaining: number, pageCount: number) => void | Promise<void>;
}

type Backup = {
  step(pages: number, cb: (err: Error | null, done?: boolean) => void): void;
  finish(cb: (err: Error | null) => void): void;
  remaining: number;
  pageCount: number;
  completed: boolean;
  failed: boolean;
};

/** Copies the live database into `dest` (created; must not exist). Throws on any I/O failure. */
export async function copyLive(live: LiveDatabase, dest: string, opts: CopyOptions = {}): Promise<void> {
  const pages = opts.pagesPerStep ?? 256;
  const backup = await new Promise<Backup>((resolve, reject) => {
    const b = (
      live.raw as unknown as {
        backup(f: string, d: string, s: string, isDest: boolean, cb: (e: Error | null) => void): Backup;
      }
    ).backup(dest, 'main', 'main', true, (err) => (err ? reject(err) : resolve(b)));
  });
  try {
    for (;;) {
      const done = await live.db
        .connection()
        .execute(
          () =>
            new Promise<boolean>((resolve, reject) =>
              backup.step(pages, (err, completed) => (err ? reject(err) : resolve(Boolean(completed)))),
            ),
        );
      if (done || backup.completed) break;
      if (backup.failed) throw new Error('backup failed');
      await opts.onStep?.(backup.remaining, backup.pageCount);
    }
  } catch (e) {
    await finish(backup).catch(() => undefined);
    rmSync(dest, { force: true });
    rmSync(dest + '-journal', { force: true });
    throw e;
  }
  await finish(backup);
}

/** Puts the whole of `source` into the live database, in place (restore): same connection, one step. */
export async function copyIntoLive(live: LiveDatabase, source: string): Promise<void> {
  await live.db.connection().execute(async () => {
    const backup = await new Promise<Backup>((resolve, reject) => {
      const b = (
        live.raw as unknown as {
          backup(f: string, d: string, s: string, isDest: boolean, cb: (e: Error | null) => void): Backup;
        }
      ).backup(source, 'main', 'main', false, (err) => (err ? reject(err) : resolve(b)));
    });
    try {
      await new Promise<void>((resolve, reject) => backup.step(-1, (err) => (err ? reject(err) : resolve())));
    } finally {
      await finish(backup);
    }
  });
}

function finish(b: Backup): Promise<void> {
  return new Promise((resolve, reject) => b.finish((err) => (err ? reject(err) : resolve())));
}
