// The 同步 page after the district server was restored from a backup (issue 8, "Time goes forward"), in
// Chromium against a real headless station and a real district server: 立即同步 re-sends what the restored
// district lost, and the page says so in plain words, with how many entries went up again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ADMIN,
  artifactPath,
  launchBrowser,
  setUpAndLogin,
  startStation,
  type RunningStation,
} from './harness';
import { startRestorableDistrict, type RestorableDistrict } from '../sync/restoreHarness';
import { makeIdNumber, mulberry32 } from '../factories/people';

const COMMUNITY = '330104005051'; // 凯旋街道 景昙社区
let d: RestorableDistrict;
let rs: RunningStation;
let browser: Browser;
let page: Page;
let token = '';

beforeAll(async () => {
  d = await startRestorableDistrict();
  rs = await startStation();
  token = await setUpAndLogin(rs, 2, COMMUNITY);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
  await d?.close();
});

const call = (method: string, input: unknown) => rs.station.call(method as never, input as never, token);

async function register(name: string, seed: number, birthDate: string): Promise<void> {
  const idNumber = makeIdNumber(mulberry32(seed), { sex: 'F', birthDate, origin: 'hangzhou' });
  await call('residents.create', { name, idNumber });
}

describe('同步 page after a district restore', () => {
  it(
    'tells that the district was restored and how many entries this PC sent again',
    { timeout: 90_000 },
    async () => {
      const { code } = await d.server.addStation(COMMUNITY, '景昙社区 2 号机');
      await call('sync.enroll', { serverUrl: d.url, code });
      await register('钱丽娟', 11, '1979-02-11');
      await call('sync.now', {});
      await d.backup();
      await register('孙秀英', 12, '1981-05-20');
      await register('李桂芳', 13, '1983-09-02');
      await call('sync.now', {});
      await d.restore('command');

      await page.goto(rs.url);
      await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
      await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
      await page.getByRole('navigation').getByRole('link', { name: '同步', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '同步' }).waitFor();
      // nothing waits at this PC: the loss is invisible until the district is asked
      await page
        .getByTestId('sync-pending')
        .filter({ hasText: /^0 条$/ })
        .waitFor();
      expect(await page.getByTestId('sync-restore').count()).toBe(0);

      await page.getByRole('button', { name: '立即同步' }).click();
      await page.getByTestId('sync-message').filter({ hasText: '同步完成' }).waitFor();
      const notice = page.getByTestId('sync-restore');
      await notice.waitFor();
      expect(await notice.innerText()).toMatch(
        /^区服务器已从备份恢复，本机已重新上传 2 条并重新下载本社区数据（\d{4}-\d{2}-\d{2} \d{2}:\d{2}）。$/,
      );
      await page
        .getByTestId('sync-pending')
        .filter({ hasText: /^0 条$/ })
        .waitFor();
      await page.screenshot({ path: artifactPath('sync-page-restored.png'), fullPage: true });
      const onServer = await d.server.db
        .selectFrom('sync_rows')
        .select('row_id')
        .where('entity', '=', 'residents')
        .execute();
      expect(onServer).toHaveLength(3);
    },
  );
});
