// Reports (issue 11): every district report for a year over 300,000 residents in the district's communities,
// on SQLite and on PostgreSQL, and a community report at a station with 100,000 residents. Residents come
// from the station benchmark's generator (six clears in mid-survey shares), four in five of them in
// households of up to three, one in ten with a card; the district's report tables are filled the way sync
// fills them (server/reports/projection.ts over the synced fields), in bulk. Raw limit, same run: one
// set-based pass over the same residents grouped by community (count and one sum), the least any
// per-community report must read. CPU is this process's (SQLite runs in it; PostgreSQL's own is not).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { residentCreateSchema } from '../shared/domain/resident';
import { todayInChina } from '../shared/domain/dates';
import { periodOf } from '../shared/reports/figures';
import { COMMUNITIES, STREETS } from '../shared/reference/jianggan2020';
import { newResidentRow } from '../station/residents/repository';
import { uuidv7 } from '../station/ids';
import { createServer, dropPgSchema } from '../server/index';
import { projectRows, type ProjectedRow } from '../server/reports/projection';
import { districtReport } from '../server/reports/service';
import { ensureDefaultCategories } from '../station/cards/categories';
import { newStation, type TestStation } from '../tests/factories/station';
import { mulberry32 } from '../tests/factories/people';
import { makeResidentInput } from './stationData';
import { percentile, type BenchResult } from './stats';

const DISTRICT = Number(process.env.LIUQING_BENCH_DISTRICT ?? 300_000);
const STATION = Number(process.env.LIUQING_BENCH_RESIDENTS ?? 100_000);
const PG_URL = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = 10;
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * `n` residents spread over `communities` in turn; within a community, four in five are in a household of
 * up to three (consecutive people), the rest in none. Household ids are unique per community.
 */
function residents(n: number, seed: number, communities: readonly string[]) {
  const rng = mulberry32(seed);
  const today = todayInChina();
  const seen = new Set<string>();
  const out: Array<{ row: ReturnType<typeof newResidentRow>; community: string }> = [];
  const households = new Set<string>();
  const stamp = new Date().toISOString();
  while (out.length < n) {
    const input = residentCreateSchema.parse(makeResidentInput(rng, today));
    if (seen.has(input.idNumber)) continue;
    seen.add(input.idNumber);
    const community = communities[out.length % communities.length]!;
    const k = Math.floor(out.length / communities.length);
    const row = newResidentRow(input, community, uuidv7(Date.now() + out.length), stamp);
    if (k % 10 < 8) {
      row.household_id = `h-${community}-${Math.floor(k / 3)}`;
      households.add(row.household_id);
    }
    out.push({ row, community });
  }
  return { people: out, households: [...households] };
}

/** One card in ten people, issued over the year (as the station's `cards` columns). */
function cardRows(people: ReadonlyArray<{ row: { id: string }; community: string }>, year: string) {
  const stamp = new Date().toISOString();
  return people
    .filter((_, i) => i % 10 === 0)
    .map((p, i) => ({
      id: uuidv7(),
      community_code: p.community,
      resident_id: p.row.id,
      card_number: `${p.community}-${year}-${String(i).padStart(6, '0')}`,
      status: 'valid',
      categories: '[]',
      issued_on: `${year}-${String((i % 12) + 1).padStart(2, '0')}-15`,
      issued_by: '李援助',
      created_at: stamp,
      updated_at: stamp,
    }));
}

/** Wall and CPU milliseconds of `fn` (CPU of this process: Node and SQLite's threads). */
async function time(fn: () => Promise<unknown>, cpu?: number[]): Promise<number> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const u = process.cpuUsage(c);
  cpu?.push((u.user + u.system) / 1000);
  return ms;
}

function insertRows(table: string, rows: ReadonlyArray<Record<string, unknown>>): CompiledQuery {
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const params: unknown[] = [];
  for (const r of rows) for (const c of columns) params.push(r[c] ?? null);
  return CompiledQuery.raw(
    `insert into ${table} (${columns.join(',')}) values ${rows.map(() => tuple).join(',')}`,
    params,
  );
}

/**
 * A station's own community with `STATION` residents (households and cards as at the district), analysed:
 * what the station's report reads (also used to profile it on its own).
 */
export async function fillStation(ts: TestStation, year: string): Promise<void> {
  const community = ts.station.identity!.communityCode;
  // the district's categories, as a station that has synced (or issued a card) holds them
  await ensureDefaultCategories(ts.station.db);
  const local = residents(STATION, 12, [community]);
  const stamp = new Date().toISOString();
  const households = local.households.map((id) => ({
    id,
    community_code: community,
    subsistence: 'none',
    created_at: stamp,
    updated_at: stamp,
  }));
  const rows = local.people.map((p) => p.row as unknown as Record<string, unknown>);
  const cards = cardRows(local.people, year);
  await ts.station.db.transaction().execute(async (trx) => {
    for (const [table, list] of [
      ['households', households],
      ['residents', rows],
      ['cards', cards],
    ] as const)
      for (let i = 0; i < list.length; i += 500)
        await trx.executeQuery(insertRows(table, list.slice(i, i + 500)));
  });
  await sql`analyze`.execute(ts.station.db);
}

