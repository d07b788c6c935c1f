// Programmes (issue 10): subsidy totals over a year of district data on the district server, SQLite and
// PostgreSQL — 10,000 applications across 127 communities and the six policies, person-times and amounts per
// policy for the year, p95 of 20 runs, beside the raw limit of one plain count(*) scan of the same table.
// (The fair candidate list and training.rate figures come with those parts of issue 10.)
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createServer, dropPgSchema } from '../server/index';
import { bulkInsert } from '../server/db/bulk';
import { COMMUNITIES } from '../shared/reference/jianggan2020';
import { percentile, type BenchResult } from './stats';

const APPLICATIONS = 10_000;
const RUNS = 20;
const PG_URL = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const POLICIES = [
  'employer_hire',
  'social_insurance',
  'public_welfare_post',
  'startup',
  'education',
  'onjob_training',
];
const STATUSES = ['submitted', 'approved', 'paid', 'paid', 'refused', 'set_aside'];

async function measure(pg: boolean, log: (l: string) => void): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-prog-'));
  const pgSchema = pg ? `bench_prog_${randomBytes(4).toString('hex')}` : undefined;
  const server = await createServer(pg ? { databaseUrl: PG_URL, pgSchema: pgSchema! } : { dataDir: dir });
  try {
    const rows: unknown[][] = [];
    for (let i = 0; i < APPLICATIONS; i++) {
      const month = String(1 + (i % 12)).padStart(2, '0');
      rows.push([
        `app-${i}`,
        COMMUNITIES[i % COMMUNITIES.length]!.code,
        `res-${i % 8000}`,
        null,
        POLICIES[i % POLICIES.length],
        `2026-${month}-01`,
        `2026-${month}-28`,
        60_000 + (i % 7) * 10_000,
        STATUSES[i % STATUSES.length],
        '2026-01-01T00:00:00Z',
        null,
        null,
      ]);
    }
    await server.store.transaction((trx) =>
      bulkInsert(
        trx,
        server.store.kind,
        'subsidy_claims',
        [
          'row_id',
          'community_code',
          'resident_id',
          'employer_id',
          'policy_code',
          'period_from',
          'period_to',
          'amount_fen',
          'status',
          'arrived_at',
          'decided_on',
          'paid_on',
        ],
        rows,
      ),
    );
    const totals: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const r = await server.subsidyTotals('2026-01-01', '2026-12-31');
      totals.push(performance.now() - t);
      if (r.reduce((n, x) => n + x.personTimes, 0) === 0) throw new Error('no totals');
      t = performance.now();
      await sql`select count(*) from subsidy_claims`.execute(server.store.db);
      raw.push(performance.now() - t);
    }
    const store = pg ? 'PostgreSQL' : 'SQLite';
    const p95 = percentile(totals, 95);
    const rawP95 = percentile(raw, 95);
    log(`programmes ${store}: subsidy totals p95 ${p95.toFixed(1)} ms, raw count(*) ${rawP95.toFixed(1)} ms`);
    return [
      {
        name: `subsidy totals per policy, a year of ${APPLICATIONS.toLocaleString('en')} applications (${store})`,
        value: Math.round(p95 * 10) / 10,
        unit: 'ms',
        target: '< 500 ms',
        note: `p95 of ${RUNS}; raw count(*) of the table ${rawP95.toFixed(1)} ms (${(p95 / Math.max(rawP95, 0.01)).toFixed(1)}×)`,
      },
    ];
  } finally {
    await server.close();
    if (pgSchema) await dropPgSchema(PG_URL, pgSchema);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(opts: { log?: (line: string) => void } = {}): Promise<BenchResult[]> {
  const log = opts.log ?? (() => undefined);
  return [...(await measure(false, log)), ...(await measure(true, log))];
}
