// Issue 8, defect 10 at the desk, in Chromium: a station whose community registers an ID number another
// community holds shows that person with a mark in the residents list and a plain banner on the resident
// page (where, masked number, "your changes were sent as proposals"); the page stays usable, a saved edit
// syncs without a refusal and the 同步 page says it went to the district as a proposal. Real headless
// station, real district server (SQLite in a temp folder), a second community's station beside it.
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
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import type { Resident } from '../../shared/domain/resident';

let d: District;
let holder: SyncedStation;
let rs: RunningStation;
let token = '';
let browser: Browser;
let page: Page;
const p = peopleFrom(911)();
let mine: Resident;

const call = <T>(method: string, input: unknown) =>
  rs.station.call(method as never, input as never, token) as Promise<T>;

beforeAll(async () => {
  d = await startDistrict();
  holder = await enrolledStation(d, COMMUNITY_B);
  await holder.call('residents.create', { name: p.name, idNumber: p.idNumber, phone: p.phone });
  await holder.sync();
  rs = await startStation();
  token = await setUpAndLogin(rs, 1, COMMUNITY_A);
  const code = await d.server.addStation(COMMUNITY_A);
  await call('sync.enroll', { serverUrl: d.url, code: code.code });
  mine = await call<Resident>('residents.create', { name: '随便填', idNumber: p.idNumber });
  await call('sync.now', {});
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
  await holder?.close();
  await d?.close();
});

describe('a person already registered at another community', () => {
  it('is marked in the list, explained on its page, and stays editable', { timeout: 120_000 }, async () => {
    await page.goto(rs.url);
    await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();

    await page.goto(`${rs.url}/residents`);
    const cell = page.locator('.ag-cell.hold-held', { hasText: '随便填 · 待区里合并' });
    await cell.waitFor();
    await page.screenshot({ path: artifactPath('identity-hold-list.png') });
    await cell.dblclick();

    const banner = page.getByTestId('hold-notice');
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toContain('此人已在景芳社区登记');
    expect(text).toContain(`${p.idNumber.slice(0, 6)}********${p.idNumber.slice(-4)}`);
    expect(text).toContain('您的修改已作为建议提交区里，待区里合并后生效');
    expect(text).not.toContain(p.name);
    await page.screenshot({ path: artifactPath('identity-hold-resident.png') });

    // no dead end: the page saves as usual
    await page.getByLabel('电话', { exact: true }).fill('13911112222');
    await page.keyboard.press('Control+s');
    await page.getByTestId('form-message').filter({ hasText: '已保存' }).waitFor();
    expect((await call<Resident>('residents.get', { id: mine.id })).phone).toBe('13911112222');

    // the 同步 page says where the edit went
    await page.getByRole('navigation').getByRole('link', { name: '同步', exact: true }).click();
    await page.getByRole('button', { name: '立即同步' }).click();
    await page.getByTestId('sync-message').filter({ hasText: '已作为建议提交区里' }).waitFor();
    await page.screenshot({ path: artifactPath('identity-hold-sync.png') });
    expect((await call<{ pendingCount: number; setAside: unknown[] }>('sync.status', {})).pendingCount).toBe(
      0,
    );
  });
});
