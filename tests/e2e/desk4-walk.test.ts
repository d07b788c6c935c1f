// Issue 15, the all-routes walk: every route of the desk's router (read from renderer/src/App.tsx, so a new
// route without a URL here fails the test) is visited in zh-CN and in English — print pages, fairs,
// training, subsidies, 推荐, ledgers and the import wizard, sync, settings, backups, help. A page fails on an
// untranslated catalogue key, a raw identifier (UUID, snake_case table or column name, dotted key), one of
// zod's English default messages, and — on an English page — Chinese words where a translation should
// exist. Data people typed (names, places, titles) and reference data kept in Chinese (category, policy and
// occupation names, community names) are allowed; printed documents are always Chinese, so on a print
// page only its toolbar is read in English.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startStation, type RunningStation, setUpAndLogin } from './harness';
import { makeIdNumber, mulberry32 } from '../factories/people';
import { zhCN } from '../../renderer/src/i18n/zh-CN';
import { en } from '../../renderer/src/i18n/en';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { STANDARD_LEDGERS } from '../../shared/domain/ledgers/names';
import { creditCode, idNumberFor } from '../matching/helpers';
import { CARE } from '../training/helpers';
import { upload, xlsx } from '../ledgers/helpers';
import type { TestStation } from '../factories/station';
import { TEST_COMMUNITY } from '../factories/station';
import { createServer, type DistrictServer } from '../../server/index';
import { KIND_SPECS } from '../../shared/domain/ledgers/kinds';
import { ledgerFieldsEn } from '../../renderer/src/i18n/ledgerFields.en';

let rs: RunningStation;
let server: DistrictServer;
let serverDir = '';
let browser: Browser;
let token = '';
const call = <M extends MethodName>(m: M, i: InputOf<Contract[M]>) =>
  rs.station.call(m, i, token) as Promise<OutputOf<Contract[M]>>;

/** Words typed as data in this test: allowed in Chinese on English pages. */
const DATA = [
  '孙丽',
  '孙大伟',
  '景昙路 8 号',
  '杭州安居物业管理有限公司',
  '赵经理',
  '小区保安',
  '景昙社区春风行动招聘会',
  '景昙社区文化家园',
  '景昙社区居委会',
  CARE.name,
  CARE.provider,
  '周秀英',
  '养老护理',
  '协理员认定：大龄，灵活就业前长期失业',
  '六清台账',
  '台账',
  '姓名',
  '身份证号码',
  '王管理',
  '自谋',
  '配偶',
  '钱小红',
  '景昙社区 7 号机',
];
let allowed: string[] = [];
let categories: OutputOf<Contract['reference.assistanceCategories']>['items'] = [];
let urls: Record<string, string[]> = {};

