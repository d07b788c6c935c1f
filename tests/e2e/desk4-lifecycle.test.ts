// Issue 15, "missing on the desk": a resident's lifecycle. On the record's page an assistant marks a person
// deceased (or moved away, retired, past working age) with a date and a reason — a date after today or
// before birth is refused on the page and by the station, nothing written — and puts them back in the book
// only after a confirmation. The person stays in the grid, marked, with a chip that lists who left; they
// leave the working-age band, the 4050 chip, 今日工作 and the station's working-age report figures. The
// panel works in English as in Chinese (moved away to a community of this district, with the transfer note).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { artifactPath, launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { addDays, todayInChina } from '../../shared/domain/dates';

let running: RunningStation;
let browser: Browser;
let token = '';

function call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
  return running.station.call(method, input, token) as Promise<OutputOf<Contract[M]>>;
}

function bornAged(age: number): string {
  const d = new Date(`${todayInChina()}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age);
  d.setUTCMonth(d.getUTCMonth() - 3);
  return d.toISOString().slice(0, 10);
}

const today = todayInChina();
const unemployed = { status: 'unemployed' as const, since: '2024-01-15', confirmedAt: today };
let qian: OutputOf<Contract['residents.create']>;
let zheng: OutputOf<Contract['residents.create']>;

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 4);
  const rng = mulberry32(1504);
  const make = (name: string, sex: 'M' | 'F', age: number) =>
    call('residents.create', {
      name,
      idNumber: makeIdNumber(rng, { sex, birthDate: bornAged(age), origin: 'hangzhou' }),
      unemployment: unemployed,
    });
  qian = await make('钱桂芳', 'F', 45);
  zheng = await make('郑国强', 'M', 52);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function deskPage(lang: 'zh-CN' | 'en'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 2600, height: 1000 }, locale: lang });
  await context.addInitScript(
    ([tk, l]) => {
      sessionStorage.setItem('liuqing.token', tk!);
      localStorage.setItem('liuqing.lang', l!);
    },
    [token, lang],
  );
  return context.newPage();
}

const workingAge = async (to: string) =>
  (await call('reports.community', { period: { kind: 'dates', value: '2020-01-01', to } })).figures
    .workingAge;

async function onWorklist(id: string): Promise<boolean> {
  return (await call('worklist.today', { offset: 0, limit: 200 })).items.some((i) => i.resident.id === id);
}

async function waitTotal(page: Page, n: number): Promise<void> {
  await page
    .getByTestId('residents-total')
    .filter({ hasText: new RegExp(`^共 ${n} 条$`) })
    .waitFor();
}

describe('a resident lifecycle on the desk', () => {
  it('marks a person deceased with checks, keeps them marked in the grid and off the counts, and undoes it', async () => {
    const deathDate = addDays(today, -5);
    expect(await workingAge(today)).toBe(2);
    expect(await onWorklist(qian.id)).toBe(true);

    const page = await deskPage('zh-CN');
    await page.goto(`${running.url}/residents/${qian.id}`);
    const panel = page.getByTestId('lifecycle-panel');
    await panel.getByTestId('lifecycle-state').filter({ hasText: '在册' }).waitFor();
    await panel.getByRole('button', { name: '办理离册…' }).click();

    // nothing filled in: each field says what it needs
    await panel.getByRole('button', { name: '确认离册' }).click();
    await panel.getByText('请选择离册类型').waitFor();
    await panel.getByText('请填写离册日期').waitFor();
    await panel.getByText('请填写原因（至少 2 个字）').waitFor();
    await panel.getByLabel('离册类型').selectOption({ label: '死亡' });
    await panel.getByLabel('原因').fill('家属告知，病故');
    // a date after today, then one before birth: refused on the page
    await panel.getByLabel('离册日期').fill(addDays(today, 1));
    await panel.getByRole('button', { name: '确认离册' }).click();
    await panel.getByText('离册日期不能晚于今天').waitFor();
    await panel.getByLabel('离册日期').fill('1970-01-01');
    await panel.getByRole('button', { name: '确认离册' }).click();
    await panel.getByText(/离册日期不能早于出生日期/).waitFor();
    // and by the station: nothing is written
    await expect(
      call('residents.setLifecycle', {
        id: qian.id,
        lifecycle: { state: 'deceased', date: addDays(today, 1), reason: '家属告知' },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await call('residents.get', { id: qian.id })).lifecycle).toBeNull();

    await panel.getByLabel('离册日期').fill(deathDate);
    await panel.getByRole('button', { name: '确认离册' }).click();
    await panel.getByTestId('lifecycle-banner').waitFor();
    const banner = await panel.getByTestId('lifecycle-banner').innerText();
    expect(banner).toContain(
      `已离册：死亡（${deathDate.slice(0, 4)}年${deathDate.slice(5, 7)}月${deathDate.slice(8)}日）`,
    );
    expect(banner).toContain('原因：家属告知，病故');
    expect(await panel.getByTestId('lifecycle-state').innerText()).toBe('死亡');
    await page.screenshot({ path: artifactPath('desk4-lifecycle-deceased.png'), fullPage: true });
    expect((await call('residents.get', { id: qian.id })).lifecycle).toEqual({
      state: 'deceased',
      date: deathDate,
      reason: '家属告知，病故',
    });

    // off the counts: working age from the death on (a period that ended before it still counts her), the
    // work list, the 4050 chip; still in the grid, marked, and listed by the chip of those who left
    expect(await workingAge(today)).toBe(1);
    expect(await workingAge(addDays(deathDate, -1))).toBe(2);
    expect(await onWorklist(qian.id)).toBe(false);
    await page.goto(`${running.url}/residents`);
    await waitTotal(page, 2);
    const row = page.getByTestId('residents-grid').locator('.ag-row', { hasText: '钱桂芳' });
    await expect.poll(() => row.locator('[col-id="lifecycle"]').innerText()).toBe('死亡');
    const other = page.getByTestId('residents-grid').locator('.ag-row', { hasText: '郑国强' });
    expect(await other.locator('[col-id="lifecycle"]').innerText()).toBe('在册');
    await page.getByTestId('residents-chips').getByRole('button', { name: '已离册人员' }).click();
    await waitTotal(page, 1);
    await page.getByTestId('residents-grid').locator('.ag-row', { hasText: '钱桂芳' }).waitFor();
    await page.getByTestId('residents-chips').getByRole('button', { name: '4050 失业未持卡' }).click();
    await waitTotal(page, 1);
    await page.getByTestId('residents-grid').locator('.ag-row', { hasText: '郑国强' }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: '今日工作', exact: true }).click();
    await page.getByTestId('today-total').filter({ hasText: '共 1 条' }).waitFor();
    expect(await page.getByTestId('worklist').innerText()).not.toContain('钱桂芳');

    // back in the book only after the confirmation; 取消 leaves it as it was
    await page.goto(`${running.url}/residents/${qian.id}`);
    await panel.getByRole('button', { name: '恢复在册' }).click();
    const ask = panel.getByTestId('lifecycle-undo-ask');
    await ask.getByText('确定将 钱桂芳 恢复为在册吗？').waitFor();
    await ask.getByRole('button', { name: '取消' }).click();
    expect((await call('residents.get', { id: qian.id })).lifecycle).not.toBeNull();
    await panel.getByRole('button', { name: '恢复在册' }).click();
    await ask.getByRole('button', { name: '确定恢复在册' }).click();
    await panel.getByTestId('lifecycle-state').filter({ hasText: '在册' }).waitFor();
    await panel.getByText('已恢复在册').waitFor();
    expect((await call('residents.get', { id: qian.id })).lifecycle).toBeNull();
    expect(await onWorklist(qian.id)).toBe(true);
    expect(await workingAge(today)).toBe(2);
    await page.context().close();
  });

  it('works in English: moved away to a community of this district, with the transfer note', async () => {
    const page = await deskPage('en');
    await page.goto(`${running.url}/residents/${zheng.id}`);
    const panel = page.getByTestId('lifecycle-panel');
    await panel.getByTestId('lifecycle-state').filter({ hasText: 'In the book' }).waitFor();
    await panel.getByRole('button', { name: 'Mark as left…' }).click();
    await panel.getByLabel('How they left').selectOption({ label: 'Moved away' });
    const to = panel.getByLabel('To a community of this district');
    await expect.poll(() => to.locator('option').count()).toBeGreaterThan(1);
    const options = await to.locator('option').allInnerTexts();
    expect(options[0]).toBe('Outside the district');
    const target = options[1]!;
    await to.selectOption({ label: target });
    const communityName = target.split(' ').pop()!;
    await panel.getByText(`Moving to ${communityName} in this district`).waitFor();
    await panel.getByLabel('Moved to (address)').fill('3 Jingfang Road');
    await panel.getByLabel('Date left').fill(addDays(today, 2));
    await panel.getByRole('button', { name: 'Confirm' }).click();
    await panel.getByText('The date cannot be after today').waitFor();
    await panel.getByText('Enter a reason (at least 2 characters)').waitFor();
    await panel.getByLabel('Date left').fill(addDays(today, -1));
    await panel.getByLabel('Reason').fill('Moved with family');
    await panel.getByRole('button', { name: 'Confirm' }).click();
    const banner = panel.getByTestId('lifecycle-banner');
    await banner.waitFor();
    const text = await banner.innerText();
    expect(text).toContain(`Left the book: Moved away (${addDays(today, -1)}). Reason: Moved with family`);
    expect(text).toContain(`Moved to: ${communityName} 3 Jingfang Road`);
    // the words are English (the community's own name is the reference data's)
    for (const zh of ['离册', '原因', '迁往', '迁出']) expect(text).not.toContain(zh);
    expect(await panel.getByTestId('lifecycle-state').innerText()).toBe('Moved away');
    const saved = await call('residents.get', { id: zheng.id });
    expect(saved.lifecycle).toMatchObject({ state: 'moved_away', destination: '3 Jingfang Road' });
    expect(saved.lifecycle?.toCommunity).toMatch(/^\d{12}$/);
    await page.screenshot({ path: artifactPath('desk4-lifecycle-en.png'), fullPage: true });
    await panel.getByRole('button', { name: 'Back in the book' }).click();
    await panel.getByText('Put 郑国强 back in the book?', { exact: false }).waitFor();
    await panel.getByRole('button', { name: 'Yes, back in the book' }).click();
    await panel.getByTestId('lifecycle-state').filter({ hasText: 'In the book' }).waitFor();
    await page.context().close();
  });
});
