// 报表 in Chromium against a real headless station: the month's figures counted offline, a count opened
// into its list (ID numbers masked, its own URL that survives a reload, Esc goes back), the chart drawn once
// however often the page is left and reopened, and the Excel export in the 通报 layout read back with exceljs.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
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
import { DOCUMENT_HEADERS } from '../../shared/reports/columns';
import { makeIdNumber, mulberry32 } from '../factories/people';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { todayInChina } from '../../shared/domain/dates';

let rs: RunningStation;
let browser: Browser;
let page: Page;
let token = '';
const ids: string[] = [];

function api<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
  return rs.station.call(method, input, token) as never;
}

const today = todayInChina();
const month = today.slice(0, 7);
const all = (confirmedAt: string) => ({
  skills: { items: [{ name: '电工' }], confirmedAt },
  training: { wants: false, courses: [], confirmedAt },
  preferences: { occupations: [], industries: [], confirmedAt },
  income: { householdSize: 1, monthlyIncome: 2000, subsistence: 'none' as const, confirmedAt },
  outcome: { result: 'not_yet' as const, confirmedAt },
});

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 2);
  const rng = mulberry32(7);
  // two registered unemployed of working age (one six-clear), one employed man with nothing else recorded
  for (const [name, sex, birthDate, registered, complete] of [
    ['周建国', 'M', '1980-03-01', true, true],
    ['沈月华', 'F', '1990-05-20', true, false],
    ['陈立新', 'M', '1995-11-11', false, false],
  ] as const) {
    const idNumber = makeIdNumber(rng, { sex, birthDate, origin: 'hangzhou' });
    ids.push(idNumber);
    await api('residents.create', {
      name,
      idNumber,
      unemployment: registered
        ? { status: 'unemployed', registered: true, since: '2025-01-01', confirmedAt: today }
        : { status: 'employed', confirmedAt: today },
      ...(complete ? all(today) : {}),
    });
  }
  browser = await launchBrowser();
  page = await browser.newPage({
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  await page.goto(rs.url);
  await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

const cell = (figure: string) => page.locator(`[data-testid=report-table] tr[data-figure=${figure}] td.num`);

describe('报表 at the desk', () => {
  it('shows the month counted offline, drills into a count and comes back', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation').getByRole('link', { name: '报表', exact: true }).click();
    await page.getByTestId('report-table').waitFor();
    expect(page.url()).toContain('/reports');
    expect(await cell('workingAge').innerText()).toBe('3');
    expect(await cell('sixClearComplete').innerText()).toBe('1');
    expect(await cell('sixClearCompleteRate').innerText()).toBe('33.3%');
    expect(await cell('registeredUnemployed').innerText()).toBe('2');
    expect(await page.locator('[data-testid=report-chart] canvas').count()).toBe(1);

    await page.getByTestId('drill-registeredUnemployed').click();
    const list = page.getByTestId('drill-list');
    await list.waitFor();
    expect(page.url()).toContain(`kind=month&value=${month}&figure=registeredUnemployed`);
    const text = await list.innerText();
    expect(text).toContain('周建国');
    expect(text).toContain('沈月华');
    expect(text).not.toContain('陈立新');
    // masked, never whole
    expect(text).not.toContain(ids[0]!);
    expect(text).toContain(`${ids[0]!.slice(0, 6)}********${ids[0]!.slice(14)}`);
    // the list has its own URL: a reload lands on it
    await page.reload();
    await page.getByTestId('drill-list').filter({ hasText: '周建国' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('report-table').waitFor();
    expect(page.url()).not.toContain('figure=');
  });

  it('draws one chart however often the page is left and reopened', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 3; i++) {
      await page.getByRole('navigation').getByRole('link', { name: '今日工作', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: '今日工作' }).waitFor();
      expect(await page.locator('[data-testid=report-chart]').count()).toBe(0);
      await page.getByRole('navigation').getByRole('link', { name: '报表', exact: true }).click();
      await page.locator('[data-testid=report-chart] canvas').waitFor();
    }
    expect(await page.locator('canvas').count()).toBe(1);
  });

  it('refuses a period that is not one, in Chinese', async () => {
    await page.goto(`${rs.url}/reports?kind=month&value=2026-13`);
    await page.getByText('报表期间不正确').waitFor();
    expect(await page.getByTestId('report-table').count()).toBe(0);
  });

  it('prints the 通报 on A4 landscape: title, period and every column header on each page, no frame', async () => {
    await page.goto(`${rs.url}/reports?kind=month&value=${month}`);
    await page.getByTestId('report-table').waitFor();
    await page.emulateMedia({ media: 'print' });
    const pdf = artifactPath('desk-report-print.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
    expect([Math.round(Number(size[1])), Math.round(Number(size[2]))]).toEqual([842, 595]);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    for (let p = 1; p <= pages; p++) {
      // read in drawing order without white space: a column header wraps inside its cell
      const text = execFileSync('pdftotext', ['-raw', '-f', String(p), '-l', String(p), pdf, '-'], {
        encoding: 'utf8',
      }).replace(/\s+/g, '');
      expect(text).toMatch(/社区就业援助工作情况通报/);
      expect(text).toMatch(/^.*统计期间：\d{4}年\d+月1日至\d{4}年\d+月\d+日/);
      for (const header of Object.values(DOCUMENT_HEADERS)) expect(text).toContain(header);
      expect(text).not.toContain('今日工作');
      expect(text).not.toContain('导出Excel');
    }
    const all = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    // the community's row and the totals row: 3 of working age, 1 six-clear (33.3%), 2 registered unemployed
    expect(all).toMatch(/合计\s+3\s+1\s+33\.3\s+0\s+0\.0\s+2\s/);
  });

  it(
    'exports the 通报 layout: title, period, units, frozen header, totals row',
    { timeout: 60_000 },
    async () => {
      await page.goto(`${rs.url}/reports?kind=month&value=${month}`);
      await page.getByTestId('report-table').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('reports-export').click(),
      ]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync((await download.path())!) as never);
      const ws = wb.worksheets[0]!;
      expect(String(ws.getCell('A1').value)).toContain('就业援助工作情况通报');
      expect(String(ws.getCell('A2').value)).toMatch(/^统计期间：\d{4}年\d+月1日 至 /);
      expect(String(ws.getCell('A4').value)).toContain('单位：人、户');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
      expect(ws.getCell('A5').value).toBe('单位');
      expect(ws.getCell('B5').value).toBe('劳动年龄登记人数（人）');
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.printTitlesRow).toBe('5:5');
      const total = ws.getRow(7);
      expect(total.getCell(1).value).toBe('合计');
      expect(total.getCell(2).value).toBe(3);
      expect(total.getCell(7).value).toBe(2); // registered unemployed
      expect(ws.getRow(6).getCell(2).value).toBe(3);
    },
  );
});
