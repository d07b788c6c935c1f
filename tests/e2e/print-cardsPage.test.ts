// The 援助卡 page in Chromium against a real headless station: pick a resident, see the suggestions with
// their reasons, issue the card, open it, add a plan measure, and print a selection — the print route
// opens in the same tab (the session lives in one tab) with the chosen cards and the chosen layout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { artifactPath, launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';

let running: RunningStation;
let browser: Browser;
let token = '';

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 4);
  await running.station.call(
    'residents.create',
    {
      name: '陈秀英',
      idNumber: makeIdNumber(mulberry32(7), { sex: 'F', birthDate: '1978-04-02', origin: 'hangzhou' }),
      landlessFarmer: true,
      unemployment: { status: 'unemployed', since: '2024-01-15', confirmedAt: '2025-01-01' },
    },
    token,
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('援助卡 page', () => {
  it('issues a card from the suggestions and prints a selection in the same tab', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
    await context.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
    const page = await context.newPage();
    await page.goto(`${running.url}/cards`);
    await page.getByRole('tab', { name: '发卡' }).click();
    await page.getByLabel('查找', { exact: true }).fill('陈秀英');
    await page.getByRole('button', { name: /陈秀英/ }).click();
    const suggestions = page.getByTestId('suggestions');
    await suggestions.getByText('被征地(失地)农民').waitFor();
    expect(await suggestions.textContent()).toContain('大龄失业人员');
    await page.screenshot({ path: artifactPath('cards-page-issue.png'), fullPage: true });
    await page.getByRole('button', { name: '确认类别并发卡' }).click();
    await page.getByText('330104005051-04-').first().waitFor();
    await page.getByRole('button', { name: '添加措施' }).waitFor();
    await page.getByLabel('责任人').fill('李援助');
    await page.getByLabel('完成期限').fill('2030-05-01');
    await page.getByRole('button', { name: '添加措施' }).click();
    await page.getByRole('cell', { name: '李援助' }).waitFor();
    await page.screenshot({ path: artifactPath('cards-page-detail.png'), fullPage: true });

    await page.getByRole('button', { name: /← 援助卡/ }).click();
    const cards = (await running.station.call('cards.list', {}, token)) as {
      items: Array<{ id: string; cardNumber: string }>;
    };
    await page.getByLabel(cards.items[0]!.cardNumber).check();
    await page.screenshot({ path: artifactPath('cards-page-list.png'), fullPage: true });
    await page.getByRole('button', { name: 'A4 拼版打印' }).click();
    const popup = page;
    await popup.waitForFunction(() => document.body.dataset.printReady === 'true');
    const url = new URL(popup.url());
    expect(url.pathname).toBe('/print/cards');
    expect(url.searchParams.get('layout')).toBe('sheet');
    expect(url.searchParams.get('ids')).toBe(cards.items[0]!.id);
    expect(await popup.locator('[data-card-number]').first().getAttribute('data-card-number')).toBe(
      cards.items[0]!.cardNumber,
    );
    await context.close();
  });
});
