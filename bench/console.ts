// Console benchmark (issue 11): the district console's first screen in Chromium against a real district
// server on SQLite with a fleet of 350 stations (every PC of the district), each with an upload this week.
// Measured in the page (performance.now from navigation start, read once per animation frame):
//   - /console/fleet opened with a live session → every station row painted (target < 1.5 s), each run in
//     a fresh browser context (nothing cached), p50/p95;
//   - the raw limit in the same run: `stations.list` over HTTP from Node (what the page must wait for), and
//     the login page painted (the app's code loaded and started, no data).
// Run alone: `npx tsx bench/run.ts --only console` (build the console first: `npm run build:console`).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { createServer } from '../server/index';
import { addUser, changePassword, login } from '../server/console/accounts';
import { COMMUNITIES } from '../shared/reference/jianggan2020';
import { launchBrowser } from '../tests/e2e/harness';
import { percentile, type BenchResult } from './stats';

export type { BenchResult };

const STATIONS = Number(process.env.BENCH_CONSOLE_STATIONS ?? 350);
const RUNS = 9;
const CONSOLE_DIR = resolve(import.meta.dirname, '../dist/console');
const round = (n: number) => Math.round(n * 10) / 10;

async function paintedMs(
  browser: Browser,
  url: string,
  session: unknown,
  selector: string,
  rows: number,
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  try {
    if (session)
      await context.addInitScript(
        (s) => sessionStorage.setItem('liuqing.console', s),
        JSON.stringify(session),
      );
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      ([sel, n]) =>
        document.querySelectorAll(sel as string).length >= (n as number) ? performance.now() : false,
      [selector, rows] as const,
      { polling: 'raf', timeout: 30_000 },
    );
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(CONSOLE_DIR, 'index.html')))
    throw new Error('bench/console.ts: console not built — run `npm run build:console` first');
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-console-'));
  const server = await createServer({ dataDir: dir });
  let browser: Browser | undefined;
  const results: BenchResult[] = [];
  try {
    const url = await server.listen();
    const now = new Date().toISOString();
    // the fleet: 350 enrolled PCs over the district's communities, each with a receipt this week
    for (let i = 0; i < STATIONS; i++) {
      const s = await server.addStation(COMMUNITIES[i % COMMUNITIES.length]!.code);
      await server.db
        .updateTable('stations')
        .set({
          enrolled_at: now,
          last_seen_at: now,
          last_pull_at: now,
          app_version: '0.1.0',
          pending_reported: 0,
        })
        .where('id', '=', s.stationId)
        .execute();
      await server.db
        .insertInto('receipts')
        .values({ station_id: s.stationId, seq: 1, verdict: '{"status":"applied"}', created_at: now })
        .execute();
    }
    const u = await addUser(server.ctx, { username: 'bench', role: 'district' });
    await changePassword(server.ctx, { username: 'bench', tokenHash: '-' }, u.password, 'bench-password-1');
    const session = await login(server.ctx, 'bench', 'bench-password-1');

    const api: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await fetch(`${url}/console/api/stations.list`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: '{}',
      });
      const body = (await r.json()) as { items: unknown[] };
      if (body.items.length !== STATIONS) throw new Error(`fleet lists ${body.items.length} stations`);
      api.push(performance.now() - t);
    }

    browser = await launchBrowser();
    const loginPaint: number[] = [];
    const fleetPaint: number[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const l = await paintedMs(browser, `${url}/console/login`, null, '[data-testid=login-submit]', 1);
      const f = await paintedMs(
        browser,
        `${url}/console/fleet`,
        session,
        '[data-testid=fleet-table] tbody tr[data-station]',
        STATIONS,
      );
      if (i === 0) continue; // the first start warms Chromium itself, as a staff PC's browser would be
      loginPaint.push(l);
      fleetPaint.push(f);
    }
    const p95 = percentile(fleetPaint, 95);
    results.push(
      {
        name: 'console: first screen (fleet, every station row) painted, p50',
        value: round(percentile(fleetPaint, 50)),
        unit: 'ms',
        target: '< 1500',
        note: `${STATIONS} stations, fresh browser context each run, ${fleetPaint.length} runs`,
      },
      {
        name: 'console: first screen (fleet) painted, p95',
        value: round(p95),
        unit: 'ms',
        target: '< 1500',
      },
      {
        name: 'console: raw — login page painted (app code only, no data), p50',
        value: round(percentile(loginPaint, 50)),
        unit: 'ms',
        note: `first screen / login page = ${round(percentile(fleetPaint, 50) / percentile(loginPaint, 50))}×`,
      },
      {
        name: 'console: raw — stations.list over HTTP from Node, p50',
        value: round(percentile(api, 50)),
        unit: 'ms',
      },
    );
    return results;
  } finally {
    await browser?.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await run()) console.log(`${r.name}: ${r.value} ${r.unit}${r.note ? ` (${r.note})` : ''}`);
}
