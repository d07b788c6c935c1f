// The unsynced guard and the backups page in Chromium against a real headless station (and a real district
// server): logout and operator switch say how many entries have not reached the district and since when,
// Esc stays; sync now and the USB bundle work from the dialog; 设置 › 备份与恢复 has its own URLs, makes a
// backup, previews it beside the PC's data and restores it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, launchBrowser, setUpAndLogin, startStation, type RunningStation } from './harness';
import { startDistrict, type District } from '../sync/harness';
import { makePerson, mulberry32 } from '../factories/people';

let rs: RunningStation;
let d: District;
let browser: Browser;
let page: Page;
let token: string;

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 3);
  d = await startDistrict();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rs?.close();
  await d?.close();
});

const rng = mulberry32(1313);
async function addResidents(n: number) {
  for (let i = 0; i < n; i++) {
    const p = makePerson(rng);
    await rs.station.call('residents.create', { name: p.name, idNumber: p.idNumber }, token);
  }
}

async function login() {
  await page.goto(rs.url);
  await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
}

describe('the unsynced guard', () => {
  it(
    'warns on logout and operator switch, with the count and the age of the oldest',
    { timeout: 120_000 },
    async () => {
      await addResidents(3);
      await login();
      await page.getByRole('button', { name: '退出登录' }).click();
      const dialog = page.getByRole('alertdialog', { name: '还有修改没有上传到区里' });
      await dialog.waitFor();
      await dialog.getByText(/本机还有 3 条修改没有上传到区里，最早的一条是 \d+ 分钟前/).waitFor();
      await dialog.getByText('本机还没有在区里登记').waitFor();
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();

      await page.getByRole('button', { name: '切换操作员' }).click();
      await dialog.getByText('切换操作员前建议先同步').waitFor();
      await dialog.getByRole('button', { name: '仍然切换' }).click();
      await page.getByRole('button', { name: '登录' }).waitFor();
    },
  );

  it(
    'offers a bundle and sync now once the PC is enrolled; nothing waiting, no question',
    { timeout: 120_000 },
    async () => {
      const code = await d.server.addStation('330104005051');
      await rs.station.call('sync.enroll', { serverUrl: d.url, code: code.code }, token);
      await login();
      await page.getByRole('button', { name: '退出登录' }).click();
      const dialog = page.getByRole('alertdialog', { name: '还有修改没有上传到区里' });
      await dialog.getByText('退出前建议先同步').waitFor();
      await dialog.getByRole('button', { name: '写数据包（U 盘）' }).click();
      const written = await dialog.getByText(/已写数据包：(.+\.lqb)（3 条）/).textContent();
      const file = /已写数据包：(.+\.lqb)/.exec(written ?? '')![1]!;
      expect(existsSync(file)).toBe(true);
      await dialog.getByRole('button', { name: '立即同步' }).click();
      await dialog.getByText('已同步，没有未上传的修改了').waitFor();
      expect(((await rs.station.call('sync.unsynced', {}, token)) as { count: number }).count).toBe(0);
      await dialog.getByRole('button', { name: '仍然退出' }).click();
      await page.getByRole('button', { name: '登录' }).waitFor();
      // nothing waiting now: logout goes straight through
      await login();
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('button', { name: '登录' }).waitFor();
    },
  );
});

describe('设置 › 备份与恢复', () => {
  it('makes a backup, previews it on its own URL and restores it', { timeout: 120_000 }, async () => {
    await login();
    await page.goto(`${rs.url}/settings/backups`);
    await page.getByRole('heading', { level: 1, name: '备份与恢复' }).waitFor();
    await page.getByRole('button', { name: '立即备份' }).click();
    await page.getByText(/已备份：.*完整性检查通过/).waitFor();
    const table = page.getByTestId('backups');
    await table.getByRole('cell', { name: '手动' }).waitFor();
    await addResidents(2); // the PC now holds more than the backup
    await table.getByRole('link', { name: '查看并恢复' }).first().click();
    await page.waitForURL(/\/settings\/backups\/manual-\d{8}T\d{6}/);
    await page.reload();
    const preview = page.getByTestId('restore-preview');
    await preview.waitFor();
    const residentsRow = preview.getByRole('row', { name: /居民/ }).first();
    await expect.poll(() => residentsRow.textContent()).toBe('居民35');
    await page.getByText('本机还有 2 条修改没有上传到区里').waitFor();
    await page.getByRole('button', { name: '恢复这个备份' }).click();
    await page.getByText(/已恢复备份。恢复前的数据已另存/).waitFor();
    const n = await rs.station.db
      .selectFrom('residents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);
    // Esc on the list page's preview goes back to the list
    await page.goto(`${rs.url}/settings/backups`);
    await page.getByRole('heading', { level: 1, name: '备份与恢复' }).waitFor();
  });
});
