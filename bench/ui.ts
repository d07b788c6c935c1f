// UI benchmark (issue 3): a station with 100,000 residents behind the headless host, driven in Chromium.
// Measures, in the page itself (performance.now, polled once per animation frame):
//   - login submit → first rows of the residents grid painted (target < 1 s)
//   - keystroke → quick-search results shown in the grid, p50/p95 over ~20 queries (target < 150 ms)
// Run alone: `npx tsx bench/ui.ts` (build the renderer first: `npm run build:renderer`).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { Station } from '../station/station';
import { startHttpHost } from '../station/http';
import { classifyQuery, newResidentRow } from '../station/residents/repository';
import { uuidv7 } from '../station/ids';
import { residentCreateSchema } from '../shared/domain/resident';
import { todayInChina } from '../shared/domain/dates';
import type { ResidentRowDb } from '../station/db/schema';
import { launchBrowser, RENDERER_DIR } from '../tests/e2e/harness';
import { mulberry32 } from '../tests/factories/people';
import { makeResidentInput } from './stationData';
import { percentile, type BenchResult } from './stats';

export type { BenchResult };

const RESIDENTS = Number(process.env.BENCH_UI_RESIDENTS ?? 100_000);
const ROWS_PER_INSERT = 500; // × 38 columns stays under SQLite's bound-parameter limit
const COMMUNITY = '330104005051';
const ADMIN = { username: 'bench', password: 'bench-pass-1', displayName: '基准测试' };
const LOGINS = 5;
const QUERIES = 20;

type Row = Omit<ResidentRowDb, never>;

