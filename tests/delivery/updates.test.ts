// Releases served by the real district server and read by electron-updater's own GenericProvider (its
// latest.yml parsing and file resolution), with staged rollout by station; the downloaded file's sha512
// matches what the metadata says, as electron-updater checks. Versions on the sync wire: a station too old
// for the district is told plainly and keeps working offline; entries of an unknown schema are never applied.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { COMMUNITY_A, enrolledStation, peopleFrom, startDistrict, type District } from '../sync/harness';
import { bucketOf, publishRelease, requireVersion } from '../../server/delivery/releases';
import { ENDPOINTS } from '../../shared/sync/protocol';
import { post } from '../../station/sync/transport';
import { pushResponse } from '../../shared/sync/protocol';
import { readSyncState } from '../../station/sync/state';
import { cliScript } from '../factories/cli';

// server/cli.ts bundled once for this file (tests/factories/cli.ts): a start in ~0.3 s, not ~4 s by npx tsx
const SERVER_CLI = await cliScript('server');

const require = createRequire(import.meta.url);
const { GenericProvider } = require('electron-updater/out/providers/GenericProvider') as {
  GenericProvider: new (
    config: { provider: 'generic'; url: string },
    updater: { channel: string | null; isAddNoCacheQuery: boolean },
    runtime: { executor: unknown; platform: string; isUseMultipleRangeRequest: boolean },
  ) => {
    setRequestHeaders(h: Record<string, string>): void;
    getLatestVersion(): Promise<{
      version: string;
      files: Array<{ url: string; sha512: string; size: number }>;
      path: string;
      sha512: string;
    }>;
    resolveFiles(info: unknown): Array<{ url: URL; info: { sha512: string } }>;
  };
};
const { NodeHttpExecutor } = require('builder-util/out/nodeHttpExecutor') as {
  NodeHttpExecutor: new () => unknown;
};

function providerFor(d: District, stationId?: string) {
  const p = new GenericProvider(
    { provider: 'generic', url: `${d.url}/updates` },
    { channel: null, isAddNoCacheQuery: false },
    { executor: new NodeHttpExecutor(), platform: 'win32', isUseMultipleRangeRequest: false },
  );
  if (stationId) p.setRequestHeaders({ 'x-liuqing-station': stationId });
  return p;
}

function stationIn(bucketBelow: number, want: boolean): string {
  for (;;) {
    const id = randomUUID();
    if (bucketOf(id) < bucketBelow === want) return id;
  }
}

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

