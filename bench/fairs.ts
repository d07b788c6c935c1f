// Job fairs benchmark (issue 10): the fair candidate list over 100,000 residents in a real station database —
// `fairs.candidates` through `station.call` as the desk calls it, for fairs of 8 employers bringing 16
// vacancies (the district's fairs average 8.6 employers), each person once with the jobs they fit — beside
// two raw limits measured in the same run: one plain read of every resident's wishes (the scan the matching
// would make for one vacancy without an index), and one count over the match index of each vacancy's best
// tier (the least an exact answer through the index reads: every person who wishes the job's occupation).
// The matching asked vacancy by vacancy (what fairs.candidates did before the one pass) is timed once a
// fair for comparison, and the first list after a start (the people looking for work read into memory) once.
// `npx tsx bench/run.ts --only fairs`; LIUQING_BENCH_RESIDENTS=20000 for a quicker pass.
import { CompiledQuery, sql } from 'kysely';
import { residentCreateSchema } from '../shared/domain/resident';
import { addDays, todayInChina } from '../shared/domain/dates';
import type { ResidentRowDb } from '../station/db/schema';
import { newResidentRow } from '../station/residents/repository';
import { uuidv7 } from '../station/ids';
import { newStation } from '../tests/factories/station';
import { mulberry32, pick, randomInt, type Rng } from '../tests/factories/people';
import { creditCheckCharacter } from '../shared/validators/creditCode';
import { OCCUPATIONS_2015 } from '../shared/reference/occupations2015';
import { makeResidentInput } from './stationData';
import { percentile, type BenchResult } from './stats';
import { candidates } from '../station/matching/match';

const DEFAULT_RESIDENTS = Number(process.env.LIUQING_BENCH_RESIDENTS ?? 100_000);
const FAIRS = 6;
const EMPLOYERS_PER_FAIR = 8;
const VACANCIES_PER_EMPLOYER = 2;
const BATCH = 400;

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const LEAVES = OCCUPATIONS_2015.filter((o) => o.code.split('-').length >= 3).map((o) => o.code);

function insert(table: string, rows: ReadonlyArray<Record<string, unknown>>): CompiledQuery {
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const params: unknown[] = [];
  for (const r of rows) for (const c of columns) params.push(r[c] ?? null);
  return CompiledQuery.raw(
    `insert into ${table} (${columns.join(',')}) values ${rows.map(() => tuple).join(',')}`,
    params,
  );
}

function wishes(rng: Rng) {
  const n = randomInt(rng, 1, 3);
  return { occupationCodes: [...new Set(Array.from({ length: n }, () => pick(rng, LEAVES)))] };
}

