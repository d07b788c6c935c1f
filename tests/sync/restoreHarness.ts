// A district server that can be backed up, stopped, restored and started again at the same address (the
// stations keep their server URL): by the restore command (library or CLI), by copying the old database
// file back by hand, or on PostgreSQL with pg_dump / pg_restore (with or without `mark-restored`).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, dropPgSchema, type DistrictServer } from '../../server/index';
import { backupSqlite, markRestored, restoreSqlite, SQLITE_FILE } from '../../server/backup';
import { PG_URL, type District } from './harness';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

/** command: the restore command (SQLite) or pg_restore + mark-restored (PostgreSQL); copy: by hand only. */
export type RestoreHow = 'command' | 'cli' | 'copy';

export interface RestorableDistrict extends District {
  backup(opts?: { cli?: boolean }): Promise<void>;
  /** Stops the server, puts the backup back `how`, starts it again on the same port. */
  restore(how: RestoreHow): Promise<void>;
}

export function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_CLI, ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      cwd: join(import.meta.dirname, '../..'),
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

export async function startRestorableDistrict(opts: { pg?: boolean } = {}): Promise<RestorableDistrict> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-restore-'));
  const pgSchema = opts.pg ? `restore_test_${randomBytes(4).toString('hex')}` : undefined;
  const backupFile = join(dir, opts.pg ? 'backup.dump' : 'backup.sqlite');
  const dataDir = join(dir, 'data');
  const open = (): Promise<DistrictServer> =>
    createServer(pgSchema ? { databaseUrl: PG_URL, pgSchema } : { dataDir });
  const first = await open();
  const url = await first.listen();
  const port = Number(new URL(url).port);

  const d: RestorableDistrict = {
    server: first,
    url,
    cli: pgSchema
      ? { args: [], env: { DATABASE_URL: PG_URL, PGSCHEMA: pgSchema } }
      : { args: ['--data', dataDir], env: { DATABASE_URL: '' } },
    async backup({ cli = false } = {}) {
      if (pgSchema) execFileSync('pg_dump', ['-Fc', '-n', pgSchema, '-f', backupFile, PG_URL]);
      else if (cli) {
        const r = await runCli(['backup', '--data', dataDir, '--to', backupFile]);
        if (r.code !== 0) throw new Error(`backup failed: ${r.out}`);
      } else await backupSqlite(dataDir, backupFile);
    },
    async restore(how) {
      await d.server.close();
      if (pgSchema) {
        await dropPgSchema(PG_URL, pgSchema);
        execFileSync('pg_restore', ['-d', PG_URL, backupFile]);
      } else if (how === 'command') await restoreSqlite(dataDir, backupFile);
      else if (how === 'cli') {
        const r = await runCli(['restore', '--data', dataDir, '--from', backupFile]);
        if (r.code !== 0) throw new Error(`restore failed: ${r.out}`);
      } else {
        // by hand, the server stopped: the old file over the current one (a careful person also removes
        // the current database's -wal/-shm, which would not belong to the old file)
        copyFileSync(backupFile, join(dataDir, SQLITE_FILE));
        for (const suffix of ['-wal', '-shm']) rmSync(join(dataDir, SQLITE_FILE + suffix), { force: true });
      }
      d.server = await open();
      if (pgSchema && how !== 'copy') await markRestored(d.server.store);
      await d.server.listen({ port });
    },
    async close() {
      await d.server.close();
      if (pgSchema) await dropPgSchema(PG_URL, pgSchema);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return d;
}
