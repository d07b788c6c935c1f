// Issue 15, "recorded once": 低保/低边 is typed in one place (基本信息) and the 家庭收入清 shows the same value
// read-only — a row written before the rule, with the two disagreeing, reads as one value and is saved as
// one; and the income section warns, asking before a save, when it disagrees with the person's household
// on size, income or 低保/低边 (the household's amount is compared at the station, never shown).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { todayInChina } from '../../shared/domain/dates';

let rs: RunningStation;
let browser: Browser;
let page: Page;
let token = '';
const call = <M extends MethodName>(m: M, i: InputOf<Contract[M]>) =>
  rs.station.call(m, i, token) as Promise<OutputOf<Contract[M]>>;

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 5);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

async function stored(id: string) {
  const row = await rs.station.db
    .selectFrom('residents')
    .select(['subsistence', 'clear_income'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { profile: row.subsistence, income: JSON.parse(row.clear_income!).subsistence as string };
}

async function openIncome(): Promise<void> {
  await page.locator('[data-section="income"] .six-head button').first().click();
}

describe('低保/低边 and the household income recorded once', () => {
  it('the income section shows the profile’s 低保/低边; an old row that disagreed is read and saved as one', async () => {
    const today = todayInChina();
    const r = await call('residents.create', {
      name: '赵红梅',
      idNumber: makeIdNumber(mulberry32(41), { sex: 'F', birthDate: '1976-02-03', origin: 'hangzhou' }),
      income: { householdSize: 2, monthlyIncome: 1800, confirmedAt: today },
    });
    // a row as the desk wrote it before the rule: the profile at 无, the income section at 低保
    await rs.station.db
      .updateTable('residents')
      .set({
        subsistence: 'none',
        clear_income: JSON.stringify({
          householdSize: 2,
          monthlyIncome: 1800,
          subsistence: 'dibao',
          confirmedAt: today,
        }),
      })
      .where('id', '=', r.id)
      .execute();

    await page.goto(`${rs.url}/residents/${r.id}`);
    const profile = page.getByLabel('低保/低边', { exact: true });
    await expect.poll(() => profile.inputValue()).toBe('dibao');
    await openIncome();
    const shown = page.getByTestId('income-subsistence');
    await expect.poll(() => shown.innerText()).toBe('低保');
    // no second field to type it into
    expect(await page.locator('[name="income.subsistence"]').count()).toBe(0);

    await profile.selectOption('dibian');
    await expect.poll(() => shown.innerText()).toBe('低边');
    await page.keyboard.press('Control+s');
    await expect.poll(() => stored(r.id)).toEqual({ profile: 'dibian', income: 'dibian' });

    // through the API too: the profile is the one place, the income section follows it
    await call('residents.update', {
      id: r.id,
      income: { householdSize: 2, monthlyIncome: 1800, subsistence: 'none', confirmedAt: today },
    });
    expect(await stored(r.id)).toEqual({ profile: 'dibian', income: 'dibian' });
    await call('residents.update', { id: r.id, subsistence: 'none' });
    expect(await stored(r.id)).toEqual({ profile: 'none', income: 'none' });
  });

  it('warns when the income section and the household disagree, and asks before saving', async () => {
    const today = todayInChina();
    const h = await call('households.create', {
      headName: '钱国强',
      address: '景昙路 12 号',
      monthlyIncome: 2500,
      subsistence: 'dibao',
    });
    const r = await call('residents.create', {
      name: '钱国强',
      idNumber: makeIdNumber(mulberry32(42), { sex: 'M', birthDate: '1970-08-09', origin: 'hangzhou' }),
      subsistence: 'dibao',
      income: { householdSize: 3, monthlyIncome: 2000, confirmedAt: today },
    });
    await call('households.setMember', { householdId: h.id, residentId: r.id, relation: '户主' });

    await page.goto(`${rs.url}/residents/${r.id}`);
    await openIncome();
    const note = page.getByTestId('household-disagree');
    // size (3 against 1 registered) and income differ; 低保 agrees
    await expect.poll(() => note.innerText()).toContain('户主 钱国强，登记 1 人');
    expect(await note.innerText()).toContain('家庭人口；家庭月收入');
    expect(await note.innerText()).not.toContain('低保低边');

    // editing the section: the disagreement is asked about before the save
    await page.getByTestId('income-hidden').getByRole('button', { name: '显示' }).click();
    const size = page.getByLabel('家庭人口', { exact: true });
    await size.waitFor();
    await size.fill('4');
    await expect.poll(() => note.innerText()).toContain('家庭人口；家庭月收入');
    const warn = page.getByTestId('plausibility-warnings');
    await warn.getByText(/家庭收入清与所在家庭/).waitFor();
    await page.keyboard.press('Control+s');
    await page.getByTestId('form-message').filter({ hasText: '请先核实' }).waitFor();
    expect(
      JSON.parse(
        (
          await rs.station.db
            .selectFrom('residents')
            .select('clear_income')
            .where('id', '=', r.id)
            .executeTakeFirstOrThrow()
        ).clear_income!,
      ).householdSize,
    ).toBe(3);

    // made to agree: the note goes, and the save needs no tick
    await size.fill('1');
    await page.getByLabel('家庭月收入（元）').fill('2500');
    await expect.poll(() => note.count()).toBe(0);
    await page.keyboard.press('Control+s');
    await expect
      .poll(async () => {
        const row = await rs.station.db
          .selectFrom('residents')
          .select('clear_income')
          .where('id', '=', r.id)
          .executeTakeFirstOrThrow();
        const inc = JSON.parse(row.clear_income!);
        return [inc.householdSize, inc.monthlyIncome];
      })
      .toEqual([1, 2500]);
  });
});
