// 今日工作 in Chromium against a real headless station: an assistance-plan measure whose due date has
// passed comes first, above the residents whose six clears are incomplete, with its kind, owner, due date
// and note; its name opens the holder; once the measure is completed it leaves the list.
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
import { makeIdNumber, mulberry32 } from '../factories/people';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { addDays, todayInChina } from '../../shared/domain/dates';

let rs: RunningStation;
let browser: Browser;
let page: Page;
let token = '';

function api<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
  return rs.station.call(method, input, token) as never;
}

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 2);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

const rows = () => page.locator('[data-testid=worklist] tbody tr');

async function openToday(): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: '今日工作', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
  await page.getByTestId('today-total').filter({ hasText: '共' }).waitFor();
}

describe('今日工作 with overdue plan measures', () => {
  it(
    'lists the overdue measure first, opens its holder, and drops it once completed',
    { timeout: 90_000 },
    async () => {
      const rng = mulberry32(31);
      // an unemployed man registered first: without the measure he would head the list (unemployed first)
      await api('residents.create', {
        name: '周建国',
        idNumber: makeIdNumber(rng, { sex: 'M', birthDate: '1972-09-01', origin: 'hangzhou' }),
        unemployment: { status: 'unemployed', since: '2025-06-01', confirmedAt: todayInChina() },
      });
      // a 45-year-old unemployed woman qualifies as 就业困难人员 (older_unemployed)
      const holderId = makeIdNumber(rng, { sex: 'F', birthDate: '1980-05-20', origin: 'hangzhou' });
      const holder = await api('residents.create', {
        name: '沈月华',
        idNumber: holderId,
        unemployment: { status: 'unemployed', since: '2025-01-10', confirmedAt: todayInChina() },
      });
      const suggested = await api('cards.suggest', { residentId: holder.id });
      expect(suggested.suggestions.map((s) => s.code)).toContain('older_unemployed');
      const card = await api('cards.issue', { residentId: holder.id, categories: ['older_unemployed'] });
      const due = addDays(todayInChina(), -3);
      const measure = await api('plans.addMeasure', {
        cardId: card.id,
        kind: 'job_recommendation',
        owner: '李援助',
        dueDate: due,
        note: '推荐物业保洁岗位',
      });

      await page.goto(rs.url);
      await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
      await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
      await page.getByTestId('today-total').filter({ hasText: '共' }).waitFor();

      const first = rows().first();
      expect(await first.getAttribute('data-kind')).toBe('measure');
      const text = await first.innerText();
      expect(text).toContain('沈月华');
      expect(text).toContain('援助措施逾期 3 天：推荐就业');
      expect(text).toContain('李援助');
      expect(text).toContain('推荐物业保洁岗位');
      // the ID number stays masked in the list
      expect(text).not.toContain(holderId);
      expect(text).toContain(`${holderId.slice(0, 6)}********${holderId.slice(14)}`);
      // both residents are still there for their six clears, after the measure
      expect(await page.locator('[data-testid=worklist] tbody tr[data-kind=measure]').count()).toBe(1);
      expect(await page.locator('[data-testid=worklist] tbody tr[data-kind=clears]').count()).toBe(2);
      await page.screenshot({ path: artifactPath('worklist-overdue.png') });

      await first.getByRole('link', { name: '沈月华' }).click();
      await page.waitForURL(new RegExp(`/residents/${holder.id}$`));
      await page.getByRole('heading', { level: 1 }).filter({ hasText: '沈月华' }).waitFor();
      // a click anywhere on the line opens the resident as well
      await openToday();
      await rows().first().locator('td').nth(4).click();
      await page.waitForURL(new RegExp(`/residents/${holder.id}$`));

      await api('plans.completeMeasure', { measureId: measure.id, result: '已推荐至物业公司，待面试' });
      await openToday();
      await expect
        .poll(() => page.locator('[data-testid=worklist] tbody tr[data-kind=measure]').count())
        .toBe(0);
      expect(await rows().first().getAttribute('data-kind')).toBe('clears');
      expect(await page.locator('[data-testid=worklist] tbody tr[data-kind=clears]').count()).toBe(2);
    },
  );
});
