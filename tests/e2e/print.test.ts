// The print route in real Chromium against a real headless station: each layout becomes a PDF whose text
// holds the holders' names and card numbers (pdftotext), whose pages are the paper (pdfinfo), whose QR codes
// decode to the card numbers (pdftoppm at 300 dpi + zbarimg), and whose ID numbers are masked. The print
// button records the print in the log, and a second print is marked as a reprint.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { artifactPath, launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, makeName, mulberry32 } from '../factories/people';

let running: RunningStation;
let browser: Browser;
let token = '';
const cards: Array<{ id: string; cardNumber: string; holderName: string; idNumber: string }> = [];

function call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
  return running.station.call(method, input, token) as Promise<OutputOf<Contract[M]>>;
}

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 3);
  const rng = mulberry32(2026);
  for (let i = 0; i < 3; i++) {
    const sex = i % 2 ? 'M' : 'F';
    const idNumber = makeIdNumber(rng, { sex, birthDate: `197${i}-0${i + 3}-1${i}`, origin: 'hangzhou' });
    const r = await call('residents.create', {
      name: makeName(rng, sex),
      idNumber,
      landlessFarmer: i === 0,
      unemployment: { status: 'unemployed', since: '2024-05-01', confirmedAt: '2025-01-01' },
    });
    const suggested = (await call('cards.suggest', { residentId: r.id })).suggestions.map((s) => s.code);
    const card = await call('cards.issue', { residentId: r.id, categories: suggested });
    cards.push({ id: card.id, cardNumber: card.cardNumber, holderName: r.name, idNumber });
  }
  await call('cards.setContact', {
    cardId: cards[0]!.id,
    officerName: '李援助',
    officerPhone: '0571-86012345',
    hours: '周一至周五 8:30-17:00',
  });
  await call('plans.addMeasure', {
    cardId: cards[0]!.id,
    kind: 'training',
    owner: '李援助',
    dueDate: '2030-06-30',
    note: '育婴师培训',
  });
  await call('plans.addMeasure', {
    cardId: cards[0]!.id,
    kind: 'job_recommendation',
    owner: '王管理',
    dueDate: '2030-07-15',
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function openPrint(layout: string, ids: string[], uiLang: 'zh-CN' | 'en' = 'zh-CN') {
  const page = await browser.newPage();
  await page.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
  await page.addInitScript((lang) => localStorage.setItem('liuqing.lang', lang), uiLang);
  await page.goto(`${running.url}/print/cards?ids=${ids.join(',')}&layout=${layout}`);
  await page.waitForFunction(() => document.body.dataset.printReady !== undefined, undefined, {
    timeout: 30_000,
  });
  return page;
}

function pdfInfo(file: string): { pages: number; width: number; height: number } {
  const out = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out)!;
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)![1]), width: Number(size[1]), height: Number(size[2]) };
}

