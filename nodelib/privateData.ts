// Personal data at rest: a data folder holds every resident's ID number and income and the station's
// district credential, so no other account of the machine may read it. Folders are 0700 and files 0600,
// set explicitly (never left to the umask) and tightened again on every open, so a folder made by an older
// version (0755/0644) or copied in is closed too. Used by the station core and the district server.
//
// Windows: POSIX modes mean nothing there (Node's chmod only toggles the read-only flag). The data lives
// under the user's profile (%APPDATA%, Electron's userData), whose ACL already admits only that user,
// SYSTEM and administrators; so on win32 nothing is chmod-ed and the profile's ACL is what protects it.
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export interface PrivateDataOptions {
  /** The platform whose rules apply; tests pass 'win32' to prove nothing is chmod-ed there. */
  platform?: NodeJS.Platform;
}

/** True where chmod is honoured (everything but Windows). */
export function modesHonoured(platform: NodeJS.Platform = process.platform): boolean {
  return platform !== 'win32';
}

/**
 * Creates `dir` (and missing parents) 0700, or tightens it to 0700 when it exists. Files inside are not
 * touched here: a folder given on the command line may hold things that are not ours (`--data ~`), so
 * only the files we write are tightened, by name (ensurePrivateFile, tightenDatabaseFiles).
 */
export function ensurePrivateDir(dir: string, opts: PrivateDataOptions = {}): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // mkdir's mode passes through the umask, and an existing folder keeps its own: set it explicitly
  if (modesHonoured(opts.platform)) chmodSync(dir, PRIVATE_DIR_MODE);
}

/**
 * Creates `file` empty with mode 0600 when missing (so SQLite opens a file that was never readable by
 * others, and makes its -wal/-shm with the same mode), or tightens it to 0600 when present.
 */
export function ensurePrivateFile(file: string, opts: PrivateDataOptions = {}): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if (modesHonoured(opts.platform)) chmodSync(file, PRIVATE_FILE_MODE);
}

/** The files SQLite keeps beside a database: write-ahead log, shared memory, rollback journal. */
export const SQLITE_SIDECARS = ['-wal', '-shm', '-journal'] as const;

/**
 * A database file and whichever of its sidecars exist, to 0600. Run before opening (a -wal left by a crash
 * of an older version keeps its old mode) and after (SQLite made the -wal/-shm on the first query).
 */
export function tightenDatabaseFiles(dbFile: string, opts: PrivateDataOptions = {}): void {
  if (!modesHonoured(opts.platform)) return;
  for (const path of [dbFile, ...SQLITE_SIDECARS.map((s) => dbFile + s)]) {
    // lstat: a symlink is neither followed nor chmod-ed (chmod would change its target, wherever that is)
    const s = lstatSync(path, { throwIfNoEntry: false });
    if (s?.isFile() && (s.mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(path, PRIVATE_FILE_MODE);
  }
}

/** Prepares a database path: private folder, private (possibly new, empty) file, private sidecars. */
export function preparePrivateDatabase(dir: string, dbFile: string, opts: PrivateDataOptions = {}): void {
  ensurePrivateDir(dir, opts);
  tightenDatabaseFiles(dbFile, opts);
  ensurePrivateFile(dbFile, opts);
}
