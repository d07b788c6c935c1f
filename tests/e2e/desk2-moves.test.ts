// Issue 15, defect 5: adding a member who belongs to another household shows where they are now, asks
// before moving them, and the move is in the history of both households.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';

let running: RunningStation;
let browser: Browser;
let token = '';
let a = '';
let b = '';

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 10);
  const call = (m: string, input: unknown) => running.station.call(m as never, input as never, token);
  const r = (await call('residents.create', {
    name: '孙丽',
    idNumber: makeIdNumber(mulberry32(41), { sex: 'F', birthDate: '1975-05-05', origin: 'hangzhou' }),
  })) as { id: string };
  a = ((await call('households.create', { headName: '孙大伟', address: '景昙路 8 号' })) as { id: string })
    .id;
  b = ((await call('households.create', { headName: '钱新', address: '凯旋路 2 号' })) as { id: string }).id;
  await call('households.setMember', { householdId: a, residentId: r.id, relation: '配偶' });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('moving a person between households', () => {
  it('is asked, and recorded in both households', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
    const page = await context.newPage();
    await page.goto(`${running.url}/households/${b}`);
    await page.getByLabel('查找居民加入本家庭').fill('孙丽');
    await page.getByTestId('current-household').filter({ hasText: '现属 孙大伟户（景昙路 8 号）' }).waitFor();
    await page.getByRole('button', { name: '加入 孙丽' }).click();
    await page.getByTestId('move-ask').waitFor();
    // nothing moved yet
    const before = (await running.station.call('households.get', { id: a }, token)) as { members: unknown[] };
    expect(before.members).toHaveLength(1);
    await page.getByRole('button', { name: '移入本户' }).click();
    await page.getByTestId('members').getByText('孙丽').waitFor();
    await page.getByTestId('household-moves').getByText('孙丽 从 孙大伟户（景昙路 8 号） 迁入本户').waitFor();

    await page.goto(`${running.url}/households/${a}`);
    await page.getByTestId('household-moves').getByText('孙丽 迁出，转入 钱新户（凯旋路 2 号）').waitFor();
    const after = (await running.station.call('households.get', { id: a }, token)) as { members: unknown[] };
    expect(after.members).toHaveLength(0);
    await context.close();
  });
});