function qrCodesOn(file: string, page: number, name: string): string[] {
  const prefix = artifactPath(name);
  execFileSync('pdftoppm', [
    '-r',
    '300',
    '-png',
    '-f',
    String(page),
    '-l',
    String(page),
    '-singlefile',
    file,
    prefix,
  ]);
  const out = execFileSync('zbarimg', ['-q', '--raw', `${prefix}.png`], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
    .sort();
}

async function renderPdf(layout: 'card' | 'sheet' | 'booklet', ids: string[]): Promise<string> {
  const page = await openPrint(layout, ids);
  expect(await page.evaluate(() => document.body.dataset.printReady)).toBe('true');
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.close();
  const file = artifactPath(`print-${layout}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

function expectMasked(text: string) {
  for (const c of cards) {
    expect(text).not.toContain(c.idNumber);
    expect(text).toContain(`${c.idNumber.slice(0, 6)}********${c.idNumber.slice(14)}`);
  }
}

describe('print route', () => {
  it('card layout: front and back per card at 85.6×54 mm, names, numbers, QR', async () => {
    const file = await renderPdf(
      'card',
      cards.map((c) => c.id),
    );
    const info = pdfInfo(file);
    expect(info.pages).toBe(2 * cards.length);
    expect(info.width).toBeCloseTo(242.6, 0);
    expect(info.height).toBeCloseTo(153.1, 0);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const c of cards) {
      expect(text).toContain(c.holderName);
      expect(text).toContain(c.cardNumber);
    }
    expect(text).toContain('就业援助卡');
    expect(text).toContain('就业援助服务联系卡');
    expect(text).toContain('0571-86012345');
    expectMasked(text);
    for (const [i, c] of cards.entries())
      expect(qrCodesOn(file, 2 * i + 1, `print-card-${i + 1}`)).toEqual([c.cardNumber]);
  });

  it('sheet layout: A4 with the cards, crop marks and all QR codes decodable', async () => {
    const file = await renderPdf(
      'sheet',
      cards.map((c) => c.id),
    );
    const info = pdfInfo(file);
    expect(info.pages).toBe(2); // fronts, then backs
    expect(Math.abs(info.width - 595.3)).toBeLessThan(1);
    expect(Math.abs(info.height - 841.9)).toBeLessThan(1);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const c of cards) {
      expect(text).toContain(c.holderName);
      expect(text).toContain(c.cardNumber);
    }
    expectMasked(text);
    expect(qrCodesOn(file, 1, 'print-sheet-front')).toEqual(cards.map((c) => c.cardNumber).sort());
  });

  it('booklet layout: A5 page per holder with the plan and the contact card', async () => {
    const file = await renderPdf(
      'booklet',
      cards.map((c) => c.id),
    );
    const info = pdfInfo(file);
    expect(info.pages).toBe(cards.length);
    // A5 is 419.5×595.3 pt; Chromium writes whole points for named sizes
    expect(Math.abs(info.width - 419.5)).toBeLessThan(1);
    expect(Math.abs(info.height - 595.3)).toBeLessThan(1);
    const first = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], {
      encoding: 'utf8',
    });
    expect(first).toContain(cards[0]!.holderName);
    expect(first).toContain(cards[0]!.cardNumber);
    expect(first).toContain('就业援助卡本');
    expect(first).toContain('育婴师培训');
    expect(first).toContain('李援助');
    expect(qrCodesOn(file, 1, 'print-booklet-1')).toEqual([cards[0]!.cardNumber]);
  });

  it('the print button logs the print; a second print is a reprint; bad links say what is wrong', async () => {
    const page = await openPrint('card', [cards[1]!.id]);
    await page.evaluate(() => {
      window.print = () => undefined; // headless: no dialog to wait for
    });
    await page.getByRole('button', { name: '打印' }).click();
    await expect.poll(async () => (await call('cards.printLog', { cardId: cards[1]!.id })).total).toBe(1);
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.printReady === 'true');
    await page.getByText('其中 1 张以前打印过').waitFor();
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByRole('button', { name: '打印' }).click();
    await expect
      .poll(async () => (await call('cards.printLog', { cardId: cards[1]!.id })).items.map((e) => e.reprint))
      .toEqual([true, false]);
    await page.goto(`${running.url}/print/cards?layout=card`);
    await page.waitForFunction(() => document.body.dataset.printReady === 'error');
    expect(await page.getByRole('alert').textContent()).toContain('没有指定要打印的援助卡');
    await page.close();
  });

  it('prints in Chinese when the desk is set to English: only the toolbar follows the switch', async () => {
    const page = await openPrint('booklet', [cards[0]!.id], 'en');
    expect(await page.evaluate(() => document.body.dataset.printReady)).toBe('true');
    await page.getByRole('button', { name: 'Print', exact: true }).waitFor();
    await page.getByText('A5 paper, one page per holder.').waitFor();
    const file = artifactPath('print-booklet-en-desk.pdf');
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    await page.close();
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const zh of [
      '就业援助卡本',
      '持卡人信息',
      '援助计划',
      '职业培训',
      '育婴师培训',
      '就业援助服务联系卡',
    ])
      expect(text).toContain(zh);
    for (const en of ['Employment', 'Holder', 'Training', 'Assistance']) expect(text).not.toContain(en);
  });
});
