// The 同步 page in Chromium, issue 14: a PC that was away longer than the district keeps its change log
// (the log was compacted past its cursor while another PC of the community worked on) takes its community
// again as a snapshot at its next sync, and the page tells the person so in plain words.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  ADMIN,
  artifactPath,
  launchBrowser,
  setUpAndLogin,
  startStation,
  type RunningStation,
} from './harness';
import { createServer, type DistrictServer } from '../../server/index';
import { ENDPOINTS } from '../../shared/sync/protocol';
import { pushJson, residentCreates } from '../../bench/sync-server';

const COMMUNITY = '330104005051';
const DAY = 86_400_000;
let clock = Date.now();
let rs: RunningStation;
let server: DistrictServer;
let serverDir: string;
let browser: Browser;
let token = '';

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'liuqing-e2e-lean-'));
  server = await createServer({ dataDir: serverDir, now: () => new Date(clock), compactEveryMs: 0 });
  await server.listen();
  rs = await startStation();
  token = await setUpAndLogin(rs, 3, COMMUNITY);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
  await server?.close();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

async function post(
  path: string,
  credential: string,
  body: unknown,
): Promise<{ cursor: number; more: boolean }> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { cursor: number; more: boolean };
}

describe('同步 page after the district compacted past this PC', () => {
  it(
    'says in plain words that the PC took its community again, and holds what the other PC made',
    { timeout: 120_000 },
    async () => {
      const code = await server.addStation(COMMUNITY, '景昙社区 3 号机');
      await rs.station.call('sync.enroll', { serverUrl: server.url, code: code.code }, token);
      // the other PC of the community
      const other = await server.addStation(COMMUNITY, '景昙社区 1 号机');
      const res = await fetch(server.url + ENDPOINTS.enroll, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: other.code }),
      });
      const b = (await res.json()) as { stationId: string; credential: string };
      const entries = residentCreates(COMMUNITY, 5).map((e) => ({
        ...e,
        fields: { ...e.fields, veteran: [null, 0], single_parent: [null, 0], released_or_rehab: [null, 0] },
      }));
      await pushJson(server.url, b.credential, {
        stationId: b.stationId,
        clock: new Date(clock).toISOString(),
        entries: entries.slice(0, 3),
      });
      await rs.station.call('sync.now', {}, token);
      const before = await server.db
        .selectFrom('stations')
        .select('pulled_cursor')
        .where('id', '=', code.stationId)
        .executeTakeFirstOrThrow();
      expect(Number(before.pulled_cursor)).toBe(3);

      // 100 days later (the district's clock; this PC's is left as it is): this PC was away; the other worked on, pulled, and the district compacted its log
      clock += 100 * DAY;
      await pushJson(server.url, b.credential, {
        stationId: b.stationId,
        clock: new Date(clock).toISOString(),
        entries: entries.slice(3),
      });
      const head = await post(ENDPOINTS.pull, b.credential, { after: 0, limit: 100 });
      await post(ENDPOINTS.pull, b.credential, { after: head.cursor, limit: 1 });
      const compacted = await server.compact({ keepDays: 0 });
      expect(compacted.logEntries).toBe(5);

      const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
      await page.goto(rs.url);
      await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
      await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: '同步', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '同步' }).waitFor();
      expect(await page.getByTestId('sync-lagged-snapshot').count()).toBe(0);

      await page.getByRole('button', { name: '立即同步' }).click();
      const notice = page.getByTestId('sync-lagged-snapshot');
      await notice.waitFor();
      expect(await notice.innerText()).toMatch(
        /离线时间超过了区服务器保存修改记录的期限.*重新下载本社区的全部数据/,
      );
      expect(await notice.innerText()).not.toMatch(/sync_|snapshot|undefined/);
      await page.screenshot({ path: artifactPath('sync-lagged-snapshot.png'), fullPage: true });
      // the snapshot brought all five residents the other PC registered
      const list = (await rs.station.call('residents.list', {}, token)) as { total: number };
      expect(list.total).toBe(5);
      await page.close();
    },
  );
});