beforeAll(async () => {
  rs = await startStation();
  token = await setUpAndLogin(rs, 7);
  const today = todayInChina();
  const r = await call('residents.create', {
    name: '孙丽',
    idNumber: makeIdNumber(mulberry32(8), { sex: 'F', birthDate: '1972-05-06', origin: 'hangzhou' }),
    landlessFarmer: true,
    unemployment: { status: 'unemployed', since: '2024-01-15', confirmedAt: today },
    training: { wants: true, courses: ['养老护理'], confirmedAt: today },
    preferences: { occupations: [], industries: [], occupationCodes: ['4-07-05-01'], confirmedAt: today },
  });
  const h = await call('households.create', { headName: '孙大伟', address: '景昙路 8 号' });
  await call('households.setMember', { householdId: h.id, residentId: r.id, relation: '配偶' });
  const card = await call('cards.issue', { residentId: r.id, categories: ['landless_farmer'] });
  const e = await call('employers.create', {
    creditCode: creditCode(),
    name: '杭州安居物业管理有限公司',
    contacts: [{ name: '赵经理', phone: '0571-86001234' }],
  });
  const v = await call('vacancies.create', {
    employerId: e.id,
    title: '小区保安',
    occupationCode: '4-07-05-01',
    positions: 3,
    validFrom: addDays(today, -10),
    validTo: addDays(today, 90),
  });
  const rec = await call('recommendations.create', { residentId: r.id, vacancyId: v.id });
  const fair = await call('fairs.create', {
    name: '景昙社区春风行动招聘会',
    date: today,
    place: '景昙社区文化家园',
    organiser: '景昙社区居委会',
  });
  const course = await call('training.courses.create', { ...CARE, start: today, end: addDays(today, 30) });
  const holder = await call('residents.create', {
    name: '周秀英',
    idNumber: idNumberFor('19780512', 52),
    unemployment: { status: 'flexible', since: addDays(today, -60), confirmedAt: today },
    outcome: { result: 'flexible', date: addDays(today, -60), channel: '自谋', confirmedAt: today },
  });
  await call('cards.issue', {
    residentId: holder.id,
    categories: ['older_unemployed'],
    reason: '协理员认定：大龄，灵活就业前长期失业',
  });
  const eligibility = await call('subsidies.eligibility', { residentId: holder.id });
  const code = (eligibility.items.find((p) => p.eligible) ?? eligibility.items[0]!).code;
  const policy = (await call('reference.policies', {})).items.find((p) => p.code === code)!;
  const subsidy = await call('subsidies.apply', {
    policyCode: policy.code,
    residentId: holder.id,
    period: { from: today, to: addDays(today, 30) },
    amount: 1,
    documents: policy.documents,
  });
  const backup = await call('backups.create', {});
  const ts = { call } as unknown as TestStation;
  const batch = await upload(
    ts,
    'residents',
    '六清台账.xlsx',
    await xlsx([
      ['姓名', '身份证号码'],
      ['钱小红', idNumberFor('19820304', 77)],
    ]),
  );
  await call('ledgers.inspect', { batchId: batch });
  // enrolled and synced with a real district server: the 同步 page then lists what was sent (its receipts
  // once named tables such as card_plans)
  serverDir = mkdtempSync(join(tmpdir(), 'liuqing-walk-district-'));
  server = await createServer({ dataDir: serverDir });
  await server.listen();
  const enrolment = await server.addStation(TEST_COMMUNITY, '景昙社区 7 号机');
  await call('sync.enroll', { serverUrl: server.url, code: enrolment.code });
  await call('sync.now', {});
  expect((await call('sync.receipts', {})).items.map((r) => r.entity)).toContain('card_plans');

  // reference data kept in Chinese in both languages, read from the station as the pages read it
  const me = await call('session.me', {});
  const cats = await call('reference.assistanceCategories', {});
  categories = cats.items;
  const policies = await call('reference.policies', {});
  const occupations = await call('reference.occupations', { limit: 5000 });
  allowed = [
    ...DATA,
    ...[me.stationName, me.streetName, me.communityName].filter((x): x is string => !!x),
    ...cats.items.map((c) => c.name),
    ...policies.items.map((p) => p.name),
    ...policies.items.flatMap((p) => p.documents),
    // the occupations this test's vacancy, course and wishes are coded with (reference data, in Chinese)
    ...occupations.items
      .filter((o) => ['4-07-05-01', CARE.occupationCode].includes(o.code))
      .map((o) => o.name),
  ];

  urls = {
    '/': ['/'],
    '/today': ['/today'],
    '/residents': ['/residents'],
    '/residents/:id': ['/residents/new', `/residents/${r.id}`],
    '/households': ['/households'],
    '/households/:id': ['/households/new', `/households/${h.id}`],
    '/employers': ['/employers'],
    '/employers/:id': ['/employers/new', `/employers/${e.id}`],
    '/vacancies': ['/vacancies'],
    '/vacancies/:id': ['/vacancies/new', `/vacancies/${v.id}`],
    '/cards': ['/cards'],
    '/cards/': [`/cards/${card.id}`],
    '/sync': ['/sync'],
    '/ledgers': ['/ledgers'],
    '/ledgers/import': ['/ledgers/import'],
    '/ledgers/import/': [`/ledgers/import/${batch}/map`],
    '/recommend': ['/recommend'],
    '/recommend/': [`/recommend/vacancy?id=${v.id}`, `/recommend/person?id=${r.id}`],
    '/reports': ['/reports'],
    '/subsidies': ['/subsidies'],
    '/subsidies/new': [`/subsidies/new?residentId=${holder.id}`],
    '/subsidies/:id': [`/subsidies/${subsidy.id}`],
    '/training': ['/training'],
    '/training/new': ['/training/new'],
    '/training/courses/:id': [`/training/courses/${course.id}`],
    '/fairs': ['/fairs'],
    '/fairs/new': ['/fairs/new'],
    '/fairs/:id': [`/fairs/${fair.id}`],
    '/settings': ['/settings'],
    '/help': ['/help'],
    '/settings/backups': ['/settings/backups'],
    '/settings/backups/:id': [`/settings/backups/${backup.id}`],
    '/print/subsidies/': [`/print/subsidies/${subsidy.id}`],
    '/print/ledgers/': STANDARD_LEDGERS.map((l) => `/print/ledgers/${l}`),
    '/print/referral': [`/print/referral?id=${rec.id}`],
    '/print/cards': [`/print/cards?ids=${card.id}&layout=booklet`],
    '/print/': [`/print/cards?ids=${card.id}&layout=sheet`],
  };
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await rs?.close();
  await server?.close();
  if (serverDir) rmSync(serverDir, { recursive: true, force: true });
});

