// Issue 15, defect 8: no raw text on screen. Walks every page of the desk in Chinese and in English and
// fails on an untranslated message key, a UUID, a table or column name, or one of zod's English default
// messages; a number too large gets the range's words (not "应为数字", not "Too big: …"), and the history
// shows a household by its head and address, not by its id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

let running: RunningStation;
let browser: Browser;
let token = '';
let ids: { resident: string; household: string; card: string };

beforeAll(async () => {
  running = await startStation();
  token = await setUpAndLogin(running, 7);
  const call = (m: string, input: unknown) => running.station.call(m as never, input as never, token);
  const r = (await call('residents.create', {
    name: '孙丽',
    idNumber: makeIdNumber(mulberry32(8), { sex: 'F', birthDate: '1972-05-06', origin: 'hangzhou' }),
    landlessFarmer: true,
    unemployment: { status: 'unemployed', since: '2024-01-15', confirmedAt: '2025-01-01' },
  })) as { id: string };
  const h = (await call('households.create', { headName: '孙大伟', address: '景昙路 8 号' })) as {
    id: string;
  };
  await call('households.setMember', { householdId: h.id, residentId: r.id, relation: '配偶' });
  const c = (await call('cards.issue', { residentId: r.id, categories: ['landless_farmer'] })) as {
    id: string;
  };
  ids = { resident: r.id, household: h.id, card: c.id };
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

const KEYS = Object.keys(zhCN);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SNAKE = /\b[a-z]+(?:_[a-z]+)+\b/;
const ZOD_DEFAULT = /Too (small|big)|Invalid (input|option|string|type)|expected (number|string|int|array)/;

function problemsIn(text: string): string[] {
  const out: string[] = [];
  const key = KEYS.find((k) => new RegExp(`(^|[^\\w.])${k.replace(/\./g, '\\.')}($|[^\\w.])`).test(text));
  if (key) out.push(`untranslated key ${key}`);
  const u = UUID.exec(text);
  if (u) out.push(`raw id ${u[0]}`);
  const s = SNAKE.exec(text);
  if (s) out.push(`raw identifier ${s[0]}`);
  const z = ZOD_DEFAULT.exec(text);
  if (z) out.push(`zod default message "${z[0]}"`);
  return out;
}

async function walk(page: Page, lang: string): Promise<string[]> {
  const pages = [
    '/today',
    '/residents',
    '/residents/new',
    `/residents/${ids.resident}`,
    '/households',
    `/households/${ids.household}`,
    '/employers',
    '/employers/new',
    '/vacancies',
    '/vacancies/new',
    '/cards',
    `/cards/${ids.card}`,
    '/sync',
    '/ledgers',
    '/settings',
    '/help',
  ];
  const found: string[] = [];
  for (const path of pages) {
    await page.goto(`${running.url}${path}`);
    await page.locator('main h1, section h1').first().waitFor();
    await page.waitForFunction(
      () => !document.body.innerText.includes('正在加载') && !/Loading/.test(document.body.innerText),
    );
    for (const p of problemsIn(await page.locator('body').innerText())) found.push(`${lang} ${path}: ${p}`);
    if (path === '/help') {
      // the categories in force come from the reference data
      await page
        .getByTestId('help-categories')
        .getByText(/退役军人/)
        .waitFor();
    }
    if (path === `/residents/${ids.resident}`) {
      await page.getByRole('tab').nth(1).click();
      await page
        .getByText(/孙大伟/)
        .first()
        .waitFor();
      for (const p of problemsIn(await page.locator('body').innerText()))
        found.push(`${lang} ${path} history: ${p}`);
    }
  }
  return found;
}

describe('words on screen', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`every page in ${lang} shows no key, id, table name or zod default`, async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: lang });
      await context.addInitScript(
        ([tk, l]) => {
          sessionStorage.setItem('liuqing.token', tk!);
          localStorage.setItem('liuqing.lang', l!);
        },
        [token, lang],
      );
      const page = await context.newPage();
      expect(await walk(page, lang)).toEqual([]);

      // a household income far too large: the range's words in the desk's language
      await page.goto(`${running.url}/households/${ids.household}`);
      // the form shows (empty) before the household arrives, and its arrival refills it: type after that
      await page.waitForFunction(() =>
        [...document.querySelectorAll('input')].some((i) => i.value === '景昙路 8 号'),
      );
      const income = page.getByLabel(lang === 'en' ? /monthly income/i : /家庭月收入/);
      await income.fill('99999999999');
      await page.keyboard.press('Control+s');
      const msg = page.getByTestId('form-message');
      await msg.waitFor();
      const text = await page.locator('body').innerText();
      expect(problemsIn(text)).toEqual([]);
      expect(text).toContain(lang === 'en' ? 'Must not exceed 10000000' : '不能大于 10000000');
      expect(text).not.toContain('应为数字');
      await context.close();
    });
  }
});
