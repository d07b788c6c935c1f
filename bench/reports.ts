// Reports (issue 11): every district report for a year over 300,000 residents in 127 communities, on SQLite
// and on PostgreSQL, and a community report at a station with 100,000 residents. Residents come from the
// station benchmark's generator (six clears in mid-survey shares); the district's report tables are filled
// the way sync fills them (shared/reports/facts.ts over the synced fields), in bulk. Raw limit, same run:
// a bare count(*) over the same report table.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { residentCreateSchema } from '../shared/domain/resident';
import { todayInChina } from '../shared/domain/dates';
import { periodOf } from '../shared/reports/figures';
import { cardFacts, residentFacts } from '../shared/reports/facts';
import { COMMUNITIES, STREETS } from '../shared/reference/jianggan2020';
import { newResidentRow } from '../station/residents/repository';
import { uuidv7 } from '../station/ids';
import { createServer, dropPgSchema } from '../server/index';
import { bulkInsert } from '../server/db/bulk';
import { districtReport } from '../server/reports/service';
import { newStation } from '../tests/factories/station';
import { mulberry32 } from '../tests/factories/people';
import { makeResidentInput } from './stationData';
import { percentile, type BenchResult } from './stats';

const DISTRICT = Number(process.env.LIUQING_BENCH_DISTRICT ?? 300_000);
const STATION = Number(process.env.LIUQING_BENCH_RESIDENTS ?? 100_000);
const PG_URL = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = 10;
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

function residents(n: number, seed: number, communities: readonly string[]) {
  const rng = mulberry32(seed);
  const today = todayInChina();
  const seen = new Set<string>();
  const out: Array<{ row: ReturnType<typeof newResidentRow>; community: string }> = [];
  const stamp = new Date().toISOString();
  while (out.length < n) {
    const input = residentCreateSchema.parse(makeResidentInput(rng, today));
    if (seen.has(input.idNumber)) continue;
    seen.add(input.idNumber);
    const community = communities[out.length % communities.length]!;
    out.push({ row: newResidentRow(input, community, uuidv7(Date.now() + out.length), stamp), community });
  }
  return out;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function run(opts: { log?: (l: string) => void } = {}): Promise<BenchResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const results: BenchResult[] = [];
  const year = String(Number(todayInChina().slice(0, 4)));
  const period = periodOf('year', year);
  log(
    `reports: generating ${DISTRICT.toLocaleString('en')} residents over ${COMMUNITIES.length} communities…`,
  );
  const people = residents(
    DISTRICT,
    11,
    COMMUNITIES.map((c) => c.code),
  );
  const facts = people.map((p) =>
    residentFacts(p.row.id, p.community, p.row as unknown as Record<string, unknown>),
  );
  // one card in ten people, issued over the year
  const cards = people
    .filter((_, i) => i % 10 === 0)
    .map((p, i) =>
      cardFacts(uuidv7(), p.community, {
        resident_id: p.row.id,
        status: 'valid',
        issued_on: `${year}-${String((i % 12) + 1).padStart(2, '0')}-15`,
      }),
    );

  for (const backend of ['sqlite', 'postgres'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-reports-'));
    const schema = `bench_reports_${randomBytes(3).toString('hex')}`;
    const server = await createServer(
      backend === 'sqlite' ? { dataDir: dir } : { databaseUrl: PG_URL, pgSchema: schema },
    );
    try {
      const db = server.db;
      const cols = Object.keys(facts[0]!);
      const ccols = Object.keys(cards[0]!);
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < facts.length; i += 5000)
          await bulkInsert(
            trx,
            server.store.kind,
            'report_residents',
            cols,
            facts.slice(i, i + 5000).map((f) => cols.map((c) => (f as never)[c])),
          );
        for (let i = 0; i < cards.length; i += 5000)
          await bulkInsert(
            trx,
            server.store.kind,
            'report_cards',
            ccols,
            cards.slice(i, i + 5000).map((f) => ccols.map((c) => (f as never)[c])),
          );
      });
      await sql`analyze`.execute(db);
      const raw: number[] = [];
      const whole: number[] = [];
      const streets: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        raw.push(await time(() => sql`select count(*) from report_residents`.execute(db)));
        whole.push(await time(() => districtReport(db, period, null)));
        for (const s of STREETS) streets.push(await time(() => districtReport(db, period, s.code)));
      }
      const rawP = percentile(raw, 50);
      const p95 = percentile(whole, 95);
      results.push({
        name: `district report for a year, whole district, p95 (${backend})`,
        value: round(p95),
        unit: 'ms',
        target: '< 1000 ms',
        note: `${DISTRICT.toLocaleString('en')} residents, ${COMMUNITIES.length} communities; ${round(p95 / rawP, 1)}× a bare count(*) (${round(rawP, 1)} ms)`,
      });
      results.push({
        name: `district report for a year, one street, p95 (${backend})`,
        value: round(percentile(streets, 95)),
        unit: 'ms',
        target: '< 1000 ms',
        note: `each of ${STREETS.length} streets, ${RUNS} runs`,
      });
      log(`reports: ${backend} district p95 ${round(p95)} ms, raw count ${round(rawP, 1)} ms`);
    } finally {
      await server.close();
      if (backend === 'postgres') await dropPgSchema(PG_URL, schema);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // --- a station with 100,000 residents: its community report offline --------------------------------
  const ts = await newStation();
  try {
    const community = ts.station.identity!.communityCode;
    const rows = residents(STATION, 12, [community]).map((p) => p.row);
    const columns = Object.keys(rows[0]!);
    const tuple = `(${columns.map(() => '?').join(',')})`;
    await ts.station.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500) {
        const part = rows.slice(i, i + 500);
        const params: unknown[] = [];
        for (const r of part) for (const c of columns) params.push((r as never)[c]);
        await trx.executeQuery(
          CompiledQuery.raw(
            `insert into residents (${columns.join(',')}) values ${part.map(() => tuple).join(',')}`,
            params,
          ),
        );
      }
    });
    await sql`analyze`.execute(ts.station.db);
    const raw: number[] = [];
    const month: number[] = [];
    const yearly: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      raw.push(await time(() => sql`select count(*) from residents`.execute(ts.station.db)));
      month.push(
        await time(() =>
          ts.call('reports.community', { period: { kind: 'month', value: period.to.slice(0, 7) } }),
        ),
      );
      yearly.push(await time(() => ts.call('reports.community', { period: { kind: 'year', value: year } })));
    }
    const rawP = percentile(raw, 50);
    for (const [name, samples] of [
      ['community report at the station, a month, p95', month],
      ['community report at the station, a year, p95', yearly],
    ] as const) {
      const p95 = percentile(samples, 95);
      results.push({
        name,
        value: round(p95),
        unit: 'ms',
        target: '< 300 ms',
        note: `${STATION.toLocaleString('en')} residents; ${round(p95 / rawP, 1)}× a bare count(*) (${round(rawP, 1)} ms)`,
      });
    }
  } finally {
    await ts.close();
  }
  return results;
}