export async function run(
  opts: { log?: (l: string) => void; residents?: number } = {},
): Promise<BenchResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const N = opts.residents ?? DEFAULT_RESIDENTS;
  const rng = mulberry32(20261010);
  const today = todayInChina();
  const ts = await newStation();
  try {
    const db = ts.station.db;
    const community = ts.station.identity!.communityCode;
    const stamp = new Date().toISOString();
    log(`fairs: generating ${N.toLocaleString('en')} residents with coded wishes…`);
    const seen = new Set<string>();
    const rows: ResidentRowDb[] = [];
    while (rows.length < N) {
      const input = residentCreateSchema.parse(makeResidentInput(rng, today));
      if (seen.has(input.idNumber)) continue;
      seen.add(input.idNumber);
      if (rng() < 0.8)
        input.preferences = {
          ...(input.preferences ?? { occupations: [], industries: [], confirmedAt: today }),
          ...wishes(rng),
        };
      rows.push(newResidentRow(input, community, uuidv7(Date.now() + rows.length), stamp));
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += BATCH)
        await trx.executeQuery(insert('residents', rows.slice(i, i + BATCH)));
    });

    log(`fairs: ${FAIRS} fairs of ${EMPLOYERS_PER_FAIR} employers × ${VACANCIES_PER_EMPLOYER} vacancies…`);
    const fairIds: string[] = [];
    for (let f = 0; f < FAIRS; f++) {
      const fair = await ts.call('fairs.create', {
        name: `春风行动招聘会第${f + 1}场`,
        date: today,
        place: '社区服务中心',
        organiser: '社区居委会',
      });
      fairIds.push(fair.id);
      for (let e = 0; e < EMPLOYERS_PER_FAIR; e++) {
        const body = `913301041${String(f * 100 + e).padStart(8, '0')}`;
        const employer = await ts.call('employers.create', {
          creditCode: body + creditCheckCharacter(body),
          name: `杭州招聘会测试单位${f}-${e}有限公司`,
          contacts: [{ name: '联系人', phone: '13900001111' }],
        });
        const vacancyIds: string[] = [];
        for (let v = 0; v < VACANCIES_PER_EMPLOYER; v++) {
          const wage = randomInt(rng, 30, 80) * 100;
          const vacancy = await ts.call('vacancies.create', {
            employerId: employer.id,
            title: `岗位${randomInt(rng, 1, 9999)}`,
            occupationCode: pick(rng, LEAVES),
            positions: randomInt(rng, 1, 20),
            wageMin: wage,
            wageMax: wage + 1000,
            validFrom: addDays(today, -10),
            validTo: addDays(today, 120),
          });
          vacancyIds.push(vacancy.id);
        }
        await ts.call('fairs.addEmployer', { fairId: fair.id, employerId: employer.id, vacancyIds });
      }
    }
    await sql`analyze`.execute(db);

    // raw limit, same run: one read of every resident's wishes
    const scan: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await sql`select id, clear_preferences from residents where deleted_at is null`.execute(db);
      scan.push(performance.now() - t);
    }
    const raw = percentile(scan, 50);

    // raw limit through the index, same run: each vacancy's best tier, counted
    const occupations = new Map<string, string[]>();
    for (const fairId of fairIds) {
      const fair = await ts.call('fairs.get', { id: fairId });
      const ids = fair.employers.flatMap((e) => e.vacancies.map((v) => v.id));
      const codes = await db
        .selectFrom('vacancies')
        .select('occupation_code')
        .where('id', 'in', ids)
        .execute();
      occupations.set(
        fairId,
        codes.map((c) => c.occupation_code!),
      );
    }
    const tierScan: number[] = [];
    for (const fairId of fairIds) {
      const t = performance.now();
      for (const code of occupations.get(fairId)!)
        await sql`select count(*) from match_wishes w cross join match_people m on m.resident_id = w.resident_id
          where w.kind = 'o' and (w.code = ${code} or (w.code > ${`${code}-`} and w.code < ${`${code}.`}))
            and m.looking = 1`.execute(db);
      tierScan.push(performance.now() - t);
    }
    const rawIndex = percentile(tierScan, 50);

    // before: the matching asked once per vacancy (one call a fair: seconds each at 100,000 residents)
    const before: number[] = [];
    for (const fairId of fairIds.slice(0, 2)) {
      const fair = await ts.call('fairs.get', { id: fairId });
      const t = performance.now();
      for (const v of fair.employers.flatMap((e) => e.vacancies))
        await candidates(db, { vacancyId: v.id, limit: 10 }, { today, community });
      before.push(performance.now() - t);
    }

    // the first list after a start reads the people looking for work into memory (station/matching/peopleBook.ts)
    const cpuMs = (from: NodeJS.CpuUsage) => {
      const u = process.cpuUsage(from);
      return (u.user + u.system) / 1000;
    };
    const first = performance.now();
    const firstCpu = process.cpuUsage();
    await ts.call('fairs.candidates', { fairId: fairIds[0]!, limit: 100 });
    const firstMs = performance.now() - first;
    const firstCpuMs = cpuMs(firstCpu);
    const times: number[] = [];
    const cpu: number[] = [];
    let found = 0;
    for (let round_ = 0; round_ < 3; round_++)
      for (const fairId of fairIds) {
        const t = performance.now();
        const c = process.cpuUsage();
        const r = await ts.call('fairs.candidates', { fairId, limit: 100 });
        times.push(performance.now() - t);
        cpu.push(cpuMs(c));
        found += r.items.length;
      }
    if (found === 0) throw new Error('fairs: no candidates found at all');
    const p95 = percentile(times, 95);
    log(
      `fairs: candidate list p95 ${round(p95)} ms (CPU p95 ${round(percentile(cpu, 95))} ms; first ${round(firstMs)} ms), raw scan ${round(raw)} ms, index tiers ${round(rawIndex)} ms, per vacancy ${round(percentile(before, 50))} ms`,
    );
    return [
      {
        name: 'raw: read every resident’s wishes',
        value: round(raw),
        unit: 'ms',
        note: `${N.toLocaleString('en')} rows, one SELECT (p50 of 10)`,
      },
      {
        name: 'raw: count each vacancy’s best tier in the match index',
        value: round(rawIndex),
        unit: 'ms',
        note: `${EMPLOYERS_PER_FAIR * VACANCIES_PER_EMPLOYER} counts a fair, everyone wishing the job's occupation (p50 over ${FAIRS} fairs)`,
      },
      {
        name: 'before: matching asked once per vacancy, one fair',
        value: round(percentile(before, 50)),
        unit: 'ms',
        note: `p50 of ${before.length} fairs; what fairs.candidates did before the one pass`,
      },
      {
        name: `fair candidate list p95 (${EMPLOYERS_PER_FAIR * VACANCIES_PER_EMPLOYER} vacancies, ${N.toLocaleString('en')} residents)`,
        value: round(p95),
        unit: 'ms',
        target: '< 300 ms',
        note: `p50 ${round(percentile(times, 50))} ms over ${times.length} calls on ${FAIRS} fairs, CPU p50 ${round(percentile(cpu, 50))} / p95 ${round(percentile(cpu, 95))} ms, ${round(found / times.length)} people a list; ${round(p95 / Math.max(raw, 0.01))}× the raw scan, ${round(p95 / Math.max(rawIndex, 0.01))}× the index tiers`,
      },
      {
        name: 'first fair candidate list after a start (people read into memory)',
        value: round(firstMs),
        unit: 'ms',
        note: `CPU ${round(firstCpuMs)} ms; later lists read only the people changed since`,
      },
    ];
  } finally {
    await ts.close();
  }
}
