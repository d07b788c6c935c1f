// Issue 15, defects 3 and 7: a draft belongs to one record or one new registration and one operator, is
// offered (恢复草稿 / 放弃) and never pre-fills another person; Esc on a changed form asks first; Ctrl+S
// saves wherever the focus is while a record is on screen, and the browser's "save page" never opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN, launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';

let running: RunningStation;
let browser: Browser;
let token = '';
let existing: { id: string; idNumber: string };
const SECOND = { username: 'xiezhu2', password: 'second-pass-02', displayName: '何协理' };

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 6);
  const idNumber = makeIdNumber(mulberry32(3), { sex: 'F', birthDate: '1980-06-01', origin: 'hangzhou' });
  const r = (await running.station.call('residents.create', { name: '张秀英', idNumber }, token)) as {
    id: string;
  };
  existing = { id: r.id, idNumber };
  await running.station.call('operators.create', { ...SECOND, role: 'assistant' }, token);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function desk(who: { username: string; password: string }): Promise<{ c: BrowserContext; page: Page }> {
  const c = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const page = await c.newPage();
  await page.goto(`${running.url}/residents`);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('button', { name: '登记居民' }).first().waitFor();
  return { c, page };
}

const nameField = (page: Page) => page.getByLabel('姓名', { exact: true });

describe('drafts of the resident form', () => {
  it('an abandoned registration never comes back into the next one', async () => {
    const { c, page } = await desk(ADMIN);
    await page.getByRole('button', { name: '登记居民' }).first().click();
    await nameField(page).fill('张秀英');
    await page.getByLabel('身份证号', { exact: true }).fill(existing.idNumber);
    await page.getByTestId('existing-notice').waitFor();
    await page.keyboard.press('Escape');
    // a changed form asks before closing
    await page.getByTestId('close-ask').waitFor();
    expect(new URL(page.url()).pathname).toBe('/residents/new');
    await page.getByRole('button', { name: '放弃修改并关闭' }).click();
    await page.waitForURL((u) => u.pathname === '/residents');

    await page.getByRole('button', { name: '登记居民' }).first().click();
    await nameField(page).waitFor();
    expect(await nameField(page).inputValue()).toBe('');
    expect(await page.getByLabel('身份证号', { exact: true }).inputValue()).toBe('');
    expect(await page.getByTestId('draft-offer').count()).toBe(0);

    // kept as a draft: offered to the next registration, never laid over it
    await nameField(page).fill('何美玲');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '保留草稿并关闭' }).click();
    await page.waitForURL((u) => u.pathname === '/residents');
    await page.getByRole('button', { name: '登记居民' }).first().click();
    await page.getByTestId('draft-offer').filter({ hasText: '何美玲' }).waitFor();
    expect(await nameField(page).inputValue()).toBe('');
    await nameField(page).fill('李四');
    expect(await nameField(page).inputValue()).toBe('李四');
    await page.getByRole('button', { name: '恢复草稿' }).click();
    expect(await nameField(page).inputValue()).toBe('何美玲');
    await c.close();
  });

  it('drafts are per operator: another assistant is offered none', async () => {
    const { c, page } = await desk(SECOND);
    await page.getByRole('button', { name: '登记居民' }).first().click();
    await nameField(page).waitFor();
    expect(await page.getByTestId('draft-offer').count()).toBe(0);
    expect(await nameField(page).inputValue()).toBe('');
    await c.close();
  });

  it("a record's draft is offered after a reload; Ctrl+S saves with the focus outside the form", async () => {
    const { c, page } = await desk(ADMIN);
    await page.goto(`${running.url}/residents/${existing.id}`);
    await page.getByLabel('电话', { exact: true }).fill('13812345678');
    await expect
      .poll(() =>
        page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('liuqing.draft.')).length),
      )
      .toBe(1);
    await page.reload();
    await page.getByTestId('draft-offer').waitFor();
    expect(await page.getByLabel('电话', { exact: true }).inputValue()).toBe('');
    await page.getByRole('button', { name: '恢复草稿' }).click();
    expect(await page.getByLabel('电话', { exact: true }).inputValue()).toBe('13812345678');
    // focus leaves the form entirely: Ctrl+S still saves, and no download ("save page") starts
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+s');
    await page.getByTestId('form-message').filter({ hasText: '已保存' }).waitFor();
    const saved = (await running.station.call('residents.get', { id: existing.id }, token)) as {
      phone: string | null;
    };
    expect(saved.phone).toBe('13812345678');
    expect(downloads).toBe(0);
    await c.close();
  });
});
