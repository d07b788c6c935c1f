// Station benchmark (issue 2): 100,000 generated residents in a real station database. First the raw
// limit — the same rows written by batched multi-row INSERTs in one transaction — then what an assistant
// feels through `station.call`: saving a resident, searching, paging the grid; each beside the raw figure.
// Run with `npm run bench -- --only station`; LIUQING_BENCH_RESIDENTS=20000 for a quicker pass.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, sql, type Compilable } from 'kysely';
import { residentCreateSchema } from '../shared/domain/resident';
import { SECTION_KEYS } from '../shared/domain/sixClears';
import { todayInChina } from '../shared/domain/dates';
import { diffRow } from '../station/db/outbox';
import type { ResidentRowDb } from '../station/db/schema';
import { listResidents, newResidentRow, searchResidents } from '../station/residents/repository';
import { uuidv7 } from '../station/ids';
import { newStation, type TestStation } from '../tests/factories/station';
import { mulberry32, pick } from '../tests/factories/people';
import { makeResidentInput, makeSection } from './stationData';
import { percentile, type BenchResult } from './stats';
import { multiRowInsert, timeEach } from './helpers';

export type { BenchResult };

const DEFAULT_RESIDENTS = Number(process.env.LIUQING_BENCH_RESIDENTS ?? 100_000);
const BATCH = 500;
const SAVES = 300;
const QUERIES = 200;

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

async function explain(ts: TestStation, query: Compilable): Promise<string> {
  const c = query.compile();
  const r = await ts.station.db.executeQuery<{ detail: string }>(
    CompiledQuery.raw(`explain query plan ${c.sql}`, [...c.parameters]),
  );
  return r.rows.map((x) => x.detail).join(' | ');
}

export interface RunOptions {
  log?: (line: string) => void;
  /** Residents to generate; default 100,000 (or LIUQING_BENCH_RESIDENTS). */
  residents?: number;
  /** Runs after the bulk load, before any measurement: for trying an index or a pragma ("what if"). */
  afterLoad?: (db: TestStation['station']['db']) => Promise<void>;
}

