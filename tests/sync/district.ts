// The district server under test on embedded SQLite in a temp folder, with what the district's admin does
// beside it through a separate connection: enrol stations, take an online backup (VACUUM INTO), move people
// and decide merge tasks as its CLI does, read the district's rows. As a child process (kill -9 is real) or, for fast replays while shrinking a failure, in
// this process (a "kill" is then a close). Either way it restarts on the same port, and a restore copies the
// backup over the database (without its -wal/-shm) before the next start.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { createServer, type DistrictServer } from '../../server/index';
import { openStore, type Store } from '../../server/db/open';
import type { ServerDB } from '../../server/db/schema';
import { addStation } from '../../server/stations';
import type { ServerContext } from '../../server/context';
import { startServerProcess, type Child } from './processes';

export interface DistrictUnderTest {
  kind: 'process' | 'inprocess';
  /** The server's own address (stations reach it through their fault proxies). */
  url: string;
  running(): boolean;
  addStation(community: string): Promise<{ code: string; stationId: string }>;
  /** The admin's own connection to the district database (reads for the checks). */
  db(): Kysely<ServerDB>;
  /** The same connection as the district's CLI uses it: transfers, merge decisions. */
  ctx(): ServerContext;
  /** Online backup of the running server's database through the admin connection. */
  backup(): Promise<void>;
  hasBackup(): boolean;
  /** kill -9 (in-process: close). Synchronous start, so a proxy hook can call it at an exact point. */
  kill(): void;
  /** Waits for the kill to complete, then starts again on the same port. */
  restart(): Promise<void>;
  /** kill -9, the backup copied over the database (no -wal/-shm), start again. */
  restoreBackup(): Promise<void>;
  tail(): string;
  close(): Promise<void>;
}

export async function startDistrictUnderTest(kind: 'process' | 'inprocess'): Promise<DistrictUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-converge-district-'));
  const file = join(dir, 'district.sqlite');
  const backupFile = join(mkdtempSync(join(tmpdir(), 'liuqing-converge-backup-')), 'district.sqlite');
  let port = 0;
  let url = '';
  let proc: Child | null = null;
  let server: DistrictServer | null = null;
  let stopping: Promise<unknown> = Promise.resolve();
  let admin: Store | null = null;

  const start = async () => {
    if (kind === 'process') {
      proc = await startServerProcess(dir, port);
      url = proc.url;
    } else {
      server = await createServer({ dataDir: dir });
      url = await server.listen({ port });
    }
    port = Number(new URL(url).port);
    admin = await openStore({ dataDir: dir });
  };
  const closeAdmin = async () => {
    const a = admin;
    admin = null;
    await a?.close();
  };
  const kill = () => {
    if (proc) {
      stopping = proc.kill9();
      proc = null;
    } else if (server) {
      stopping = server.close();
      server = null;
    }
  };

  await start();
  const d: DistrictUnderTest = {
    kind,
    get url() {
      return url;
    },
    running: () => proc !== null || server !== null,
    async addStation(community) {
      if (!admin) throw new Error('district is down');
      const s = await addStation({ store: admin, now: () => new Date(), retentionMs: undefined }, community);
      return { code: s.code, stationId: s.stationId };
    },
    db() {
      if (!admin) throw new Error('district is down');
      return admin.db;
    },
    ctx() {
      if (!admin) throw new Error('district is down');
      return { store: admin, now: () => new Date(), retentionMs: undefined };
    },
    async backup() {
      if (!admin) throw new Error('district is down');
      rmSync(backupFile, { force: true });
      await sql`vacuum into ${backupFile}`.execute(admin.db);
    },
    hasBackup: () => existsSync(backupFile),
    kill,
    async restart() {
      kill();
      await stopping;
      await closeAdmin();
      await start();
    },
    async restoreBackup() {
      kill();
      await stopping;
      await closeAdmin();
      copyFileSync(backupFile, file);
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
      await start();
    },
    tail: () => proc?.tail() ?? '',
    async close() {
      kill();
      await stopping;
      await closeAdmin();
      rmSync(dir, { recursive: true, force: true });
      rmSync(join(backupFile, '..'), { recursive: true, force: true });
    },
  };
  return d;
}
