// Issue 15, defect 4: card text ran under the QR code when a holder had three or more categories (孙丽:
// "低保/低边家庭成员" cut). The front of a card is printed with the longest combination the desk accepts
// (every category in force: those the rules suggest, the rest on the assistant's reason) and with the
// three-category case, then read back from the PDF: every category name is in the text, no word's box
// (pdftotext -bbox) reaches into the QR code's box or past the card, and at 600 dpi no dark pixel lies in
// the white strip between the text column and the QR code, while the QR code itself still decodes.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { artifactPath, launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';

let running: RunningStation;
let browser: Browser;
let token = '';

function call<M extends MethodName>(method: M, input: InputOf<Contract[M]>): Promise<OutputOf<Contract[M]>> {
  return running.station.call(method, input, token) as Promise<OutputOf<Contract[M]>>;
}

// the QR code's box on the front (renderer/src/print/styles.ts: right 2.4 mm, top 11 mm, 19 mm square)
const MM = 72 / 25.4;
const QR = { left: 85.6 - 2.4 - 19, top: 11, right: 85.6 - 2.4, bottom: 30 };

interface Word {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
  text: string;
}

function wordsOf(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  const out: Word[] = [];
  for (const m of html.matchAll(
    /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g,
  ))
    out.push({
      xMin: Number(m[1]) / MM,
      yMin: Number(m[2]) / MM,
      xMax: Number(m[3]) / MM,
      yMax: Number(m[4]) / MM,
      text: m[5]!,
    });
  return out;
}

/** A greyscale PGM of page 1 at `dpi`: width, height and one byte per pixel. */
function render(file: string, dpi: number, name: string): { w: number; h: number; px: Buffer } {
  const prefix = artifactPath(name);
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
  const buf = readFileSync(`${prefix}.pgm`);
  // P5\n<w> <h>\n<max>\n<data>
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'))!;
  return { w: Number(header[1]), h: Number(header[2]), px: buf.subarray(header[0].length) };
}

async function frontPdf(cardId: string, name: string): Promise<string> {
  const page = await browser.newPage();
  await page.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), token);
  await page.goto(`${running.url}/print/cards?ids=${cardId}&layout=card`);
  await page.waitForFunction(() => document.body.dataset.printReady !== undefined, undefined, {
    timeout: 30_000,
  });
  expect(await page.evaluate(() => document.body.dataset.printReady)).toBe('true');
  const file = artifactPath(`${name}.pdf`);
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  await page.screenshot({ path: artifactPath(`${name}.png`) });
  await page.close();
  return file;
}

function checkFront(file: string, name: string, cardNumber: string, categoryNames: string[]): void {
  const words = wordsOf(file);
  const text = words.map((w) => w.text).join('');
  for (const c of categoryNames) expect(text, `category ${c} on the card`).toContain(c);
  for (const w of words) {
    const overlaps = w.xMax > QR.left && w.xMin < QR.right && w.yMax > QR.top && w.yMin < QR.bottom;
    expect(overlaps, `"${w.text}" at ${w.xMin.toFixed(1)}–${w.xMax.toFixed(1)} mm runs under the QR`).toBe(
      false,
    );
    expect(w.xMax, `"${w.text}" past the card's right edge`).toBeLessThanOrEqual(85.6);
    expect(w.yMax, `"${w.text}" past the card's bottom edge`).toBeLessThanOrEqual(54);
  }
  // no two lines of text on top of each other (a shrunk list must not slide into the card number)
  for (const a of words)
    for (const b of words) {
      if (a === b) continue;
      const ix = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const iy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      expect(ix > 0.3 && iy > 0.3, `"${a.text}" overlaps "${b.text}"`).toBe(false);
    }

  const dpi = 600;
  const { w, h, px } = render(file, dpi, name);
  const toPx = (mm: number) => Math.round((mm / 25.4) * dpi);
  // the strip just left of the QR code's quiet zone, over the QR's height: white unless text runs into it
  let dark = 0;
  for (let y = toPx(QR.top); y < toPx(QR.bottom); y++)
    for (let x = toPx(QR.left - 1); x < toPx(QR.left + 1.5); x++) if (px[y * w + x]! < 160) dark++;
  expect(dark, 'dark pixels between the text and the QR code').toBe(0);
  expect(h).toBeGreaterThan(toPx(QR.bottom));
  const decoded = execFileSync(
    'sh',
    [
      '-c',
      `pdftoppm -r 300 -png -f 1 -l 1 -singlefile ${file} ${artifactPath(name + '-qr')} && zbarimg -q --raw ${artifactPath(name + '-qr')}.png`,
    ],
    { encoding: 'utf8' },
  ).trim();
  expect(decoded).toBe(cardNumber);
}

let longest: { id: string; cardNumber: string; names: string[] };
let three: { id: string; cardNumber: string; names: string[] };

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 6);
  const rng = mulberry32(404);
  // a 45-year-old woman for whom the rules suggest nine categories; the graduate one on the assistant's word
  const r = await call('residents.create', {
    name: '欧阳秀英',
    idNumber: makeIdNumber(rng, { sex: 'F', birthDate: '1981-03-02', origin: 'hangzhou' }),
    landlessFarmer: true,
    subsistence: 'dibao',
    disability: { level: 2, kind: '肢体' },
    veteran: true,
    singleParent: true,
    releasedOrRehab: true,
    unemployment: { status: 'unemployed', since: '2023-01-15', confirmedAt: '2025-01-01' },
  });
  const inForce = (await call('reference.assistanceCategories', {})).items;
  const all = inForce.map((c) => c.code);
  const card = await call('cards.issue', {
    residentId: r.id,
    categories: all,
    reason: '区就业援助窗口复核认定',
  });
  longest = { id: card.id, cardNumber: card.cardNumber, names: card.categories.map((c) => c.name) };
  expect(longest.names.length).toBe(inForce.length);

  const s = await call('residents.create', {
    name: '孙丽',
    idNumber: makeIdNumber(rng, { sex: 'F', birthDate: '1975-03-02', origin: 'hangzhou' }),
    landlessFarmer: true,
    subsistence: 'dibian',
    unemployment: { status: 'unemployed', since: '2024-01-15', confirmedAt: '2025-01-01' },
  });
  const suggested = (await call('cards.suggest', { residentId: s.id })).suggestions.map((x) => x.code);
  expect(suggested.length).toBeGreaterThanOrEqual(3);
  const c3 = await call('cards.issue', { residentId: s.id, categories: suggested });
  three = { id: c3.id, cardNumber: c3.cardNumber, names: c3.categories.map((c) => c.name) };
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('card front with many categories', () => {
  it('the longest combination (every category in force) fits beside the QR code', async () => {
    const file = await frontPdf(longest.id, 'desk2-cardfit-longest');
    checkFront(file, 'desk2-cardfit-longest', longest.cardNumber, longest.names);
  });

  it('three categories (孙丽) are not cut under the QR code', async () => {
    const file = await frontPdf(three.id, 'desk2-cardfit-three');
    checkFront(file, 'desk2-cardfit-three', three.cardNumber, three.names);
  });
});
