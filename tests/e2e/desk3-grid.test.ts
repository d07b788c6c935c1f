// Issue 15, "missing on the desk": the residents grid shows and filters by employment status, phone,
// address, household, card, age band and category; "all unemployed 4050 people without a card" is one chip
// away; the filter lives in the URL, so a reload (or the link in a second tab) keeps the list as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { artifactPath, launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { todayInChina } from '../../shared/domain/dates';

let running: RunningStation;
let browser: Browser;
let token = '';

function call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
  return running.station.call(method, input, token) as Promise<OutputOf<Contract[M]>>;
}

/** A birth date `age` years and a few months before today (so the age is `age` all through the test). */
function bornAged(age: number): string {
  const today = todayInChina();
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCMonth(d.getUTCMonth() - 3);
  return d.toISOString().slice(0, 10);
}

const unemployed = { status: 'unemployed' as const, since: '2024-01-15', confirmedAt: '2025-01-01' };

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 7);
  const rng = mulberry32(77);
  const make = async (
    name: string,
    sex: 'M' | 'F',
    age: number,
    extra: Partial<InputOf<Contract['residents.create']>> = {},
  ) =>
    call('residents.create', {
      name,
      idNumber: makeIdNumber(rng, { sex, birthDate: bornAged(age), origin: 'hangzhou' }),
      ...extra,
    });
  const household = await call('households.create', { address: '景昙路 8 号 2 幢', headName: '钱桂芳' });
  const a = await make('钱桂芳', 'F', 45, {
    unemployment: unemployed,
    phone: '13905710001',
    address: '景昙路 8 号 2 幢',
  });
  await call('households.setMember', { householdId: household.id, residentId: a.id, relation: '户主' });
  const b = await make('孔秀兰', 'F', 46, { unemployment: unemployed, landlessFarmer: true });
  await call('cards.issue', { residentId: b.id, categories: ['landless_farmer'] });
  await make('吴建华', 'M', 45, { unemployment: unemployed }); // a man of 45 is not "4050"
  await make('郑国强', 'M', 52, { unemployment: unemployed, phone: '13905710002' });
  await make('冯丽娟', 'F', 42, {
    unemployment: { status: 'employed', since: '2024-01-15', confirmedAt: '2025-01-01' },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function gridNames(page: Page, expected: number): Promise<string[]> {
  const cells = page.getByTestId('residents-grid').locator('.ag-row .ag-cell[col-id="name"]');
  await expect.poll(() => cells.count()).toBe(expected);
  const names = await page
    .getByTestId('residents-grid')
    .locator('.ag-row .ag-cell[col-id="name"]')
    .allInnerTexts();
  return names.map((n) => n.trim()).sort();
}

async function waitTotal(page: Page, n: number): Promise<void> {
  await page
    .getByTestId('residents-total')
    .filter({ hasText: new RegExp(`^共 ${n} 条$`) })
    .waitFor();
}

describe('residents grid columns and filters', () => {
  it('lists the unemployed 4050 people without a card in one click, and a reload keeps the filter', async () => {
    // wide enough that every column is drawn (the grid draws only the columns in view)
    const context = await browser.newContext({ viewport: { width: 2600, height: 800 }, locale: 'zh-CN' });
    await context.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
    const page = await context.newPage();
    await page.goto(`${running.url}/residents`);
    await waitTotal(page, 5);
    // the new columns show what the station knows
    const grid = page.getByTestId('residents-grid');
    const row = grid.locator('.ag-row', { hasText: '钱桂芳' });
    await expect.poll(() => row.locator('[col-id="employment"]').innerText()).toBe('失业');
    expect(await row.locator('[col-id="ageBand"]').innerText()).toBe('4050 人员');
    expect(await row.locator('[col-id="household"]').innerText()).toBe('钱桂芳 户 · 1 人');
    expect(await row.locator('[col-id="card"]').innerText()).toBe('无卡');
    const holder = grid.locator('.ag-row', { hasText: '孔秀兰' });
    expect(await holder.locator('[col-id="category"]').innerText()).toBe('被征地(失地)农民');

    await page.getByTestId('residents-chips').getByRole('button', { name: '4050 失业未持卡' }).click();
    await waitTotal(page, 2);
    expect(await gridNames(page, 2)).toEqual(['郑国强', '钱桂芳'].sort());
    await expect
      .poll(() => page.evaluate(() => new URLSearchParams(location.search).get('f')))
      .not.toBeNull();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/residents');
    expect(JSON.parse(url.searchParams.get('f')!)).toEqual({
      employment: 'unemployed',
      ageBand: '4050',
      card: 'none',
    });
    await page.screenshot({ path: artifactPath('desk3-grid-4050.png') });

    await page.reload();
    await waitTotal(page, 2);
    expect(await gridNames(page, 2)).toEqual(['郑国强', '钱桂芳'].sort());
    expect(
      await page
        .getByTestId('residents-chips')
        .getByRole('button', { name: '4050 失业未持卡' })
        .getAttribute('aria-pressed'),
    ).toBe('true');

    // the same link in a second tab opens the same list
    const second = await context.newPage();
    await second.goto(page.url());
    await waitTotal(second, 2);
    await second.close();

    // a second click on the chip clears it
    await page.getByTestId('residents-chips').getByRole('button', { name: '4050 失业未持卡' }).click();
    await waitTotal(page, 5);
    await expect.poll(() => new URL(page.url()).searchParams.get('f')).toBeNull();
    await context.close();
  });

  it('filters by card holders, household and phone through the station', async () => {
    const context = await browser.newContext({ viewport: { width: 1600, height: 800 }, locale: 'zh-CN' });
    await context.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
    const page = await context.newPage();
    await page.goto(`${running.url}/residents?f=${encodeURIComponent(JSON.stringify({ card: 'valid' }))}`);
    await waitTotal(page, 1);
    expect(await gridNames(page, 1)).toEqual(['孔秀兰']);
    await page.goto(`${running.url}/residents?f=${encodeURIComponent(JSON.stringify({ household: 'yes' }))}`);
    await waitTotal(page, 1);
    expect(await gridNames(page, 1)).toEqual(['钱桂芳']);
    const phone = { phone: { filterType: 'text', type: 'contains', filter: '0571000' } };
    await page.goto(`${running.url}/residents?f=${encodeURIComponent(JSON.stringify(phone))}`);
    await waitTotal(page, 2);
    expect(await gridNames(page, 2)).toEqual(['郑国强', '钱桂芳'].sort());
    // the station answers the same filters to the contract directly
    const r = await call('residents.list', {
      offset: 0,
      limit: 50,
      filter: { employment: 'unemployed', ageBand: '4050', card: 'none' },
    });
    expect(r.items.map((i) => i.name).sort()).toEqual(['郑国强', '钱桂芳'].sort());
    await context.close();
  });
});
