// One desk for the browser tests of issue 10 (fairs, training, policy support): a real headless station over
// HTTP, signed in, and one Chromium page holding its token — opened before the file's tests, closed after —
// and a station with a fair: an employer, its vacancies, a fair they are brought to. The fair pages' tests
// (tests/e2e/fairs10.test.ts, tests/e2e/corrections10.test.ts, tests/fairs/pages.test.ts) start from it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import type { Contract, InputOf, MethodName, OutputOf } from '../../shared/contract';
import type { Fair } from '../../shared/contract';
import type { Vacancy } from '../../shared/domain/employer';
import { creditCode } from '../matching/helpers';
import { launchBrowser, setUpAndLogin, startStation, type RunningStation } from './harness';

export type DeskCall = <M extends MethodName>(
  m: M,
  i: InputOf<Contract[M]>,
) => Promise<OutputOf<Contract[M]>>;

export interface Desk {
  rs: RunningStation;
  browser: Browser;
  page: Page;
  token: string;
  /** A call to the station as the signed-in assistant. */
  call: DeskCall;
  /** Switches the desk's language (stored as the desk stores it) and reloads the page. */
  setLang(lang: 'zh-CN' | 'en'): Promise<void>;
}

/**
 * A station and a signed-in Chromium page for the tests of one file (beforeAll / afterAll). `acceptDialogs`:
 * every confirm() of the pages is accepted (the test checks what follows).
 */
export function deskForAll(stationNumber: number, opts: { acceptDialogs?: boolean } = {}): Desk {
  const desk = {} as Desk;
  desk.call = ((m, i) => desk.rs.station.call(m, i, desk.token)) as DeskCall;
  desk.setLang = async (lang) => {
    if (!desk.page.url().startsWith(desk.rs.url)) await desk.page.goto(`${desk.rs.url}/today`);
    await desk.page.evaluate((l) => localStorage.setItem('liuqing.lang', l), lang);
    await desk.page.reload();
  };
  beforeAll(async () => {
    desk.rs = await startStation();
    desk.token = await setUpAndLogin(desk.rs, stationNumber);
    desk.browser = await launchBrowser();
    // one context: a second tab (context.newPage()) shares the desk's stored language, as the app's windows do
    const context = await desk.browser.newContext({
      viewport: { width: 1366, height: 900 },
      locale: 'zh-CN',
    });
    await context.addInitScript((t) => sessionStorage.setItem('liuqing.token', t), desk.token);
    if (opts.acceptDialogs) context.on('page', (p) => p.on('dialog', (d) => void d.accept()));
    desk.page = await context.newPage();
  });
  afterAll(async () => {
    await desk.browser?.close();
    await desk.rs?.close();
  });
  return desk;
}

export interface FairSetUp {
  fair: Fair;
  employer: { id: string; name: string };
  /** The employer's vacancies, in the order given; those with `atFair` false are not brought to the fair. */
  vacancies: Vacancy[];
}

/**
 * A station with a fair: an employer with its vacancies (open from ten days ago for three months) and a
 * community fair on `date` (today unless given) with the vacancies marked `atFair` (all unless said).
 */
export async function fairWithEmployer(
  call: DeskCall,
  o: {
    name: string;
    date?: string;
    employer?: string;
    vacancies: Array<{ title: string; positions: number; occupationCode?: string; atFair?: boolean }>;
  },
): Promise<FairSetUp> {
  const today = todayInChina();
  const employer = await call('employers.create', {
    creditCode: creditCode(),
    name: o.employer ?? '杭州安居物业管理有限公司',
    contacts: [{ name: '赵经理', phone: '0571-86001234' }],
  });
  const vacancies: Vacancy[] = [];
  for (const v of o.vacancies)
    vacancies.push(
      await call('vacancies.create', {
        employerId: employer.id,
        title: v.title,
        occupationCode: v.occupationCode ?? '4-07-05-01',
        positions: v.positions,
        validFrom: addDays(today, -10),
        validTo: addDays(today, 90),
      }),
    );
  const fair = await call('fairs.create', {
    name: o.name,
    date: o.date ?? today,
    place: '景昙社区文化家园',
    organiser: '景昙社区居委会',
  });
  const brought = vacancies.filter((_, i) => o.vacancies[i]!.atFair !== false).map((v) => v.id);
  const withEmployer = brought.length
    ? await call('fairs.addEmployer', { fairId: fair.id, employerId: employer.id, vacancyIds: brought })
    : fair;
  return { fair: withEmployer, employer: { id: employer.id, name: employer.name }, vacancies };
}