/** The route patterns of the desk, read from its router. */
function routesOfRouter(): string[] {
  const src = readFileSync(resolve(import.meta.dirname, '../../renderer/src/App.tsx'), 'utf8');
  const out = new Set<string>();
  for (const m of src.matchAll(/(?:path === |match\(|startsWith\()'(\/[^']*)'/g)) out.add(m[1]!);
  return [...out];
}

const KEYS = Object.keys(zhCN);
const KEY_SET = new Set(KEYS);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const SNAKE = /\b[a-z]+(?:_[a-z0-9]+)+\b/;
const DOTTED = /\b[a-z][a-zA-Z0-9]*(?:\.[a-z][a-zA-Z0-9]*)+\b/g;
const FILE_NAME = /\.(sqlite|xlsx|json|csv|pdf|zip|exe|yml)$/;
const ZOD_DEFAULT =
  /Too (small|big)|Invalid (input|option|string|type|uuid|date)|expected (number|string|int|array)|Required\b/;
const HAN = /[\p{Script=Han}][\p{Script=Han}\d，、：（）·\s]*/gu;

async function textWithout(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => {
    let out = document.body.innerText;
    // an option's text stays in its select's innerText however it is styled: take each marked text out once
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      const words = (el.innerText || el.textContent || '').trim();
      if (words) out = out.replace(words, ' ');
    }
    return out;
  }, selector);
}

/** `english`: the text read for Chinese left on an English page (without what is Chinese on purpose). */
function problemsIn(text: string, lang: 'zh-CN' | 'en', english: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(DOTTED))
    if (KEY_SET.has(m[0]) || (!FILE_NAME.test(m[0]) && /^[a-z]+\.[a-z]+[A-Z.]/.test(m[0])))
      out.push(`untranslated key ${m[0]}`);
  const u = UUID.exec(text);
  if (u) out.push(`raw id ${u[0]}`);
  const s = SNAKE.exec(text);
  if (s) out.push(`raw identifier ${s[0]}`);
  const z = ZOD_DEFAULT.exec(text);
  if (z) out.push(`zod default message "${z[0]}"`);
  if (lang === 'en') {
    // official names of Chinese documents given beside their translation: "Zero-employment households (零就业家庭台账)"
    let rest = english.replace(/\([^()]*台账\)/g, ' ');
    for (const a of [...allowed].sort((x, y) => y.length - x.length)) rest = rest.split(a).join(' ');
    for (const m of rest.matchAll(HAN)) out.push(`Chinese on an English page: "${m[0].trim()}"`);
  }
  return out;
}

