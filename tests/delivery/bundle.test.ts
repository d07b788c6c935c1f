// The USB bundle through the real district server, on SQLite and PostgreSQL: a station whose line is down
// writes its pending work to a sealed file; `npm run server -- import-bundle` applies it with the verdicts of
// an online push and writes a receipt; the station reads the receipt and its entries are acked. Twice
// changes nothing; a tampered, foreign or revoked station's bundle is refused with nothing written.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
  COMMUNITY_A,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { importBundle } from '../../server/delivery/importBundle';
import { BundleRefused } from '../../nodelib/bundle';
import { requireVersion } from '../../server/delivery/releases';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

function runCli(d: District, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_CLI, ...args, ...d.cli.args], {
      env: { ...process.env, ...d.cli.env },
      cwd: join(import.meta.dirname, '../..'),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function serverResidents(d: District): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from sync_rows where entity = 'residents'`.execute(
    d.server.db,
  );
  return Number(r.rows[0]!.n);
}

async function logLength(d: District): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from sync_log`.execute(d.server.db);
  return Number(r.rows[0]!.n);
}

async function pending(s: SyncedStation): Promise<number> {
  return (await s.call('sync.unsynced', {})).count;
}

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: the USB bundle', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let usb: string;
  beforeEach(async () => {
    d = await startDistrict({ pg });
    a = await enrolledStation(d, COMMUNITY_A);
    usb = mkdtempSync(join(tmpdir(), 'liuqing-usb-'));
  });
  afterEach(async () => {
    await a?.close();
    await d?.close();
    rmSync(usb, { recursive: true, force: true });
  });

  it(
    'goes to the district and back: applied once, receipt clears the outbox, twice changes nothing',
    { timeout: 90_000 },
    async () => {
      const person = peopleFrom(1301);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const p = person();
        ids.push(
          ((await a.call('residents.create', { name: p.name, idNumber: p.idNumber })) as { id: string }).id,
        );
      }
      await a.call('residents.update' as never, { id: ids[0], phone: '13900001111' } as never);
      const before = await pending(a);
      expect(before).toBeGreaterThanOrEqual(4);
      const unsynced = await a.call('sync.unsynced', {});
      expect(unsynced.oldestAt).not.toBeNull();

      const written = await a.call('sync.exportBundle', { dir: usb });
      expect(written.entries).toBe(before);
      expect(statSync(written.file).mode & 0o777).toBe(0o600);
      // sealed: no name or ID number readable in the file
      const text = readFileSync(written.file, 'utf8');
      expect(text).not.toContain(ids[0]!);

      const out = await runCli(d, ['import-bundle', '--file', written.file]);
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(`共 ${before} 条`);
      expect(await serverResidents(d)).toBe(3);
      const receiptFile = written.file.replace('六清数据包', '六清回执');
      expect(statSync(receiptFile).mode & 0o777).toBe(0o600);

      // the same bundle again: nothing new at the district, answered with the verdicts it gave the first time
      const logBefore = await logLength(d);
      const again = await importBundle(d.server.ctx, text);
      expect(again.again).toBe(true);
      expect(again.counts).toEqual({ applied: before, merged: 0, conflict: 0, rejected: 0, duplicate: 0 });
      expect(await serverResidents(d)).toBe(3);
      expect(await logLength(d)).toBe(logBefore);

      const read = await a.call('sync.importReceipt', { file: receiptFile });
      expect(read.accepted).toBe(before);
      expect(await pending(a)).toBe(0);
      const twice = await a.call('sync.importReceipt', { file: receiptFile });
      expect(twice).toMatchObject({ accepted: 0, rejected: 0, alreadyDone: before });

      // the line is back: the online sync carries on after what the bundle delivered
      const p = person();
      await a.call('residents.create', { name: p.name, idNumber: p.idNumber });
      const synced = await a.sync();
      expect(synced.pushed).toBe(1);
      expect(synced.rejected).toBe(0);
      expect(await serverResidents(d)).toBe(4);
    },
  );

  it(
    'refuses a tampered bundle, another district’s and a revoked station’s, writing nothing',
    { timeout: 90_000 },
    async () => {
      const p = peopleFrom(1302)();
      await a.call('residents.create', { name: p.name, idNumber: p.idNumber });
      const written = await a.call('sync.exportBundle', { dir: usb });
      const text = readFileSync(written.file, 'utf8');
      const file = JSON.parse(text) as Record<string, string>;

      const flipped = { ...file, data: (file.data![0] === 'A' ? 'B' : 'A') + file.data!.slice(1) };
      await expect(importBundle(d.server.ctx, JSON.stringify(flipped))).rejects.toMatchObject({
        reason: 'tampered',
      });
      const renamed = { ...file, createdAt: '2020-01-01T00:00:00.000Z' };
      await expect(importBundle(d.server.ctx, JSON.stringify(renamed))).rejects.toMatchObject({
        reason: 'tampered',
      });
      await expect(importBundle(d.server.ctx, 'not a bundle')).rejects.toBeInstanceOf(BundleRefused);
      const cli = await runCli(d, ['import-bundle', '--file', written.file + '.missing']);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('读不到数据包文件');

      // a bundle from a station of another district
      const other = await startDistrict({ pg });
      const stranger = await enrolledStation(other, COMMUNITY_A);
      try {
        const q = peopleFrom(1303)();
        await stranger.call('residents.create', { name: q.name, idNumber: q.idNumber });
        const theirs = await stranger.call('sync.exportBundle', { dir: usb });
        await expect(importBundle(d.server.ctx, readFileSync(theirs.file, 'utf8'))).rejects.toMatchObject({
          reason: 'foreign',
          message: expect.stringContaining('不认识的工作站'),
        });
        // and a receipt of another station is not read at ours
        writeFileSync(join(usb, 'x.lqb'), readFileSync(theirs.file));
        await expect(a.call('sync.importReceipt', { file: join(usb, 'x.lqb') })).rejects.toMatchObject({
          code: 'invalid_input',
        });
      } finally {
        await stranger.close();
        await other.close();
      }

      // an old app is told to update; the bundle is refused whole
      await requireVersion(d.server.ctx, '9.0.0');
      await expect(importBundle(d.server.ctx, text)).rejects.toMatchObject({
        message: expect.stringContaining('太旧'),
      });
      await sql`delete from meta where key = 'min_app_version'`.execute(d.server.db);

      await d.server.revokeStation(a.stationId);
      await expect(importBundle(d.server.ctx, text)).rejects.toMatchObject({ reason: 'revoked' });
      expect(await serverResidents(d)).toBe(0);
      expect(await pending(a)).toBe(1);
    },
  );
});
