// Issue 15, defect 1: printing from the browser build. The session lives in one tab (sessionStorage), so
// the print must not open a tab without it: the print route opens in the same tab with a way back, and a
// print link opened in a second tab asks for the login there and then prints — never a dead 请先登录.
// No init script plants a token here: the person logs in through the form as at a real desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';

let running: RunningStation;
let browser: Browser;
let token = '';
let card: { id: string; cardNumber: string };

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 5);
  const r = (await running.station.call(
    'residents.create',
    {
      name: '孙丽',
      idNumber: makeIdNumber(mulberry32(15), { sex: 'F', birthDate: '1975-03-02', origin: 'hangzhou' }),
      landlessFarmer: true,
      unemployment: { status: 'unemployed', since: '2024-01-15', confirmedAt: '2025-01-01' },
    },
    token,
  )) as { id: string };
  card = (await running.station.call(
    'cards.issue',
    { residentId: r.id, categories: ['landless_farmer'] },
    token,
  )) as { id: string; cardNumber: string };
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function logIn(page: Page): Promise<void> {
  await page.getByLabel('用户名').fill(ADMIN.username);
  await page.getByLabel('密码').fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('printing from the browser build', () => {
  it('prints the selection in the same tab and comes back to the cards', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const popups: string[] = [];
    context.on('page', (p) => popups.push(p.url()));
    await page.goto(`${running.url}/cards`);
    await logIn(page);
    await page.getByLabel(card.cardNumber).check();
    await page.getByRole('button', { name: 'A4 拼版打印' }).click();
    await page.waitForFunction(() => document.body.dataset.printReady !== undefined);
    expect(await page.evaluate(() => document.body.dataset.printReady)).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/print/cards');
    expect(await page.locator('[data-card-number]').first().getAttribute('data-card-number')).toBe(
      card.cardNumber,
    );
    expect(await page.getByText('请先登录').count()).toBe(0);
    expect(popups).toEqual([]);
    await page.getByRole('button', { name: '← 返回' }).click();
    await page.getByLabel(card.cardNumber).waitFor();
    expect(new URL(page.url()).pathname).toBe('/cards');
    await context.close();
  });

  it('a print link opened in a second tab asks for the login there, then prints', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    const desk = await context.newPage();
    await desk.goto(`${running.url}/cards`);
    await logIn(desk);
    await desk.getByLabel(card.cardNumber).waitFor();
    const second = await context.newPage();
    await second.goto(`${running.url}/print/cards?ids=${card.id}&layout=booklet`);
    await second.getByText('请登录后继续打印').waitFor();
    await logIn(second);
    await second.waitForFunction(() => document.body.dataset.printReady !== undefined);
    expect(await second.evaluate(() => document.body.dataset.printReady)).toBe('true');
    expect(new URL(second.url()).pathname).toBe('/print/cards');
    expect(await second.getByText('孙丽').count()).toBeGreaterThan(0);
    // the first tab's session is untouched
    await desk.reload();
    await desk.getByLabel(card.cardNumber).waitFor();
    await context.close();
  });
});