export async function run(opts: RunOptions = {}): Promise<BenchResult[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const N = opts.residents ?? DEFAULT_RESIDENTS;
  const results: BenchResult[] = [];
  const rng = mulberry32(20250701);
  const today = todayInChina();
  const ts = await newStation();
  try {
    const db = ts.station.db;
    const ctx = await ts.station.context(ts.token);
    const operator = ctx.operator!;
    const community = ts.station.identity!.communityCode;

    // --- data -------------------------------------------------------------------------------------
    log(`station: generating ${N.toLocaleString('en')} residents…`);
    let t = performance.now();
    const seen = new Set<string>();
    const rows: ResidentRowDb[] = [];
    const stamp = new Date().toISOString();
    while (rows.length < N) {
      const input = residentCreateSchema.parse(makeResidentInput(rng, today));
      if (seen.has(input.idNumber)) continue; // the generator can repeat a number; a station cannot
      seen.add(input.idNumber);
      rows.push(newResidentRow(input, community, uuidv7(Date.now() + rows.length), stamp));
    }
    const outbox = rows.map((r) => ({
      entity: 'residents',
      row_id: r.id,
      op: 'create',
      fields: JSON.stringify(diffRow('residents', null, r as unknown as Record<string, unknown>)),
      operator_id: operator.id,
      operator_name: operator.displayName,
      hlc: ts.station.hlc.next(),
      created_at: stamp,
      verdict: null,
      reason: null,
    }));
    log(`station: generated in ${round((performance.now() - t) / 1000, 1)} s`);

    // --- raw limit: the same rows and their outbox entries, 500 per INSERT, one transaction --------------
    t = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        await trx.executeQuery(multiRowInsert('residents', rows.slice(i, i + BATCH)));
        await trx.executeQuery(multiRowInsert('outbox', outbox.slice(i, i + BATCH)));
      }
    });
    const rawMs = performance.now() - t;
    const rawPerRow = rawMs / N;
    results.push({
      name: 'raw insert (batched, 1 transaction)',
      value: Math.round(N / (rawMs / 1000)),
      unit: 'rows/s',
      note: `${N.toLocaleString('en')} residents + outbox entries in ${round(rawMs / 1000, 2)} s = ${round(rawPerRow * 1000, 1)} µs/row: the raw limit`,
    });
    const vsRaw = (ms: number) => `${Math.round(ms / rawPerRow).toLocaleString('en')}× raw per-row insert`;
    await sql`analyze`.execute(db);
    if (opts.afterLoad) await opts.afterLoad(db);
    log(`station: raw insert ${Math.round(N / (rawMs / 1000))} rows/s`);

    // --- save through the contract --------------------------------------------------------------------
    const fresh = [];
    while (fresh.length < SAVES) {
      const input = makeResidentInput(rng, today, { full: true });
      if (seen.has(input.idNumber)) continue;
      seen.add(input.idNumber);
      fresh.push(input);
    }
    const saves = await timeEach(fresh, (input) => ts.call('residents.create', input));
    const saveP95 = percentile(saves, 95);
    results.push({
      name: 'save resident with six clears, p50',
      value: round(percentile(saves, 50)),
      unit: 'ms',
      note: vsRaw(percentile(saves, 50)),
    });
    results.push({
      name: 'save resident with six clears, p95',
      value: round(saveP95),
      unit: 'ms',
      target: '< 15 ms',
      note: vsRaw(saveP95),
    });

    const updateIds = Array.from({ length: SAVES }, () => pick(rng, rows).id);
    const updates = await timeEach(updateIds, (id) =>
      ts.call('residents.update', { id, income: makeSection(rng, 'income', today) as never }),
    );
    results.push({
      name: 'update one six-clears section, p50',
      value: round(percentile(updates, 50)),
      unit: 'ms',
      note: vsRaw(percentile(updates, 50)),
    });
    results.push({
      name: 'update one six-clears section, p95',
      value: round(percentile(updates, 95)),
      unit: 'ms',
      target: '< 15 ms',
      note: vsRaw(percentile(updates, 95)),
    });

    // --- search ---------------------------------------------------------------------------------------
    const sample = Array.from({ length: QUERIES }, () => pick(rng, rows));
    const searches: Array<[string, string[]]> = [
      ['search by full name', sample.map((r) => r.name)],
      ['search by name prefix (surname + 1)', sample.map((r) => [...r.name].slice(0, 2).join(''))],
      ['search by pinyin initials', sample.map((r) => r.name_initials)],
      ['search by ID suffix (6 digits)', sample.map((r) => r.id_number.slice(-6))],
      ['search by ID suffix (4 digits)', sample.map((r) => r.id_number.slice(-4))],
    ];
    for (const [name, queries] of searches) {
      const viaCall = await timeEach(queries, (query) => ts.call('residents.search', { query }));
      const sqlOnly = await timeEach(queries, (query) => searchResidents(db, query, 20));
      const p95 = percentile(viaCall, 95);
      results.push({
        name: `${name}, p95`,
        value: round(p95),
        unit: 'ms',
        target: '< 50 ms',
        note: `query alone p95 ${round(percentile(sqlOnly, 95))} ms; ${vsRaw(p95)}`,
      });
    }

    // --- grid page ------------------------------------------------------------------------------------
    const listInput = (offset: number) => ({
      offset,
      limit: 100,
      sort: [{ field: 'name' as const, dir: 'asc' as const }],
      filter: { sixClears: 'incomplete' as const },
    });
    const first = await ts.call('residents.list', listInput(0));
    const total = first.total;
    const offsets = [0, 100, 1_000, 5_000, Math.floor(total / 2), Math.max(0, total - 100)];
    const pages: number[] = [];
    const pagesSql: number[] = [];
    const byOffset: string[] = [];
    for (const offset of offsets) {
      const times = await timeEach(
        Array.from({ length: 10 }, () => offset),
        (o) => ts.call('residents.list', listInput(o)),
      );
      pages.push(...times);
      byOffset.push(`@${offset.toLocaleString('en')}: ${round(percentile(times, 50), 1)}`);
      const view = { today, staleAfterDays: ctx.staleAfterDays };
      pagesSql.push(
        ...(await timeEach(
          Array.from({ length: 5 }, () => offset),
          (o) => listResidents(db, listInput(o), view),
        )),
      );
    }
    const pageP95 = percentile(pages, 95);
    results.push({
      name: 'grid page (100 rows, by name, six clears incomplete), p95',
      value: round(pageP95),
      unit: 'ms',
      target: '< 50 ms',
      note: `${total.toLocaleString('en')} matching; p50 by offset ${byOffset.join(', ')} ms; query alone p95 ${round(percentile(pagesSql, 95))} ms; ${vsRaw(pageP95)}`,
    });
    const quick = await timeEach(
      sample.slice(0, 50).map((r) => r.name_initials),
      (q) =>
        ts.call('residents.list', {
          offset: 0,
          limit: 100,
          sort: [{ field: 'name', dir: 'asc' }],
          filter: { quick: q },
        }),
    );
    results.push({
      name: 'grid page with quick filter (pinyin initials), p95',
      value: round(percentile(quick, 95)),
      unit: 'ms',
      target: '< 50 ms',
    });

    // --- plans of the slowest reads, for the record ----------------------------------------------------------
    const plan = await explain(
      ts,
      db
        .selectFrom('residents')
        .select('id')
        .where('deleted_at', 'is', null)
        .where((eb) => eb.or([eb('clears_missing', '>', 0), eb('clears_oldest_at', '<', '2025-01-01')]))
        .orderBy('name_pinyin')
        .orderBy('id')
        .limit(100)
        .offset(50_000),
    );
    log(`station: grid query plan: ${plan}`);

    // --- database size ------------------------------------------------------------------------------------
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    const file = join(ts.dir, 'station.sqlite');
    const bytes = fileSize(file) + fileSize(`${file}-wal`);
    results.push({
      name: 'database size',
      value: round(bytes / 1_048_576, 1),
      unit: 'MB',
      note: `${Math.round(bytes / (N + SAVES)).toLocaleString('en')} bytes per resident incl. outbox and indexes (WAL after checkpoint)`,
    });
    const sectionsShare = rows.filter((r) => r.clears_missing === 0).length / rows.length;
    log(
      `station: ${Math.round(sectionsShare * 100)} % of generated residents have all six clears on record; ${SECTION_KEYS.length} sections each`,
    );
    return results;
  } finally {
    await ts.close();
  }
}
