// The 同步 page in Chromium against a real headless station and a real district server (SQLite in a temp
// folder) on 127.0.0.1: an admin enrols the PC through the page's form with a one-time code from the
// district, a resident registered at the station waits in the outbox, 立即同步 sends it, the page shows
// nothing pending and the time of the last success, and the district holds the resident.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { createServer, type DistrictServer } from '../../server/index';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { injectMalformedResident } from '../sync/wedges';
import { readStoredFields } from '../../server/sync/rowCodec';

const COMMUNITY = '330104005051'; // 凯旋街道 景昙社区
let rs: RunningStation;
let server: DistrictServer;
let serverDir: string;
let browser: Browser;
let page: Page;
let token = '';

beforeAll(async () => {
  serverDir = mkdtempSync(join(tmpdir(), 'liuqing-e2e-district-'));
  server = await createServer({ dataDir: serverDir });
  await server.listen();
  rs = await startStation();
  token = await setUpAndLogin(rs, 3, COMMUNITY);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
  await server?.close();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

const nav = (label: string) =>
  page.getByRole('navigation').getByRole('link', { name: label, exact: true }).click();
const pending = () => page.getByTestId('sync-pending');

describe('同步 page', () => {
  it(
    'enrols through the form, sends a new resident with 立即同步, and shows nothing pending',
    { timeout: 90_000 },
    async () => {
      await page.goto(rs.url);
      await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
      await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();

      await nav('同步');
      await page.getByRole('heading', { level: 1, name: '同步' }).waitFor();
      await page.getByText('本机尚未登记到区服务器，暂不能同步。').waitFor();
      expect(await page.getByRole('button', { name: '立即同步' }).isDisabled()).toBe(true);

      // a wrong code first: the district's refusal is shown, nothing is enrolled
      await page.getByLabel('服务器地址').fill(server.url);
      await page.getByLabel('登记码').fill('WRONG-CODE');
      await page.getByRole('button', { name: '登记', exact: true }).click();
      // the refusal shows inside the form the admin is looking at
      await page
        .getByTestId('sync-enrol')
        .getByTestId('sync-enrol-message')
        .and(page.getByRole('alert'))
        .waitFor();
      await page.screenshot({ path: artifactPath('sync-page-enrol.png') });
      expect((await rs.station.call('sync.status', {}, token)) as { enrolled: boolean }).toMatchObject({
        enrolled: false,
      });

      const enrolment = await server.addStation(COMMUNITY, '景昙社区 3 号机');
      await page.getByLabel('登记码').fill(enrolment.code);
      await page.getByRole('button', { name: '登记', exact: true }).click();
      await page.getByTestId('sync-enrol-message').filter({ hasText: '登记成功' }).waitFor();
      await page.getByText(`本机已登记：${server.url}`).waitFor();
      expect(await page.getByRole('button', { name: '立即同步' }).isEnabled()).toBe(true);

      const idNumber = makeIdNumber(mulberry32(77), {
        sex: 'F',
        birthDate: '1979-02-11',
        origin: 'hangzhou',
      });
      const created = (await rs.station.call(
        'residents.create',
        { name: '钱丽娟', idNumber, phone: '13812345678' },
        token,
      )) as { id: string };
      // the page reads the status when it opens: come back to it
      await nav('今日工作');
      await nav('同步');
      await pending()
        .filter({ hasText: /^[1-9]\d* 条$/ })
        .waitFor();
      expect(await page.getByTestId('sync-last-success').innerText()).toBe('从未');

      await page.getByRole('button', { name: '立即同步' }).click();
      await page.getByTestId('sync-message').filter({ hasText: '同步完成' }).waitFor();
      await pending()
        .filter({ hasText: /^0 条$/ })
        .waitFor();
      // the desk's one timestamp format (renderer/src/format.ts dateTime)
      expect(await page.getByTestId('sync-last-success').innerText()).toMatch(
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/,
      );
      expect(await page.getByTestId('sync-message').innerText()).toMatch(/上传 [1-9]\d* 条/);
      await page.screenshot({ path: artifactPath('sync-page.png'), fullPage: true });

      const row = await server.db
        .selectFrom('sync_rows')
        .select(['fields', 'community_code'])
        .where('entity', '=', 'residents')
        .where('row_id', '=', created.id)
        .executeTakeFirst();
      expect(row?.community_code).toBe(COMMUNITY);
      expect(await readStoredFields(server.db, row!.fields)).toMatchObject({ name: '钱丽娟', id_number: idNumber });
    },
  );

  it(
    'shows a row from the district it could not save, in plain words, after a reload and in English, and discards it',
    { timeout: 90_000 },
    async () => {
      // a row no station could save (written by an old district server): the page must say so, never wedge
      const bad = await injectMalformedResident(
        server.db,
        COMMUNITY,
        makeIdNumber(mulberry32(78), { sex: 'F', birthDate: '1980-03-03', origin: 'hangzhou' }),
      );
      await page.getByRole('button', { name: '立即同步' }).click();
      await page.getByTestId('sync-message').filter({ hasText: '同步完成' }).waitFor();
      const aside = page.getByTestId('sync-pulled-aside');
      await aside.getByRole('row').filter({ hasText: '居民' }).waitFor();
      const text = await aside.innerText();
      await page.getByText('区里下发但本机暂时无法保存的记录').waitFor();
      expect(text).toMatch(/居民的(姓名|出生日期|家庭收入)有误/);
      expect(text).not.toMatch(/residents|birth_date|clear_income|[0-9a-f]{8}-[0-9a-f]{4}/);
      await page.screenshot({ path: artifactPath('sync-pulled-aside.png'), fullPage: true });

      // a reload lands on the same page with the same row
      await page.reload();
      await page.getByRole('heading', { level: 1, name: '同步' }).waitFor();
      await aside.getByRole('row').filter({ hasText: '居民' }).waitFor();

      // English: the title and the record's kind are translated
      await page.evaluate(() => localStorage.setItem('liuqing.lang', 'en'));
      await page.reload();
      await page.getByText('Records from the district this PC could not save yet').waitFor();
      const english = await aside.innerText();
      expect(english).toMatch(/\bresident\b/);
      expect(english).not.toMatch(/residents|clear_income/);
      await page.evaluate(() => localStorage.setItem('liuqing.lang', 'zh-CN'));
      await page.reload();
      await aside.getByRole('row').filter({ hasText: '居民' }).waitFor();

      page.once('dialog', (dialog) => void dialog.accept());
      await aside.getByRole('button', { name: '放弃' }).click();
      await page.getByText('区里下发的记录都已保存。').waitFor();
      const left = (await rs.station.call('sync.pulledAside', {}, token)) as { items: unknown[] };
      expect(left.items).toEqual([]);
      expect(bad).toBeTruthy();
    },
  );
});