async function settle(page: Page, path: string): Promise<void> {
  if (path.startsWith('/print/')) {
    await page.waitForFunction(() => document.body.dataset.printReady !== undefined, undefined, {
      timeout: 20_000,
    });
    return;
  }
  await page.locator('main h1, section h1').first().waitFor();
  await page.waitForFunction(
    () => !document.body.innerText.includes('正在加载') && !/Loading/.test(document.body.innerText),
  );
}

async function walk(page: Page, lang: 'zh-CN' | 'en'): Promise<string[]> {
  const found: string[] = [];
  for (const path of Object.values(urls).flat()) {
    await page.goto(`${rs.url}${path}`);
    await settle(page, path);
    if (path === '/sync') await page.getByTestId('sync-receipts').locator('tbody tr').first().waitFor();
    if (path === '/help') {
      // 帮助 lists every category in force with its rule, the thresholds read from the reference data
      const items = page.getByTestId('help-categories').locator('li');
      await items.nth(categories.length - 1).waitFor();
      if ((await items.count()) !== categories.length) found.push(`${lang} /help: not every category listed`);
      const age = categories.find((c) => c.params.rule === 'age_unemployed')!;
      const words = (lang === 'en' ? en : zhCN)['help.rule.minAge']
        .replace('{f}', String(age.params.minAgeFemale))
        .replace('{m}', String(age.params.minAgeMale));
      const shown = await page
        .locator('[data-testid="help-categories"] li[data-rule="age_unemployed"]')
        .innerText();
      if (!shown.includes(words)) found.push(`${lang} /help: the age rule is not shown as "${words}"`);
    }
    // a reference number printed on purpose (data-doc-ref: under a QR code, on a form) is not a raw id;
    // text marked lang="zh-CN" is Chinese on purpose (a printed document, a record kept as written)
    const text = await textWithout(page, '[data-doc-ref]');
    const english = lang === 'en' ? await textWithout(page, '[data-doc-ref], [lang="zh-CN"]') : '';
    const toolbar = path.startsWith('/print/')
      ? (await page.locator('button, [data-print-toolbar]').allInnerTexts()).join('\n')
      : null;
    for (const p of problemsIn(text, lang, toolbar ?? english)) found.push(`${lang} ${path}: ${p}`);
  }
  return [...new Set(found)];
}

describe('every route in both languages', () => {
  it('every route of the router has a URL in this walk', () => {
    const missing = routesOfRouter().filter((r) => !(r in urls));
    expect(missing).toEqual([]);
  });

  it('every field and group of the ledger import has its English name', () => {
    const missing = Object.values(KIND_SPECS).flatMap((k) => [
      ...k.fields.filter((f) => !ledgerFieldsEn[k.kind].fields[f.key]).map((f) => `${k.kind} ${f.key}`),
      ...k.groups.filter((g) => !ledgerFieldsEn[k.kind].groups[g.key]).map((g) => `${k.kind} group ${g.key}`),
    ]);
    expect(missing).toEqual([]);
  });

  // both languages at once (two browser contexts): most of a page's time is waiting on the station
  for (const lang of ['zh-CN', 'en'] as const) {
    it.concurrent(
      `in ${lang}: no key, raw identifier, zod default${lang === 'en' ? ' or Chinese left' : ''}`,
      { timeout: 120_000 },
      async () => {
        const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: lang });
        await context.addInitScript(
          ([tk, l]) => {
            sessionStorage.setItem('liuqing.token', tk!);
            localStorage.setItem('liuqing.lang', l!);
          },
          [token, lang],
        );
        const page = await context.newPage();
        const found = await walk(page, lang);
        await context.close();
        expect(found).toEqual([]);
      },
    );
  }
});
