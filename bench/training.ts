// Training (issue 10): training.rate over a year of district data on the district server, SQLite and
// PostgreSQL — 300,000 residents across 127 communities (a quarter with a recorded outcome), 40,000
// recommendations (half hired), 500 courses and 20,000 enrolments (three in four completed in the year) —
// the rate for the whole district, for one provider and for one course, p95 of 20 runs each, beside the raw
// limit of one plain count(*) of the year's completions in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { createServer, dropPgSchema } from '../server/index';
import { bulkInsert } from '../server/db/bulk';
import { COMMUNITIES } from '../shared/reference/jianggan2020';
import { residentFacts, recommendationFacts } from '../shared/reports/facts';
import { addDays } from '../shared/domain/dates';
import { employmentDeadline } from '../shared/domain/training/training';
import { percentile, type BenchResult } from './stats';

const RESIDENTS = 300_000;
const RECOMMENDATIONS = 40_000;
const COURSES = 500;
const ENROLMENTS = 20_000;
const RUNS = 20;
const PG_URL = process.env.PGTEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PROVIDERS = [
  '杭州市职业技能培训中心',
  '江干区就业训练中心',
  '浙江长征职业技术学院',
  '杭州东方职业技术学校',
];

const dayOf = (i: number) => addDays('2026-01-01', i % 365);
const community = (i: number) => COMMUNITIES[i % COMMUNITIES.length]!.code;

async function rows(
  trx: Parameters<typeof bulkInsert>[0],
  kind: 'sqlite' | 'postgres',
  table: string,
  objects: Array<Record<string, unknown>>,
) {
  const columns = Object.keys(objects[0]!);
  for (let i = 0; i < objects.length; i += 10_000)
    await bulkInsert(
      trx,
      kind,
      table,
      columns,
      objects.slice(i, i + 10_000).map((o) => columns.map((c) => o[c])),
    );
}

async function measure(pg: boolean, log: (l: string) => void): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-bench-train-'));
  const pgSchema = pg ? `bench_train_${randomBytes(4).toString('hex')}` : undefined;
  const server = await createServer(pg ? { databaseUrl: PG_URL, pgSchema: pgSchema! } : { dataDir: dir });
  const { kind } = server.store;
  try {
    await server.store.transaction(async (trx) => {
      const residents = [];
      for (let i = 0; i < RESIDENTS; i++)
        residents.push(
          residentFacts(`res-${i}`, community(i), {
            name: '某',
            id_number: '330104198001010000',
            birth_date: '1980-01-01',
            sex: 'F',
            landless_farmer: i % 3 === 0 ? 1 : 0,
            subsistence: 'none',
            clear_outcome:
              i % 4 === 0 ? { result: 'placed', date: dayOf(i * 7), confirmedAt: '2026-01-01' } : null,
          }) as unknown as Record<string, unknown>,
        );
      await rows(trx, kind, 'report_residents', residents);
      const recs = [];
      for (let i = 0; i < RECOMMENDATIONS; i++)
        recs.push(
          recommendationFacts(`rec-${i}`, community(i), {
            resident_id: `res-${(i * 13) % RESIDENTS}`,
            vacancy_title: '护理员',
            employer_name: '某公司',
            status: i % 2 ? 'hired' : 'recommended',
            recommended_on: dayOf(i),
            hired_on: i % 2 ? dayOf(i + 20) : null,
          }) as unknown as Record<string, unknown>,
        );
      await rows(trx, kind, 'report_recommendations', recs);
      const courses = [];
      for (let i = 0; i < COURSES; i++)
        courses.push({
          row_id: `course-${i}`,
          community_code: community(i),
          provider: PROVIDERS[i % PROVIDERS.length],
          fields: JSON.stringify({ name: `课程 ${i}`, provider: PROVIDERS[i % PROVIDERS.length] }),
          removed: 0,
          bseq: i + 1,
          updated_at: '2026-01-01T00:00:00Z',
        });
      await rows(trx, kind, 'training_courses', courses);
      const facts = [];
      for (let i = 0; i < ENROLMENTS; i++) {
        const done = i % 4 === 3 ? null : dayOf(i * 3);
        facts.push({
          row_id: `enr-${i}`,
          community_code: community(i),
          course_id: `course-${i % COURSES}`,
          resident_id: `res-${(i * 13) % RESIDENTS}`,
          status: done ? 'completed' : 'enrolled',
          completed_on: done,
          employ_by: done ? employmentDeadline(done) : null,
        });
      }
      await rows(trx, kind, 'training_facts', facts);
    });
    if (pg) await sql`analyze`.execute(server.store.db);
    const year = { from: '2026-01-01', to: '2026-12-31' };
    const cases = [
      { label: 'the whole district', q: year },
      { label: 'one provider', q: { ...year, provider: PROVIDERS[1] } },
      { label: 'one course', q: { ...year, courseId: 'course-6' } },
    ];
    const raw: number[] = [];
    const out: BenchResult[] = [];
    const store = pg ? 'PostgreSQL' : 'SQLite';
    for (const c of cases) {
      const times: number[] = [];
      let seen = { completed: 0, employed: 0 };
      for (let i = 0; i < RUNS; i++) {
        let t = performance.now();
        seen = await server.trainingRate(c.q);
        times.push(performance.now() - t);
        t = performance.now();
        await sql`select count(*) from training_facts where completed_on >= ${year.from} and completed_on <= ${year.to}`.execute(
          server.store.db,
        );
        raw.push(performance.now() - t);
      }
      if (seen.completed === 0) throw new Error(`no completions counted (${c.label})`);
      const p95 = percentile(times, 95);
      const rawP95 = percentile(raw, 95);
      log(
        `training ${store} ${c.label}: rate p95 ${p95.toFixed(1)} ms (${seen.employed}/${seen.completed}), raw count ${rawP95.toFixed(1)} ms`,
      );
      out.push({
        name: `training.rate, ${c.label}, a year of ${ENROLMENTS.toLocaleString('en')} enrolments over ${RESIDENTS.toLocaleString('en')} residents (${store})`,
        value: Math.round(p95 * 10) / 10,
        unit: 'ms',
        target: '< 500 ms',
        note: `p95 of ${RUNS}; ${seen.employed} of ${seen.completed} completions employed; raw count(*) of the year's completions ${rawP95.toFixed(1)} ms (${(p95 / Math.max(rawP95, 0.01)).toFixed(1)}×)`,
      });
    }
    return out;
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
