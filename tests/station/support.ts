// Small helpers shared by the station tests: read the outbox back, count rows, make residents.
import { sql } from 'kysely';
import { makePerson, mulberry32, type GeneratedPerson, type IdNumberOptions } from '../factories/people';
import { idCheckCharacter } from '../../shared/validators/idNumber';
import type { TestStation } from '../factories/station';
import type { Station } from '../../station/station';

export interface OutboxEntry {
  seq: number;
  entity: string;
  rowId: string;
  op: string;
  fields: Record<string, [unknown, unknown]>;
  operatorId: string;
  operatorName: string;
  hlc: string;
}

export async function outboxEntries(station: Station): Promise<OutboxEntry[]> {
  const rows = await station.db.selectFrom('outbox').selectAll().orderBy('seq').execute();
  return rows.map((r) => ({
    seq: r.seq,
    entity: r.entity,
    rowId: r.row_id,
    op: r.op,
    fields: JSON.parse(r.fields) as Record<string, [unknown, unknown]>,
    operatorId: r.operator_id,
    operatorName: r.operator_name,
    hlc: r.hlc,
  }));
}

const TABLES = [
  'residents',
  'households',
  'employers',
  'vacancies',
  'outbox',
  'operators',
  'access_log',
] as const;

/** Row counts of every data table, to prove a failed call left nothing behind. */
export async function rowCounts(station: Station): Promise<Record<(typeof TABLES)[number], number>> {
  const out = {} as Record<(typeof TABLES)[number], number>;
  for (const t of TABLES) {
    const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(station.db);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

/** A seeded source of people, so a failing test replays with the same names and numbers. */
export function people(seed: number) {
  const rng = mulberry32(seed);
  return (opts: IdNumberOptions = {}): GeneratedPerson => makePerson(rng, { origin: 'hangzhou', ...opts });
}

/** A valid ID number with chosen region, birth date and sequence (so tests can control the last digits). */
export function idWith(birthDate: string, sequence: string, region = '330104'): string {
  const first17 = region + birthDate.replaceAll('-', '') + sequence;
  return first17 + idCheckCharacter(first17);
}

/** Finds a sequence code (3 digits) whose check character is `want`, for numbers ending in X and the like. */
export function idEndingWith(birthDate: string, want: string, region = '330104'): string {
  for (let s = 0; s < 1000; s++) {
    const id = idWith(birthDate, String(s).padStart(3, '0'), region);
    if (id.endsWith(want)) return id;
  }
  throw new Error(`no sequence gives check character ${want}`);
}

export async function createResident(
  s: TestStation,
  name: string,
  idNumber: string,
  extra: Record<string, unknown> = {},
) {
  return s.call('residents.create', { name, idNumber, ...extra } as never);
}

/** The six clears, each confirmed on `on`. */
export function fullClears(on: string) {
  return {
    unemployment: { status: 'unemployed' as const, since: '2024-01-01', registered: true, confirmedAt: on },
    skills: { items: [{ name: '电工', level: '中级' }], confirmedAt: on },
    training: { wants: true, courses: ['育婴师'], confirmedAt: on },
    preferences: { occupations: ['保安'], industries: [], expectedWage: 4500, confirmedAt: on },
    income: { householdSize: 3, monthlyIncome: 6000, subsistence: 'none' as const, confirmedAt: on },
    outcome: { result: 'not_yet' as const, reasonNotYet: '正在求职', confirmedAt: on },
  };
}

/** A clock tests can move, forwards and backwards. */
export function movableClock(start: string) {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set(iso: string) {
      t = Date.parse(iso);
    },
    advance(ms: number) {
      t += ms;
    },
  };
}
