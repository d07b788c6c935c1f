// Issue 15, defect 6: plausibility. Impossible values are hard errors (a future 失业时间 refused by the
// station, an ended vacancy cannot be 招聘中); unusual ones are warnings the assistant confirms before the
// desk saves (a 96-year-old registered, a wage of ¥1 or ¥900,000), with the thresholds as parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { DEFAULT_PLAUSIBILITY, residentWarnings } from '../../shared/domain/plausibility';

let running: RunningStation;
let browser: Browser;
let page: Page;
let token = '';

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 9);
  await running.station.call(
    'employers.create',
    { creditCode: '91330100799655058B', name: '杭州景天物业管理有限公司' },
    token,
  );
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
  await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('plausibility', () => {
  it('the station refuses a future 失业时间 whole, naming the field', async () => {
    const idNumber = makeIdNumber(mulberry32(31), { sex: 'M', birthDate: '1980-01-01', origin: 'hangzhou' });
    const err = (await running.station
      .call(
        'residents.create',
        {
          name: '钱未来',
          idNumber,
          unemployment: { status: 'unemployed', since: '2031-01-01', confirmedAt: '2026-01-01' },
        },
        token,
      )
      .catch((e: unknown) => e)) as { code: string; issues: Array<{ path: string; message: string }> };
    expect(err.code).toBe('invalid_input');
    expect(err.issues[0]).toMatchObject({
      path: 'unemployment.since',
      message: expect.stringContaining('晚于今天'),
    });
    const list = (await running.station.call('residents.list', {}, token)) as { total: number };
    expect(list.total).toBe(0);
  });

  it('the thresholds are parameters', () => {
    const strict = { ...DEFAULT_PLAUSIBILITY, maxHouseholdSize: 4, maxIncomePerHead: 1000 };
    expect(residentWarnings({ householdSize: 5, monthlyIncome: 4000 }).map((w) => w.kind)).toEqual([]);
    expect(residentWarnings({ householdSize: 5, monthlyIncome: 6000 }, strict).map((w) => w.kind)).toEqual([
      'largeHousehold',
      'highIncome',
    ]);
  });

  it('registering a 96-year-old asks for a confirmation before saving', async () => {
    await page.goto(`${running.url}/residents/new`);
    await page.getByLabel('姓名', { exact: true }).fill('李百岁');
    await page
      .getByLabel('身份证号', { exact: true })
      .fill(makeIdNumber(mulberry32(32), { sex: 'M', birthDate: '1930-03-03', origin: 'hangzhou' }));
    const warn = page.getByTestId('plausibility-warnings');
    await warn.getByText(/不在劳动年龄 16–60 岁之内/).waitFor();
    await page.keyboard.press('Control+s');
    await page.getByTestId('form-message').filter({ hasText: '请先核实' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/residents/new');
    await warn.getByLabel('已核实以上情况，仍要保存').check();
    await page.keyboard.press('Control+s');
    await page.waitForURL(/\/residents\/[0-9a-f-]{36}$/);
  });

  it('an ended vacancy cannot be 招聘中; a wage of ¥1–¥900,000 is asked about', async () => {
    await page.goto(`${running.url}/vacancies/new`);
    await page.getByLabel('查找用人单位（名称或拼音）').fill('景天');
    await page.getByRole('button', { name: /选择 杭州景天物业/ }).click();
    await page.getByLabel('岗位名称').fill('保洁');
    await page.getByLabel('招聘人数').fill('2');
    await page.getByLabel('最低月薪（元）').fill('1');
    await page.getByLabel('最高月薪（元）').fill('900000');
    await page.getByLabel('有效期自').fill('2020-01-01');
    await page.getByLabel('有效期至').fill('2020-12-31');
    const warn = page.getByTestId('plausibility-warnings');
    await warn.getByText(/低于最低工资标准/).waitFor();
    expect(await warn.getByText(/最高工资 ¥900000 超过/).count()).toBe(1);
    await page.keyboard.press('Control+s');
    await page.locator('[data-field="validTo"] .field-error', { hasText: '不能设为招聘中' }).waitFor();
    await page.getByLabel('有效期至').fill('2099-12-31');
    await page.keyboard.press('Control+s');
    await page.getByTestId('form-message').filter({ hasText: '请先核实' }).waitFor();
    await warn.getByLabel('已核实以上情况，仍要保存').check();
    await page.keyboard.press('Control+s');
    await page.waitForURL(/\/vacancies\/[0-9a-f-]{36}$/);
  });
});
