// The printed standard ledgers, read back from the PDF Chromium makes of the print route (pdfinfo,
// pdftotext): A4 landscape; on every page the title, the community, the date, the column headers and
// "第 n 页 / 共 m 页"; every resident on some page; ID numbers masked unless revealed (and the reveal logged).
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
import { fullClears } from '../station/support';
import { idFor } from './helpers';

let rs: RunningStation;
let browser: Browser;
let token = '';
const names: string[] = [];
const call = (method: string, input: unknown) => rs.station.call(method, input, token) as Promise<any>;

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 1);
  for (let i = 0; i < 90; i++) {
    const name = `居民${String.fromCharCode(0x4e00 + i * 3)}${String.fromCharCode(0x6000 + i)}`;
    names.push(name);
    await call('residents.create', {
      name,
      idNumber: idFor(i, `19${70 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`),
      phone: `1380000${String(1000 + i)}`,
      ...(i % 3 === 0 ? fullClears('2026-01-05') : {}),
    });
  }
  // a man of 53, recorded as unemployed: his household is a zero-employment one
  const first = (await call('residents.findByIdNumber', { idNumber: idFor(3, '1973-04-13') })).resident;
  const h = await call('households.create', {
    address: '景昙路 9 号',
    headName: first.name,
    monthlyIncome: 900,
  });
  await call('households.setMember', { householdId: h.id, residentId: first.id, relation: '户主' });
  const suggested = (await call('cards.suggest', { residentId: first.id })).suggestions.map(
    (s: { code: string }) => s.code,
  );
  await call('cards.issue', {
    residentId: first.id,
    categories: suggested.length ? suggested : ['long_unemployed'],
  });
  // one recommendation for the 推荐就业台账
  const employer = await call('employers.create', { creditCode: '91330104MA2H00011J', name: '景昙物业' });
  const vacancy = await call('vacancies.create', {
    employerId: employer.id,
    title: '小区保洁',
    positions: 1,
    validFrom: '2026-01-01',
    validTo: '2099-12-31',
  });
  await call('recommendations.create', { residentId: first.id, vacancyId: vacancy.id });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await rs?.close();
});

async function pdfOf(path: string, name: string): Promise<string> {
  const page = await browser.newPage();
  await page.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
  await page.goto(`${rs.url}${path}`);
  await page.waitForFunction(() => document.body.dataset.printReady !== undefined, undefined, {
    timeout: 30_000,
  });
  expect(await page.evaluate(() => document.body.dataset.printReady)).toBe('true');
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.close();
  const file = artifactPath(`ledger-${name}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

function info(file: string) {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out)!;
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)![1]), width: Number(size[1]), height: Number(size[2]) };
}
const textOf = (file: string, page?: number) =>
  execFileSync(
    'pdftotext',
    [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-'],
    {
      encoding: 'utf8',
    },
  );

describe('printed standard ledgers', () => {
  it('六清台账: A4 landscape, title, community, date, header and page number on every page', async () => {
    const file = await pdfOf('/print/ledgers/sixClears', 'sixClears');
    const { pages, width, height } = info(file);
    expect(width).toBeCloseTo(841.9, 0);
    expect(height).toBeCloseTo(595.3, 0);
    expect(pages).toBeGreaterThanOrEqual(2);
    for (let p = 1; p <= pages; p++) {
      const text = textOf(file, p);
      expect(text).toContain('六清台账');
      expect(text).toContain('社区：凯旋街道 景昙社区');
      expect(text).toMatch(/制表日期：\d{4}年\d{1,2}月\d{1,2}日/);
      expect(text).toMatch(/身份证号码\s+联系电话/);
      // pdftotext may drop the spaces between CJK runs: compare without white space
      expect(text.replace(/\s+/g, '')).toContain(`第${p}页/共${pages}页`);
    }
    // rows numbered 1…90 in order across the pages
    const numbers = [...textOf(file).matchAll(/^\s*(\d+)\s+居民/gm)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: 90 }, (_, i) => i + 1));
    const all = textOf(file).replace(/\s+/g, '');
    for (const n of names) expect(all).toContain(n);
    expect(all).toContain(`${idFor(0, '1970-01-10').slice(0, 6)}********${idFor(0, '1970-01-10').slice(14)}`);
    expect(all).not.toContain(idFor(0, '1970-01-10'));
    expect(all).toContain('身份证号码、收入已隐去');
  }, 120_000);

  it('prints full ID numbers only when revealed, and logs it', async () => {
    const file = await pdfOf('/print/ledgers/sixClears?reveal=1', 'sixClears-revealed');
    expect(textOf(file).replace(/\s+/g, '')).toContain(idFor(0, '1970-01-10'));
    const log = await rs.station.db
      .selectFrom('access_log')
      .selectAll()
      .where('what', '=', 'reveal_export')
      .execute();
    expect(log.map((l) => l.row_id)).toContain('print:sixClears:90');
  }, 120_000);

  it('就业援助卡发放台账, 零就业家庭台账 and 推荐就业台账 print with their own titles and columns', async () => {
    const cards = textOf(await pdfOf('/print/ledgers/cards', 'cards'));
    expect(cards).toContain('就业援助卡发放台账');
    expect(cards).toMatch(/卡号\s+姓名\s+性别\s+身份证号码\s+援助对象类别/);
    expect(cards).toContain('330104005051-01-');
    expect(cards.replace(/\s+/g, '')).toContain('第1页/共1页');
    const zero = textOf(await pdfOf('/print/ledgers/zeroEmployment', 'zeroEmployment'));
    expect(zero).toContain('零就业家庭台账');
    expect(zero).toContain('景昙路 9 号');
    expect(zero).toMatch(/户主姓名\s+家庭住址\s+家庭人口/);
    const recs = await pdfOf('/print/ledgers/recommendations', 'recommendations');
    expect(info(recs)).toMatchObject({ pages: 1 });
    const rec = textOf(recs);
    expect(rec).toContain('推荐就业台账');
    expect(rec).toMatch(/身份证号码\s+推荐岗位\s+用人单位\s+推荐日期\s+面试日期\s+录用日期\s+推荐结果/);
    expect(rec).toContain('小区保洁');
    expect(rec.replace(/\s+/g, '')).toContain('已推荐');
    expect(rec.replace(/\s+/g, '')).toContain(`${idFor(3, '1973-04-13').slice(0, 6)}********`);
  }, 120_000);
});