/** 100k rows in one transaction of multi-row INSERTs: the sqlite3 driver's per-call cost makes row-by-row ~20× slower. */
async function seed(
  station: Station,
  today: string,
): Promise<{ rows: Row[]; seconds: number; generateSeconds: number }> {
  const started = performance.now();
  const rng = mulberry32(20261127);
  const seen = new Set<string>();
  const rows: Row[] = [];
  const base = Date.parse('2026-01-01T00:00:00Z');
  while (rows.length < RESIDENTS) {
    const parsed = residentCreateSchema.safeParse(makeResidentInput(rng, today));
    if (!parsed.success || seen.has(parsed.data.idNumber)) continue;
    seen.add(parsed.data.idNumber);
    const stamp = new Date(base + rows.length * 60_000).toISOString();
    rows.push(newResidentRow(parsed.data, COMMUNITY, uuidv7(base + rows.length), stamp));
  }
  const generated = performance.now();
  await station.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT)
      await trx
        .insertInto('residents')
        .values(rows.slice(i, i + ROWS_PER_INSERT))
        .execute();
  });
  return {
    rows,
    seconds: (performance.now() - generated) / 1000,
    generateSeconds: (generated - started) / 1000,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** From a fresh page on /residents: log in and time until the grid's first row has its name painted. */
async function timeLogin(page: Page, url: string): Promise<number> {
  await page.goto(`${url}/residents`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel('用户名', { exact: true }).fill(ADMIN.username);
  await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
  await page.evaluate(() => {
    const w = window as unknown as { __t0: number };
    document
      .querySelector('form')!
      .addEventListener('submit', () => (w.__t0 = performance.now()), { capture: true });
  });
  await page.getByRole('button', { name: '登录' }).click();
  const h = await page.waitForFunction(
    () => {
      const cell = document.querySelector(
        '[data-testid=residents-grid] .ag-row[row-index="0"] .ag-cell[col-id="name"]',
      );
      return cell && cell.textContent
        ? performance.now() - (window as unknown as { __t0: number }).__t0
        : null;
    },
    undefined,
    { polling: 'raf', timeout: 30_000 },
  );
  return (await h.jsonValue()) as number;
}

interface Probe {
  query: string;
  total: number;
  firstId: string | null;
}

/**
 * Keystroke → results: the box already holds all but the last character (and its results are shown);
 * the clock starts as the last character is typed and stops when the grid shows that query's first row and total.
 */
async function timeSearch(page: Page, prefix: Probe, full: Probe): Promise<number> {
  const box = page.locator('#quick-search');
  await box.fill(prefix.query);
  await waitForResults(page, prefix);
  // the clock starts when the character lands in the box (window capture: before React sees it);
  // Chinese characters arrive committed, as from an IME, so insertText rather than a key press
  await page.evaluate(() => {
    const w = window as unknown as { __k0: number };
    window.addEventListener('input', () => (w.__k0 = performance.now()), { once: true, capture: true });
  });
  const last = full.query.slice(-1);
  if (/^[\x20-\x7e]$/.test(last)) await box.press(last);
  else await page.keyboard.insertText(last);
  return waitForResults(page, full, '__k0');
}

async function waitForResults(page: Page, probe: Probe, clock?: string): Promise<number> {
  try {
    return await pollResults(page, probe, clock);
  } catch (e) {
    const seen = await page.evaluate(() => ({
      total: document.querySelector('[data-testid=residents-total]')?.textContent,
      first: document
        .querySelector('[data-testid=residents-grid] .ag-row[row-index="0"]')
        ?.outerHTML.slice(0, 400),
      url: location.href,
    }));
    throw new Error(
      `search "${probe.query}" expected ${JSON.stringify(probe)}, page shows ${JSON.stringify(seen)}`,
      { cause: e },
    );
  }
}

async function pollResults(page: Page, probe: Probe, clock?: string): Promise<number> {
  const h = await page.waitForFunction(
    ({ total, firstId, clock }) => {
      const t = document.querySelector('[data-testid=residents-total]')?.textContent ?? '';
      if (!t.includes(`共 ${total} 条`)) return null;
      const first = document.querySelector('[data-testid=residents-grid] .ag-row[row-index="0"]');
      if (
        firstId &&
        (first?.getAttribute('row-id') !== firstId ||
          !first.querySelector('.ag-cell[col-id="name"]')?.textContent)
      )
        return null;
      // an object, because a bare 0 would read as "not yet" to waitForFunction
      return { ms: clock ? performance.now() - (window as unknown as Record<string, number>)[clock]! : 0 };
    },
    { ...probe, clock },
    { polling: 'raf', timeout: 30_000 },
  );
  return ((await h.jsonValue()) as { ms: number }).ms;
}

/** Queries an assistant types: pinyin initials, a name, ID-number tails, a phone. */
function pickQueries(rows: Row[]): string[] {
  const rng = mulberry32(7);
  const out: string[] = [];
  while (out.length < QUERIES) {
    const r = rows[Math.floor(rng() * rows.length)]!;
    switch (out.length % 4) {
      case 0:
        if (r.name_initials.length >= 3) out.push(r.name_initials.slice(0, 3));
        break;
      case 1:
        out.push(r.name);
        break;
      case 2:
        out.push(r.id_number.slice(-6));
        break;
      case 3:
        if (r.phone) out.push(r.phone);
        break;
    }
  }
  return out.filter((q) => classifyQuery(q).kind !== 'none');
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    throw new Error('bench/ui.ts: renderer not built — run `npm run build:renderer` first');
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-ui-'));
  const station = await Station.open({ dataDir: dir });
  const results: BenchResult[] = [];
  let host: Awaited<ReturnType<typeof startHttpHost>> | undefined;
  const browser = await launchBrowser();
  try {
    await station.call('session.setup', { communityCode: COMMUNITY, stationNumber: 1, admin: ADMIN });
    const { token } = (await station.call('session.login', {
      username: ADMIN.username,
      password: ADMIN.password,
    })) as { token: string };
    const { rows, seconds, generateSeconds } = await seed(station, todayInChina());
    results.push({
      name: 'ui: residents inserted (batched INSERT, one transaction)',
      value: round(seconds),
      unit: 's',
      note: `${rows.length} rows; generating them (names, pinyin, six clears) took ${round(generateSeconds)} s more`,
    });

    host = await startHttpHost({ station, staticDir: RENDERER_DIR, port: 0 });
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });

    const logins: number[] = [];
    for (let i = 0; i < LOGINS + 1; i++) {
      const ms = await timeLogin(page, host.url);
      if (i > 0) logins.push(ms); // the first load warms Chromium's code cache, as a desk PC would be
    }
    results.push({
      name: 'ui: login submit → first grid rows painted, p50',
      value: round(percentile(logins, 50)),
      unit: 'ms',
      target: '< 1000',
      note: `${RESIDENTS} residents, ${logins.length} logins`,
    });
    results.push({
      name: 'ui: login submit → first grid rows painted, max',
      value: round(Math.max(...logins)),
      unit: 'ms',
      target: '< 1000',
    });

    const probe = async (query: string): Promise<Probe & { apiMs: number }> => {
      const t0 = performance.now();
      const r = (await station.call(
        'residents.list',
        { offset: 0, limit: 100, filter: { quick: query } },
        token,
      )) as { items: Array<{ id: string }>; total: number };
      return { query, total: r.total, firstId: r.items[0]?.id ?? null, apiMs: performance.now() - t0 };
    };
    const timings: number[] = [];
    const apiTimings: number[] = [];
    const byName: number[] = [];
    const byOther: number[] = [];
    for (const q of pickQueries(rows)) {
      const [prefix, full] = [await probe(q.slice(0, -1)), await probe(q)];
      if (prefix.total === full.total && prefix.firstId === full.firstId) continue; // the keystroke would change nothing visible
      const ms = await timeSearch(page, prefix, full);
      timings.push(ms);
      apiTimings.push(full.apiMs);
      (classifyQuery(q).kind === 'name' ? byName : byOther).push(ms);
      if (process.env.BENCH_UI_VERBOSE)
        console.log(
          `  "${q}" (${classifyQuery(q).kind}): ${round(ms)} ms in the page, residents.list alone ${round(full.apiMs)} ms, ${full.total} hits`,
        );
    }
    results.push({
      name: 'ui: quick search keystroke → results, p50',
      value: round(percentile(timings, 50)),
      unit: 'ms',
      target: '< 150',
      note: `${timings.length} queries: initials, names, ID tails, phones`,
    });
    results.push({
      name: 'ui: quick search keystroke → results, p95',
      value: round(percentile(timings, 95)),
      unit: 'ms',
      target: '< 150',
    });
    if (byName.length && byOther.length) {
      results.push({
        name: 'ui: quick search, Chinese-name queries, p50',
        value: round(percentile(byName, 50)),
        unit: 'ms',
        target: '< 150',
        note: `${byName.length} queries`,
      });
      results.push({
        name: 'ui: quick search, initials / ID tail / phone queries, p95',
        value: round(percentile(byOther, 95)),
        unit: 'ms',
        target: '< 150',
        note: `${byOther.length} queries`,
      });
    }
    results.push({
      name: 'ui: residents.list with filter.quick (station alone, same queries), p95',
      value: round(percentile(apiTimings, 95)),
      unit: 'ms',
      note: 'the station-side share of the figure above',
    });
  } finally {
    await browser.close();
    await host?.app.close();
    await station.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run().then(
    (r) => console.table(r),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
