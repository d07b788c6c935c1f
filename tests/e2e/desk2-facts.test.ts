// Issue 15, defect 2: every field a card rule reads is editable on the resident form, with the rule's
// words beside it — and what is typed there makes the categories appear among the card suggestions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';

let running: RunningStation;
let browser: Browser;
let token = '';
let residentId = '';

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 8);
  const r = (await running.station.call(
    'residents.create',
    {
      name: '周晓燕',
      idNumber: makeIdNumber(mulberry32(21), { sex: 'F', birthDate: '2002-09-09', origin: 'hangzhou' }),
      unemployment: { status: 'unemployed', since: '2025-07-01', confirmedAt: '2026-01-01' },
    },
    token,
  )) as { id: string };
  residentId = r.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('facts the card rules read', () => {
  it('are on the form with the rules’ words, and open the categories', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
    const page = await context.newPage();
    await page.goto(`${running.url}/residents/${residentId}`);
    const facts = page.getByTestId('card-facts');
    await facts.getByText('援助类别：退役军人').waitFor();
    for (const words of [
      '援助类别：残疾人',
      '援助类别：单亲家庭抚养未成年子女者',
      '援助类别：刑满释放/戒毒康复人员',
    ])
      expect(await facts.getByText(words).count()).toBe(1);
    expect(await facts.getByText(/援助类别：离校未就业高校毕业生（毕业 2 年内未就业）/).count()).toBe(1);

    // a year in the future is refused with a clear word
    await page.getByLabel('高校毕业年份').fill('2099');
    await page.keyboard.press('Control+s');
    await facts.getByText(/毕业年份不能晚于今年/).waitFor();

    await page.getByLabel('高校毕业年份').fill(String(new Date().getFullYear() - 1));
    await page.getByLabel('残疾等级').selectOption({ label: '二级' });
    await page.getByLabel('残疾类别').selectOption({ label: '肢体' });
    await page.getByLabel('退役军人', { exact: true }).check();
    await page.getByLabel('单亲家庭抚养未成年子女', { exact: true }).check();
    await page.getByLabel('刑满释放/戒毒康复人员', { exact: true }).check();
    await page.keyboard.press('Control+s');
    await page.getByTestId('form-message').filter({ hasText: '已保存' }).waitFor();

    const { suggestions } = (await running.station.call('cards.suggest', { residentId }, token)) as {
      suggestions: Array<{ code: string }>;
    };
    expect(suggestions.map((s) => s.code)).toEqual(
      expect.arrayContaining([
        'disabled',
        'unemployed_graduate',
        'veteran',
        'single_parent',
        'released_or_rehab',
      ]),
    );
    // and reopened, the form shows what was saved
    await page.reload();
    expect(await page.getByLabel('残疾等级').inputValue()).toBe('2');
    expect(await page.getByLabel('退役军人', { exact: true }).isChecked()).toBe(true);
    await context.close();
  });

  it('a residents grid row opens on a single click', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
    const page = await context.newPage();
    await page.goto(`${running.url}/residents`);
    await page.locator('.ag-row', { hasText: '周晓燕' }).first().locator('.ag-cell').first().click();
    await page.waitForURL((u) => u.pathname === `/residents/${residentId}`);
    await context.close();
  });

  it('a residents grid row opens on Enter from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
    const page = await context.newPage();
    await page.goto(`${running.url}/residents`);
    const cell = page.locator('.ag-row', { hasText: '周晓燕' }).first().locator('.ag-cell').first();
    await cell.waitFor();
    // focus the cell without clicking it (a click alone already opens the row)
    await cell.focus();
    expect(new URL(page.url()).pathname).toBe('/residents');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === `/residents/${residentId}`);
    await context.close();
  });
});
