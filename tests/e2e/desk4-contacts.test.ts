// Issue 15, "missing on the desk": 今日工作 rows are marked contacted (电话 / 上门 / 未联系上, with a note):
// the mark is a service on the person, written with its outbox entry, and the row leaves the list until the
// mark's next due date (the station agrees after a reload); a mark on an overdue measure's row takes that
// measure off too. And the contact card of a new assistance card comes filled in with the logged-in
// assistant's name and the phone of their account, set under 设置 → 我的信息.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import {
  ADMIN,
  artifactPath,
  launchBrowser,
  startStation,
  type RunningStation,
  setUpAndLogin,
} from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { addDays, todayInChina } from '../../shared/domain/dates';

let running: RunningStation;
let browser: Browser;
let token = '';

function call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
  return running.station.call(method, input, token) as Promise<OutputOf<Contract[M]>>;
}

const today = todayInChina();
const longDate = (iso: string) => `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8)}日`;
let zhou: OutputOf<Contract['residents.create']>;
let shen: OutputOf<Contract['residents.create']>;
let card: OutputOf<Contract['cards.issue']>;

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 5);
  const rng = mulberry32(1505);
  zhou = await call('residents.create', {
    name: '周建国',
    idNumber: makeIdNumber(rng, { sex: 'M', birthDate: '1972-09-01', origin: 'hangzhou' }),
    unemployment: { status: 'unemployed', since: '2025-06-01', confirmedAt: today },
  });
  // a 45-year-old unemployed woman: a card holder (就业困难人员) with a measure three days overdue
  shen = await call('residents.create', {
    name: '沈月华',
    idNumber: makeIdNumber(rng, { sex: 'F', birthDate: '1980-05-20', origin: 'hangzhou' }),
    unemployment: { status: 'unemployed', since: '2025-01-10', confirmedAt: today },
  });
  card = await call('cards.issue', { residentId: shen.id, categories: ['older_unemployed'] });
  await call('plans.addMeasure', {
    cardId: card.id,
    kind: 'job_recommendation',
    owner: '李援助',
    dueDate: addDays(today, -3),
    note: '推荐物业保洁岗位',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function deskPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN' });
  await context.addInitScript((tk) => sessionStorage.setItem('liuqing.token', tk), token);
  return context.newPage();
}

const rows = (page: Page) => page.locator('[data-testid=worklist] tbody tr:not([data-testid=contact-form])');

async function openToday(page: Page, total: number): Promise<void> {
  await page.goto(running.url);
  await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
  await page
    .getByTestId('today-total')
    .filter({ hasText: `共 ${total} 条` })
    .waitFor();
}

const outboxOf = (rowId: string) =>
  running.station.db.selectFrom('outbox').select(['entity', 'op']).where('row_id', '=', rowId).execute();

describe('今日工作 contact marks', () => {
  it('records 电话 with a note on a six-clears row and takes it off until the next due date', async () => {
    const page = await deskPage();
    await openToday(page, 3);
    const row = rows(page).filter({ hasText: '周建国' });
    await row.getByRole('button', { name: '记录联系：周建国' }).click();
    // the button opens the mark, not the resident
    expect(new URL(page.url()).pathname).toBe('/');
    const form = page.getByTestId('contact-form');
    await form.getByText('记录联系：周建国').waitFor();
    await form.getByRole('button', { name: '保存联系记录' }).click();
    await form.getByText('请选择联系方式').waitFor();
    expect((await call('worklist.contacts', { residentId: zhou.id })).items).toEqual([]);

    await form.getByRole('radio', { name: '电话' }).check();
    const next = addDays(today, 30);
    expect(await form.getByLabel('下次联系日期').inputValue()).toBe(next);
    await form.getByLabel('情况说明').fill('本人在找保洁工作，下周来站里登记');
    await form.getByRole('button', { name: '保存联系记录' }).click();
    await page
      .getByTestId('contact-done')
      .filter({ hasText: `已记录 周建国：电话联系。${longDate(next)} 再列入今日工作。` })
      .waitFor();
    await page.getByTestId('today-total').filter({ hasText: '共 2 条' }).waitFor();
    expect(await rows(page).filter({ hasText: '周建国' }).count()).toBe(0);
    await page.screenshot({ path: artifactPath('desk4-contact-marked.png') });

    // a service on the person, with its outbox entry (the plan is opened for them on the way)
    const marks = (await call('worklist.contacts', { residentId: zhou.id })).items;
    expect(marks).toMatchObject([
      {
        kind: 'contact_phone',
        date: today,
        note: '本人在找保洁工作，下周来站里登记',
        nextDue: next,
        givenBy: ADMIN.displayName,
      },
    ]);
    expect(await outboxOf(marks[0]!.id)).toEqual([{ entity: 'plan_services', op: 'create' }]);
    expect(await outboxOf(zhou.id)).toContainEqual({ entity: 'card_plans', op: 'create' });

    // the station agrees: a reload does not bring the row back
    await openToday(page, 2);
    expect(await rows(page).filter({ hasText: '周建国' }).count()).toBe(0);
    // the resident's page lists the mark
    await page.goto(`${running.url}/residents/${zhou.id}`);
    const log = page.getByTestId('contact-log');
    await log.getByText('电话联系：本人在找保洁工作，下周来站里登记').waitFor();
    expect(await log.innerText()).toContain(`下次 ${longDate(next)}`);
    await page.context().close();
  });

  it('records 未联系上 on an overdue measure with its own next date; a past date is refused', async () => {
    const page = await deskPage();
    await openToday(page, 2);
    const measureRow = page.locator('[data-testid=worklist] tbody tr[data-kind=measure]');
    await measureRow.getByRole('button', { name: '记录联系：沈月华' }).click();
    const form = page.getByTestId('contact-form');
    await form.getByRole('radio', { name: '未联系上' }).check();
    expect(await form.getByLabel('下次联系日期').inputValue()).toBe(addDays(today, 3));
    await form.getByLabel('下次联系日期').fill(today);
    await form.getByRole('button', { name: '保存联系记录' }).click();
    await form.getByText('下次联系日期应晚于今天').waitFor();
    await expect(
      call('worklist.markContacted', { residentId: shen.id, how: 'unreached', nextDue: today }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await call('worklist.contacts', { residentId: shen.id })).items).toEqual([]);

    await form.getByLabel('下次联系日期').fill(addDays(today, 2));
    await form.getByRole('button', { name: '保存联系记录' }).click();
    await page.getByTestId('contact-done').filter({ hasText: '已记录 沈月华：未联系上。' }).waitFor();
    // the measure's row and her six-clears row leave together; nothing is left today
    await page.getByText('今天没有待联系的居民。').waitFor();
    await openToday(page, 0);
    const marks = (await call('worklist.contacts', { residentId: shen.id })).items;
    expect(marks).toMatchObject([
      { kind: 'contact_unreached', note: '未联系上', nextDue: addDays(today, 2) },
    ]);
    expect(marks[0]!.measureId).not.toBeNull();
    // the holder's plan shows the mark among the services given
    const plan = await call('plans.get', { cardId: card.id });
    expect(plan.services.map((s) => s.kind)).toContain('contact_unreached');
    await page.context().close();
  });
});

describe('the contact card is filled in from the logged-in account', () => {
  it('takes the assistant name and the phone set under 我的信息', async () => {
    const page = await deskPage();
    await page.goto(`${running.url}/settings`);
    const mine = page.getByTestId('my-account');
    expect(await mine.getByLabel('姓名').inputValue()).toBe(ADMIN.displayName);
    // a wrong number is refused, nothing kept
    await mine.getByLabel('我的联系电话').fill('12345');
    await mine.getByRole('button', { name: '保存电话' }).click();
    await mine.locator('.field-error').first().waitFor();
    expect((await call('session.me', {})).operator.phone ?? null).toBeNull();
    await mine.getByLabel('我的联系电话').fill('0571 8600 1234');
    await mine.getByRole('button', { name: '保存电话' }).click();
    await mine.getByText('电话已保存').waitFor();
    expect(await mine.getByLabel('我的联系电话').inputValue()).toBe('0571-86001234');
    // the admin sees it in the operators list, and sets an assistant's phone there
    await page.locator('table').filter({ hasText: '0571-86001234' }).first().waitFor();
    const li = await call('operators.create', {
      username: 'lihua',
      password: 'lihua-pass-1',
      displayName: '李华',
      role: 'assistant',
    });
    await page.reload();
    await page.getByRole('button', { name: '改电话：李华' }).click();
    const row = page.getByTestId('phone-lihua');
    await row.getByLabel('李华 的电话').fill('139 0571 0003');
    await row.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存 李华 的电话').waitFor();
    await page.locator('tr', { hasText: 'lihua' }).filter({ hasText: '13905710003' }).waitFor();
    expect((await call('operators.list', {})).items.find((o) => o.id === li.id)?.phone).toBe('13905710003');

    // a card without a contact card: filled in, said so, and saved as shown
    await page.getByRole('navigation').getByRole('link', { name: '援助卡', exact: true }).click();
    const cardRow = page.locator('tr', { hasText: card.cardNumber });
    await cardRow.getByRole('button', { name: '查看' }).click();
    await page.getByTestId('contact-prefilled').waitFor();
    expect(await page.getByLabel('援助员姓名').inputValue()).toBe(ADMIN.displayName);
    expect(await page.getByLabel('援助员电话').inputValue()).toBe('0571-86001234');
    await page.getByLabel('服务时间').fill('工作日 8:30–17:00');
    await page.screenshot({ path: artifactPath('desk4-contact-card.png'), fullPage: true });
    await page.getByRole('button', { name: '保存联系卡' }).click();
    await expect
      .poll(async () => (await call('cards.get', { id: card.id })).contact)
      .toMatchObject({
        officerName: ADMIN.displayName,
        officerPhone: '0571-86001234',
        hours: '工作日 8:30–17:00',
      });
    // a saved contact card shows what was saved, not the account
    await expect.poll(() => page.getByTestId('contact-prefilled').count()).toBe(0);
    await page.context().close();
  });
});
