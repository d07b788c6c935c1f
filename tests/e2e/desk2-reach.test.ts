// Issue 15, defect 9: the 同步 page says what the last attempt found and when, and follows attempts made
// without its button (background sync): after the district server stops, it never keeps saying 可连接.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { createServer, type DistrictServer } from '../../server/index';

const COMMUNITY = '330104005051';
let rs: RunningStation;
let server: DistrictServer;
let serverDir: string;
let browser: Browser;
let token = '';

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'liuqing-e2e-reach-'));
  server = await createServer({ dataDir: serverDir });
  await server.listen();
  rs = await startStation();
  token = await setUpAndLogin(rs, 3, COMMUNITY);
  const enrolment = await server.addStation(COMMUNITY, '景昙社区 3 号机');
  await rs.station.call('sync.enroll', { serverUrl: server.url, code: enrolment.code }, token);
  await rs.station.call('sync.now', {}, token);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
  await server?.close().catch(() => undefined);
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

describe('reachability on 同步', () => {
  it('is what the last attempt found, with its time', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
    const page = await context.newPage();
    await page.goto(`${rs.url}/sync`);
    const reach = page.getByTestId('sync-reachable');
    await reach.filter({ hasText: /上次尝试（.+）时可连接/ }).waitFor();

    await server.close();
    // an attempt the page did not make (as the background sync does): the page follows it
    await rs.station.call('sync.now', {}, token).catch(() => undefined);
    await reach.filter({ hasText: /上次尝试（.+）时连不上/ }).waitFor();
    expect(await reach.innerText()).not.toContain('可连接');
    await context.close();
  });
});