/**
 * A station with `STATION` residents: its community report offline, measured first, in a process that holds
 * only the station (as the desk's does), not the district's generated rows or a database busy dropping them.
 */
async function stationReport(year: string, log: (l: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const period = periodOf('year', year);
  const ts = await newStation();
  try {
    await fillStation(ts, year);
    const raw: number[] = [];
    const month: number[] = [];
    const yearly: number[] = [];
    const monthCpu: number[] = [];
    const yearlyCpu: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      raw.push(
        await time(() =>
          sql`select community_code, count(*), sum(clears_missing) from residents where deleted_at is null group by community_code`.execute(
            ts.station.db,
          ),
        ),
      );
      month.push(
        await time(
          () => ts.call('reports.community', { period: { kind: 'month', value: period.to.slice(0, 7) } }),
          monthCpu,
        ),
      );
      yearly.push(
        await time(() => ts.call('reports.community', { period: { kind: 'year', value: year } }), yearlyCpu),
      );
    }
    const rawP = percentile(raw, 50);
    for (const [name, samples, cpu] of [
      ['community report at the station, a month, p95', month, monthCpu],
      ['community report at the station, a year, p95', yearly, yearlyCpu],
    ] as const) {
      const p95 = percentile(samples, 95);
      results.push({
        name,
        value: round(p95),
        unit: 'ms',
        target: '< 300 ms',
        note: `${STATION.toLocaleString('en')} residents; CPU ${round(percentile(cpu, 50))} ms (median), load average ${round(loadavg()[0]!, 1)}; ${round(p95 / rawP, 1)}× one grouped pass (${round(rawP, 1)} ms)`,
      });
      log(
        `reports: ${name} ${round(p95)} ms, CPU ${round(percentile(cpu, 50))} ms, load ${round(loadavg()[0]!, 1)}`,
      );
    }
  } finally {
    await ts.close();
  }
  return results;
}

/** Every district report for a year, on SQLite and on PostgreSQL, over `DISTRICT` synced residents. */
async function districtReports(year: string, log: (l: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const period = periodOf('year', year);
  log(
    `reports: generating ${DISTRICT.toLocaleString('en')} residents over ${COMMUNITIES.length} communities…`,
  );
  const { people } = residents(
    DISTRICT,
    11,
    COMMUNITIES.map((c) => c.code),
  );
  const synced: ProjectedRow[] = [
    ...people.map((p) => ({
      entity: 'residents',
      rowId: p.row.id,
      community: p.community,
      fields: p.row as unknown as Record<string, unknown>,
      deleted: false,
    })),
    ...cardRows(people, year).map((c) => ({
      entity: 'cards',
      rowId: c.id,
      community: c.community_code,
      fields: c as unknown as Record<string, unknown>,
      deleted: false,
    })),
  ];

  for (const backend of ['sqlite', 'postgres'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-reports-'));
    const schema = `bench_reports_${randomBytes(3).toString('hex')}`;
    const server = await createServer(
      backend === 'sqlite' ? { dataDir: dir } : { databaseUrl: PG_URL, pgSchema: schema },
    );
    try {
      const db = server.db;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < synced.length; i += 5000)
          await projectRows(trx, server.store.kind, synced.slice(i, i + 5000));
      });
      await sql`analyze`.execute(db);
      const raw: number[] = [];
      const whole: number[] = [];
      const wholeCpu: number[] = [];
      const streets: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        raw.push(
          await time(() =>
            sql`select community_code, count(*), sum(unemployed) from report_residents group by community_code`.execute(
              db,
            ),
          ),
        );
        whole.push(await time(() => districtReport(db, period, null), wholeCpu));
        for (const s of STREETS) streets.push(await time(() => districtReport(db, period, s.code)));
      }
      const rawP = percentile(raw, 50);
      const p95 = percentile(whole, 95);
      results.push({
        name: `district report for a year, whole district, p95 (${backend})`,
        value: round(p95),
        unit: 'ms',
        target: '< 1000 ms',
        note: `${DISTRICT.toLocaleString('en')} residents, ${COMMUNITIES.length} communities; CPU ${round(percentile(wholeCpu, 50))} ms (median${backend === 'postgres' ? ', this process only' : ''}); ${round(p95 / rawP, 1)}× one grouped pass (${round(rawP, 1)} ms)`,
      });
      results.push({
        name: `district report for a year, one street, p95 (${backend})`,
        value: round(percentile(streets, 95)),
        unit: 'ms',
        target: '< 1000 ms',
        note: `each of ${STREETS.length} streets, ${RUNS} runs`,
      });
      log(`reports: ${backend} district p95 ${round(p95)} ms, one grouped pass ${round(rawP, 1)} ms`);
    } finally {
      await server.close();
      if (backend === 'postgres') await dropPgSchema(PG_URL, schema);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

export async function run(opts: { log?: (l: string) => void } = {}): Promise<BenchResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const year = String(Number(todayInChina().slice(0, 4)));
  return [...(await stationReport(year, log)), ...(await districtReports(year, log))];
}