let d: District;
let work: string;
beforeEach(async () => {
  d = await startDistrict();
  work = mkdtempSync(join(tmpdir(), 'liuqing-release-'));
});
afterEach(async () => {
  await d?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('releases for electron-updater', () => {
  it(
    'serves latest.yml that GenericProvider reads, by rollout bucket, and files whose sha512 matches',
    { timeout: 90_000 },
    async () => {
      const provider = providerFor(d);
      await expect(provider.getLatestVersion()).rejects.toMatchObject({
        code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND',
      });

      const v1 = join(work, 'liuqing-1.1.0-setup.exe');
      writeFileSync(v1, randomBytes(300_000));
      const cli = await runCli(d, ['publish-release', '--file', v1, '--version', '1.1.0']);
      expect(cli.stderr).toBe('');
      expect(cli.stdout).toContain('已发布 1.1.0');
      const v2 = join(work, 'liuqing-1.2.0-setup.exe');
      const bytes2 = randomBytes(200_000);
      writeFileSync(v2, bytes2);
      await publishRelease(d.server.ctx, d.server.ctx.releasesDir!, {
        file: v2,
        version: '1.2.0',
        rollout: 30,
      });

      const early = stationIn(30, true);
      const info = await providerFor(d, early).getLatestVersion();
      expect(info.version).toBe('1.2.0');
      const expected = createHash('sha512').update(bytes2).digest('base64');
      expect(info.files[0]).toMatchObject({
        url: 'liuqing-1.2.0-setup.exe',
        sha512: expected,
        size: 200_000,
      });
      const [file] = providerFor(d, early).resolveFiles(info);
      expect(file!.url.href).toBe(`${d.url}/updates/liuqing-1.2.0-setup.exe`);
      const downloaded = Buffer.from(await (await fetch(file!.url)).arrayBuffer());
      expect(createHash('sha512').update(downloaded).digest('base64')).toBe(file!.info.sha512);

      // the rest of the fleet, and a request without a station, stay on the release that reached everyone
      expect((await providerFor(d, stationIn(30, false)).getLatestVersion()).version).toBe('1.1.0');
      expect((await provider.getLatestVersion()).version).toBe('1.1.0');
      // widening the rollout is a second publish of the same file
      await publishRelease(d.server.ctx, d.server.ctx.releasesDir!, {
        file: v2,
        version: '1.2.0',
        rollout: 100,
      });
      expect((await provider.getLatestVersion()).version).toBe('1.2.0');

      // a published installer is never replaced under the same version, and nothing else is served
      writeFileSync(v2, randomBytes(10));
      await expect(
        publishRelease(d.server.ctx, d.server.ctx.releasesDir!, { file: v2, version: '1.2.0', rollout: 100 }),
      ).rejects.toThrow(/不能替换/);
      expect((await fetch(`${d.url}/updates/..%2Fdistrict.sqlite`)).status).toBe(404);
      expect((await fetch(`${d.url}/updates/other.exe`)).status).toBe(404);
      const bad = await runCli(d, ['publish-release', '--file', v1, '--version', 'one', '--rollout', '120']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('版本号应形如 1.2.3');
    },
  );
});

describe('versions on the sync wire', () => {
  it(
    'a station too old is told plainly and keeps working offline; the fleet knows each version',
    { timeout: 60_000 },
    async () => {
      const s = await enrolledStation(d, COMMUNITY_A);
      try {
        const person = peopleFrom(1377);
        let p = person();
        await s.call('residents.create', { name: p.name, idNumber: p.idNumber });
        await s.sync();
        const row = await d.server.db
          .selectFrom('stations')
          .select(['app_version', 'schema_version'])
          .where('id', '=', s.stationId)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ app_version: s.station.appVersion, schema_version: '1' });

        await requireVersion(d.server.ctx, '99.0.0');
        p = person();
        await s.call('residents.create', { name: p.name, idNumber: p.idNumber });
        await expect(s.sync()).rejects.toMatchObject({
          message: expect.stringMatching(/本机的六清版本（.+）太旧，区里要求至少 99\.0\.0.*可以照常离线工作/),
        });
        // offline work goes on, and the entry waits
        p = person();
        await s.call('residents.create', { name: p.name, idNumber: p.idNumber });
        expect((await s.call('sync.unsynced', {})).count).toBe(2);
        const status = await s.call('sync.status', {});
        expect(status.lastError).toContain('太旧');
      } finally {
        await s.close();
      }
    },
  );

  it(
    'entries written in a schema the district does not know are never applied',
    { timeout: 60_000 },
    async () => {
      const s = await enrolledStation(d, COMMUNITY_A);
      try {
        const state = (await readSyncState(s.station.db))!;
        const entry = {
          seq: 1,
          entity: 'residents',
          rowId: randomUUID(),
          op: 'create',
          fields: { name: [null, '张三'] },
          hlc: '1-0',
          operatorId: 'x',
          operator: 'x',
          at: new Date().toISOString(),
        };
        await expect(
          post(
            { baseUrl: d.url, credential: state.credential },
            ENDPOINTS.push,
            {
              stationId: s.stationId,
              clock: new Date().toISOString(),
              entries: [entry],
              app: { version: '0.1.0', schema: 2 },
            },
            pushResponse,
          ),
        ).rejects.toMatchObject({
          serverCode: 'unknown_schema',
          message: expect.stringContaining('比区服务器新'),
        });
        const n = await sql<{ n: number }>`select count(*) as n from sync_rows`.execute(d.server.db);
        expect(Number(n.rows[0]!.n)).toBe(0);
        const st = await d.server.db
          .selectFrom('stations')
          .select('last_applied_seq')
          .where('id', '=', s.stationId)
          .executeTakeFirstOrThrow();
        expect(Number(st.last_applied_seq)).toBe(0);
      } finally {
        await s.close();
      }
    },
  );
});
