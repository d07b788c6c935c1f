// The report counts are set-based (one pass over residents grouped by community and household, one grouped
// query per record table) while a drill-down lists people with one predicate per figure: two independent
// formulations of each definition. On generated residents — households of one to three, every kind of
// unemployment, placements, cards valid and cancelled — every figure's count equals its list's length,
// for a month, a quarter and a year, so a drill-down always shows exactly the people counted.
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityFigures, figureList } from '../../nodelib/reports/compute';
import { stationReportSource } from '../../nodelib/reports/stationSource';
import { FIGURE_KEYS, periodOf, type Period } from '../../shared/reports/figures';
import { residentCreateSchema } from '../../shared/domain/resident';
import { ensureDefaultCategories, loadCategories } from '../../station/cards/categories';
import { newResidentRow } from '../../station/residents/repository';
import { uuidv7 } from '../../station/ids';
import { newStation, type TestStation } from '../factories/station';
import { makePerson, mulberry32, pick, randomInt } from '../factories/people';

let ts: TestStation;
const STAMP = '2026-11-01T00:00:00.000Z';

function insert(table: string, rows: ReadonlyArray<Record<string, unknown>>): CompiledQuery {
  const columns = Object.keys(rows[0]!);
  const params: unknown[] = [];
  for (const r of rows) for (const c of columns) params.push(r[c] ?? null);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  return CompiledQuery.raw(
    `insert into ${table} (${columns.join(',')}) values ${rows.map(() => tuple).join(',')}`,
    params,
  );
}

beforeAll(async () => {
  ts = await newStation();
  const db = ts.station.db;
  await ensureDefaultCategories(db);
  const community = ts.station.identity!.communityCode;
  const rng = mulberry32(20260611);
  const day = () =>
    `2026-${String(randomInt(rng, 1, 12)).padStart(2, '0')}-${String(randomInt(rng, 1, 28)).padStart(2, '0')}`;
  const households: Array<Record<string, unknown>> = [];
  const residents: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  while (residents.length < 400) {
    const p = makePerson(rng);
    if (seen.has(p.idNumber)) continue;
    seen.add(p.idNumber);
    const confirmedAt = day();
    const status = pick(rng, ['employed', 'flexible', 'unemployed', 'unemployed'] as const);
    const input = residentCreateSchema.parse({
      name: p.name,
      idNumber: p.idNumber,
      landlessFarmer: rng() < 0.1,
      veteran: rng() < 0.05,
      subsistence: pick(rng, ['none', 'none', 'none', 'dibao', 'dibian'] as const),
      ...(rng() < 0.15 ? { graduateYear: randomInt(rng, 2022, 2026) } : {}),
      unemployment:
        status === 'unemployed'
          ? {
              status,
              registered: rng() < 0.6,
              // half long-term unemployed (eligible on their own), half only since this year
              since: rng() < 0.5 ? `20${randomInt(rng, 18, 24)}-03-01` : '2026-01-05',
              confirmedAt,
            }
          : { status, confirmedAt },
      ...(status !== 'unemployed' && rng() < 0.7
        ? { outcome: { result: 'placed', employer: '某公司', date: day(), confirmedAt } }
        : {}),
    });
    const row = newResidentRow(input, community, uuidv7(), STAMP) as unknown as Record<string, unknown>;
    // households of up to three consecutive people; one in five lives alone, outside any household
    const n = residents.length;
    if (n % 5 !== 4) {
      const id = `h${Math.floor(n / 3)}`;
      if (households.at(-1)?.id !== id)
        households.push({ id, community_code: community, created_at: STAMP, updated_at: STAMP });
      row.household_id = id;
    }
    residents.push(row);
  }
  const cards = residents
    .filter(() => rng() < 0.3)
    .map((r, i) => ({
      id: uuidv7(),
      community_code: community,
      resident_id: r.id,
      card_number: `${community}-${i}`,
      status: pick(rng, ['valid', 'valid', 'cancelled'] as const),
      categories: '[]',
      issued_on: day(),
      issued_by: '李援助',
      created_at: STAMP,
      updated_at: STAMP,
    }));
  await db.transaction().execute(async (trx) => {
    await trx.executeQuery(insert('households', households));
    for (let i = 0; i < residents.length; i += 100)
      await trx.executeQuery(insert('residents', residents.slice(i, i + 100)));
    await trx.executeQuery(insert('cards', cards));
  });
  await sql`update residents set deleted_at = ${STAMP} where rowid % 37 = 0`.execute(db);
}, 60_000);
afterAll(() => ts?.close());

describe.each([
  ['a month', periodOf('month', '2026-06')],
  ['a quarter', periodOf('quarter', '2026-Q3')],
  ['a year', periodOf('year', '2026')],
] as Array<[string, Period]>)('counted and listed alike for %s', (_label, period) => {
  it('gives every figure as many rows as its drill-down lists', async () => {
    const db = ts.station.db;
    const code = ts.station.identity!.communityCode;
    const input = { scope: [code], period, categories: await loadCategories(db) };
    const src = stationReportSource(db);
    const figures = (await communityFigures(src, input)).get(code)!;
    // generated to exercise every household rule: these are not zero by construction
    for (const k of [
      'workingAge',
      'eligible',
      'eligibleWithCard',
      'zeroFound',
      'registeredUnemployed',
    ] as const)
      expect(figures[k], k).toBeGreaterThan(0);
    for (const k of FIGURE_KEYS) {
      if (k === 'vacancyPositions') continue; // a list of vacancies, not of positions
      const list = await figureList(src, input, k, { limit: 1_000, offset: 0 });
      expect(list.total, k).toBe(figures[k]);
      expect(list.items, k).toHaveLength(Math.min(list.total, 1_000));
    }
  });
});
