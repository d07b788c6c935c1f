// The printed 培训台账, reached the way the desk reaches it — the 培训台账 button on /training — and read back
// from the PDF Chromium makes of /print/ledgers/training (pdfinfo, pdftotext): A4 landscape, title,
// community, date, column headers and page number; the enrolment with its certificate; ID number masked.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  artifactPath,
  launchBrowser,
  setUpAndLogin,
  startStation,
  type RunningStation,
} from '../e2e/harness';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { idNumberFor } from '../matching/helpers';
import { CARE } from '../training/helpers';

let rs: RunningStation;
let browser: Browser;
let token = '';
const call = <M extends MethodName>(m: M, i: InputOf<Contract[M]>) =>
  rs.station.call(m, i, token) as Promise<OutputOf<Contract[M]>>;
const ID = idNumberFor('19800315', 41);

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 1);
  const person = await call('residents.create', { name: '陈建国', idNumber: ID });
  const today = todayInChina();
  const course = await call('training.courses.create', {
    ...CARE,
    start: addDays(today, -30),
    end: today,
  });
  await call('training.enrol', { courseId: course.id, residentId: person.id });
  await call('training.complete', {
    courseId: course.id,
    residentId: person.id,
    date: today,
    certificate: { kind: 'qualification', level: '四级/中级工', number: 'Q2026033107' },
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

describe('printed 培训台账', () => {
  it('the button on /training opens the print route; A4 landscape with title, header, page number', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await page.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
    await page.goto(`${rs.url}/training`);
    await page.getByRole('button', { name: '培训台账' }).click();
    await page.waitForURL(/\/print\/ledgers\/training$/);
    await page.waitForFunction(() => document.body.dataset.printReady !== undefined, undefined, {
      timeout: 30_000,
    });
    expect(await page.evaluate(() => document.body.dataset.printReady)).toBe('true');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.close();
    const file = artifactPath('ledger-training.pdf');
    writeFileSync(file, pdf);

    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(size[1])).toBeCloseTo(841.9, 0);
    expect(Number(size[2])).toBeCloseTo(595.3, 0);
    expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(1);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('培训台账');
    expect(text).toContain('社区：凯旋街道 景昙社区');
    expect(text).toMatch(/制表日期：\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).toMatch(/姓名\s+身份证号码\s+培训课程\s+培训类型\s+培训机构/);
    // pdftotext may drop or add spaces between CJK runs (and wrap narrow cells): compare without white space
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('第1页/共1页');
    expect(flat).toContain('陈建国');
    expect(text).toMatch(/结业日期\s+证书\s+六个月内就业/);
    expect(flat).toContain('订单式培训');
    expect(flat).toContain('已结业');
    expect(flat).toContain('职业资格证书');
    expect(flat).toContain('Q2026033107');
    expect(flat).toContain(`${ID.slice(0, 6)}********${ID.slice(14)}`);
    expect(flat).not.toContain(ID);
  }, 120_000);
});
