// Residents on the station database: row ↔ domain mapping, derived columns, search and the paged list.
// Writes go through station/residents/service.ts so that each one carries its outbox entry.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { parseIdNumber, maskIdNumber } from '../../shared/validators/idNumber';
import { parsePhone } from '../../shared/validators/phone';
import { ageOn, addDays } from '../../shared/domain/dates';
import {
  evaluateSixClears,
  SECTION_KEYS,
  type SectionKey,
  type SixClears,
} from '../../shared/domain/sixClears';
import type { Resident, ResidentCreate, ResidentRow } from '../../shared/domain/resident';
import type { Lifecycle } from '../../shared/domain/lifecycle';
import { maskIncomeSection } from '../../shared/domain/privacy';
import { clearsFacts } from '../../shared/reports/facts';
import type { Executor, NewResidentRowDb, ResidentRowDb, StationDB } from '../db/schema';
import { pinyinKeys } from './pinyin';
import type { z } from 'zod';
import type { residentListInput } from '../../shared/contract/core';

export const CLEAR_COLUMNS: Record<SectionKey, `clear_${SectionKey}`> = {
  unemployment: 'clear_unemployment',
  skills: 'clear_skills',
  training: 'clear_training',
  preferences: 'clear_preferences',
  income: 'clear_income',
  outcome: 'clear_outcome',
};

/** Domain field → column, for the profile fields a person types. */
export const PROFILE_COLUMNS = {
  name: 'name',
  phone: 'phone',
  hukouType: 'hukou_type',
  address: 'address',
  householdId: 'household_id',
  householdRelation: 'household_relation',
  landlessFarmer: 'landless_farmer',
  disability: 'disability',
  subsistence: 'subsistence',
  veteran: 'veteran',
  singleParent: 'single_parent',
  releasedOrRehab: 'released_or_rehab',
  graduateYear: 'graduate_year',
  note: 'note',
} as const;

const BOOL_COLUMNS = new Set(['landless_farmer', 'veteran', 'single_parent', 'released_or_rehab']);
const JSON_COLUMNS = new Set(['disability']);

export function toColumnValue(column: string, value: unknown): unknown {
  if (value === undefined) return undefined;
  if (BOOL_COLUMNS.has(column)) return value ? 1 : 0;
  if (JSON_COLUMNS.has(column)) return value === null ? null : JSON.stringify(value);
  return value;
}

export function clearsOf(row: Pick<ResidentRowDb, `clear_${SectionKey}`>): SixClears {
  const out: SixClears = {};
  for (const k of SECTION_KEYS) {
    const v = row[CLEAR_COLUMNS[k]];
    out[k] = v ? JSON.parse(v) : null;
  }
  return out;
}

/**
 * Recomputes every derived column from the synced ones. Called on each local write and on each row that
 * sync brings in, so the two can never disagree.
 */
export function deriveResidentColumns(
  row: Pick<ResidentRowDb, 'name' | 'id_number' | `clear_${SectionKey}`>,
) {
  const { full, initials } = pinyinKeys(row.name);
  const clears = clearsOf(row);
  let missing = 0;
  let oldest: string | null = null;
  for (const k of SECTION_KEYS) {
    const s = clears[k];
    if (!s) missing++;
    else if (oldest === null || s.confirmedAt < oldest) oldest = s.confirmedAt;
  }
  return {
    name_pinyin: full,
    name_initials: initials,
    id_number_rev: [...row.id_number].reverse().join(''),
    clears_missing: missing,
    clears_oldest_at: oldest,
    ...clearsFacts(clears),
  };
}

/** Columns from a parsed create/update input (only the keys present). */
export function residentColumnsFromInput(input: Record<string, unknown>): Partial<NewResidentRowDb> {
  const cols: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(PROFILE_COLUMNS)) {
    if (field in input && input[field] !== undefined) cols[column] = toColumnValue(column, input[field]);
  }
  if (typeof input.idNumber === 'string') {
    const p = parseIdNumber(input.idNumber);
    if (p.ok) {
      cols.id_number = p.value.idNumber;
      cols.birth_date = p.value.birthDate;
      cols.sex = p.value.sex;
    }
  }
  for (const k of SECTION_KEYS) {
    if (k in input && input[k] !== undefined)
      cols[CLEAR_COLUMNS[k]] = input[k] === null ? null : JSON.stringify(input[k]);
  }
  return cols as Partial<NewResidentRowDb>;
}

/**
 * 低保/低边 is recorded once: on the profile (基本信息). The income section (家庭收入清) carries the same value,
 * written here on every save, so the two never disagree. `typed` is what the caller sent for the profile
 * field; without it the profile keeps its value, and a profile still at 无 takes what an income section says
 * (older clients, and rows written before this rule, recorded it there).
 */
export function withOneSubsistence<T extends { subsistence: string; clear_income: string | null }>(
  row: T,
  typed?: string,
): T {
  const income = row.clear_income ? (JSON.parse(row.clear_income) as { subsistence?: string }) : null;
  const value = typed ?? (row.subsistence !== 'none' ? row.subsistence : (income?.subsistence ?? 'none'));
  const clearIncome =
    income && income.subsistence !== value
      ? JSON.stringify({ ...income, subsistence: value })
      : row.clear_income;
  return { ...row, subsistence: value, clear_income: clearIncome };
}

/**
 * The full row a new resident is stored as, derived columns included: the one definition used by
 * `residents.create` and by the benchmarks' bulk loads (so their raw limit writes the same rows).
 */
export function newResidentRow(
  input: ResidentCreate,
  communityCode: string,
  id: string,
  stamp: string,
): ResidentRowDb {
  const base = {
    id,
    community_code: communityCode,
    phone: null,
    hukou_type: null,
    address: null,
    household_id: null,
    household_relation: null,
    landless_farmer: 0,
    disability: null,
    subsistence: 'none',
    veteran: 0,
    single_parent: 0,
    released_or_rehab: 0,
    graduate_year: null,
    note: null,
    clear_unemployment: null,
    clear_skills: null,
    clear_training: null,
    clear_preferences: null,
    clear_income: null,
    clear_outcome: null,
    lifecycle: null,
    created_at: stamp,
    updated_at: stamp,
    deleted_at: null,
    ...residentColumnsFromInput(input),
  } as Omit<ResidentRowDb, keyof ReturnType<typeof deriveResidentColumns>>;
  const one = withOneSubsistence(base, input.subsistence);
  return { ...one, ...deriveResidentColumns(one) } as ResidentRowDb;
}

export interface ViewOptions {
  today: string;
  staleAfterDays: number;
  reveal?: boolean;
}

/** Age limits of the list's age bands, from the reference data (the 大龄失业 category's thresholds). */
export interface AgeBandLimits {
  olderFrom: { F: number; M: number };
  retireAt: { F: number; M: number };
  workFrom: number;
}

/**
 * The resident as an answer carries it: the ID number and the income amount masked unless `o.reveal`
 * (the caller logs the reveal: station/privacy/reveal.ts). The six-clears state is computed from the
 * stored values, so masking changes nothing it says.
 */
export function toResident(stored: ResidentRowDb, o: ViewOptions): Resident {
  // a row written before 低保/低边 was recorded once reads as one value (withOneSubsistence)
  const row = withOneSubsistence(stored);
  const clears = clearsOf(row);
  return {
    id: row.id,
    communityCode: row.community_code,
    name: row.name,
    idNumber: o.reveal ? row.id_number : maskIdNumber(row.id_number),
    idNumberMasked: !o.reveal,
    incomeMasked: !o.reveal,
    birthDate: row.birth_date,
    sex: row.sex,
    age: ageOn(row.birth_date, o.today),
    phone: row.phone,
    hukouType: row.hukou_type as Resident['hukouType'],
    address: row.address,
    householdId: row.household_id,
    householdRelation: row.household_relation,
    landlessFarmer: !!row.landless_farmer,
    disability: row.disability ? JSON.parse(row.disability) : null,
    subsistence: row.subsistence as Resident['subsistence'],
    veteran: !!row.veteran,
    singleParent: !!row.single_parent,
    releasedOrRehab: !!row.released_or_rehab,
    graduateYear: row.graduate_year,
    note: row.note,
    ...clears,
    income:
      clears.income && !o.reveal ? (maskIncomeSection(clears.income) as Resident['income']) : clears.income,
    lifecycle: row.lifecycle ? (JSON.parse(row.lifecycle) as Lifecycle) : null,
    sixClearsState: evaluateSixClears(clears, o.today, o.staleAfterDays),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Columns a list row needs: enough for the grid, without the six clears' JSON bodies. */
export const ROW_COLUMNS = [
  'id',
  'name',
  'id_number',
  'sex',
  'birth_date',
  'phone',
  'address',
  'household_id',
  'lifecycle',
  'community_code',
  'clear_unemployment',
  'clear_skills',
  'clear_training',
  'clear_preferences',
  'clear_income',
  'clear_outcome',
  'updated_at',
] as const;
type ListRowDb = Pick<ResidentRowDb, (typeof ROW_COLUMNS)[number]>;

export function toResidentRow(row: ListRowDb, o: ViewOptions): ResidentRow {
  return {
    id: row.id,
    name: row.name,
    idNumber: maskIdNumber(row.id_number),
    sex: row.sex,
    age: ageOn(row.birth_date, o.today),
    birthDate: row.birth_date,
    phone: row.phone,
    communityCode: row.community_code,
    sixClearsState: evaluateSixClears(clearsOf(row), o.today, o.staleAfterDays),
    updatedAt: row.updated_at,
    employmentStatus: clearsOf(row).unemployment?.status ?? null,
    leftAs: row.lifecycle ? (JSON.parse(row.lifecycle) as Lifecycle).state : null,
    address: row.address,
    householdId: row.household_id,
  };
}

export async function getResidentRow(db: Executor, id: string): Promise<ResidentRowDb | undefined> {
  return db
    .selectFrom('residents')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function findByIdNumber(db: Executor, idNumber: string): Promise<ResidentRowDb | undefined> {
  return db
    .selectFrom('residents')
    .selectAll()
    .where('id_number', '=', idNumber)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

/** GLOB is case-sensitive and uses the index for a prefix (LIKE would not, being case-blind); escape its wildcards. */
function globPrefix(column: 'id_number_rev' | 'name_initials' | 'name_pinyin', s: string) {
  return sql<boolean>`${sql.ref(column)} glob ${s.replace(/[*?[\]]/g, (c) => `[${c}]`) + '*'}`;
}

export type SearchKind = 'id' | 'id_suffix' | 'phone' | 'name' | 'pinyin' | 'none';

/** What a quick-search query looks like: ID digits, a phone, Chinese characters, or pinyin. */
export function classifyQuery(raw: string): { kind: SearchKind; q: string; phone?: string } {
  const q = raw.normalize('NFKC').replace(/\s+/g, '');
  if (q === '') return { kind: 'none', q };
  if (/^\d{17}[\dXx]$/.test(q)) {
    const p = parseIdNumber(q);
    return { kind: 'id', q: p.ok ? p.value.idNumber : q.toUpperCase() };
  }
  if (/^1\d{10}$/.test(q)) return { kind: 'phone', q };
  // Phones are stored normalised ("0571-86001234"), so a landline typed with a dash, brackets or without
  // the area code is normalised the same way before it is looked up.
  const phone = /^[\d()+-]+$/.test(q) ? parsePhone(q) : null;
  if (phone?.ok && !/^\d+$/.test(q)) return { kind: 'phone', q: phone.value.phone };
  if (/^\d{3,17}[\dXx]?$/.test(q) || /^\d{2,}[Xx]$/.test(q))
    return phone?.ok
      ? { kind: 'id_suffix', q, phone: phone.value.phone }
      : { kind: 'id_suffix', q: q.toUpperCase() };
  if (/\p{Script=Han}/u.test(q)) return { kind: 'name', q };
  if (/^[A-Za-z]+$/.test(q)) return { kind: 'pinyin', q: q.toLowerCase() };
  return { kind: 'name', q };
}

const reversed = (s: string) => [...s].reverse().join('');
const containsLike = (q: string) => `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/**
 * The where-condition of a quick-search query, by what the query looks like (classifyQuery); null for a
 * blank query. Shared by the search box and the list's quick filter, so both find the same residents and
 * the list can count and page its matches in SQL.
 */
export function quickCondition(
  eb: ExpressionBuilder<StationDB, 'residents'>,
  raw: string,
): Expression<SqlBool> | null {
  const { kind, q, phone } = classifyQuery(raw);
  switch (kind) {
    case 'none':
      return null;
    case 'id':
      return eb('id_number', '=', q);
    case 'phone':
      // eleven digits: a mobile, or the trailing digits of an ID number
      return /^\d+$/.test(q)
        ? eb.or([eb('phone', '=', q), globPrefix('id_number_rev', reversed(q))])
        : eb('phone', '=', q);
    case 'id_suffix':
      // trailing digits through the reversed column's index; 4+ digits may also be the end of a phone
      return phone
        ? eb.or([globPrefix('id_number_rev', reversed(q)), eb('phone', '=', phone)])
        : globPrefix('id_number_rev', reversed(q));
    case 'pinyin':
      return eb.or([globPrefix('name_initials', q), globPrefix('name_pinyin', q)]);
    case 'name':
      return quickNameLike(raw);
  }
}

function quickNameLike(raw: string) {
  return sql<SqlBool>`name like ${containsLike(classifyQuery(raw).q)} escape '\\'`;
}

export async function searchResidents(db: Executor, raw: string, limit: number): Promise<ListRowDb[]> {
  const { kind, q } = classifyQuery(raw);
  const base = db.selectFrom('residents').select(ROW_COLUMNS).where('deleted_at', 'is', null);
  switch (kind) {
    case 'none':
      return [];
    case 'id':
    case 'phone':
      return base
        .where((eb) => quickCondition(eb, raw)!)
        .limit(limit)
        .execute();
    case 'id_suffix':
      return base
        .where((eb) => quickCondition(eb, raw)!)
        .orderBy('name')
        .limit(limit)
        .execute();
    case 'pinyin':
      return base
        .where((eb) => quickCondition(eb, raw)!)
        .orderBy(sql`length(name_initials)`)
        .orderBy('name_pinyin')
        .limit(limit)
        .execute();
    case 'name': {
      // exact and prefix matches first, then names that contain the text anywhere. A contains-anywhere LIKE
      // must look at every name, so the page is picked by rowid from names alone (a covering index on
      // (deleted_at, name) makes that a scan of names, not of full rows) and only those rows are read.
      // bench/station.ts: 100k residents, ~190 ms → ~12 ms with that index.
      const exact = sql`name = ${q}`;
      const prefix = sql`substr(name, 1, ${[...q].length}) = ${q}`;
      const page = db
        .selectFrom('residents')
        .select(sql<number>`rowid`.as('rid'))
        .where('deleted_at', 'is', null)
        .where((eb) => quickCondition(eb, raw)!)
        .orderBy(exact, 'desc')
        .orderBy(prefix, 'desc')
        .orderBy('name')
        .limit(limit);
      return base
        .where(sql<boolean>`rowid in (${page})`)
        .orderBy(exact, 'desc')
        .orderBy(prefix, 'desc')
        .orderBy('name')
        .execute();
    }
  }
}

export type ListInput = z.output<typeof residentListInput>;

export async function listResidents(
  db: Executor,
  input: ListInput,
  o: ViewOptions,
  bands?: AgeBandLimits,
): Promise<{ rows: ListRowDb[]; total: number }> {
  const staleCutoff = addDays(o.today, -o.staleAfterDays);
  let q = db.selectFrom('residents').where('deleted_at', 'is', null);
  const f = input.filter ?? {};
  // the quick filter is a where-condition like the others, so total and paging count every match
  const quick = f.quick;
  if (quick) {
    // A name typed in the box matches anywhere in the name: find those rowids once on the covering live-name
    // index, so the count and the page (walking the sort's index) only probe a set instead of reading rows.
    q =
      classifyQuery(quick).kind === 'name'
        ? q.where(
            sql<SqlBool>`rowid in (select rowid from residents where deleted_at is null and ${quickNameLike(quick)})`,
          )
        : q.where((eb) => quickCondition(eb, quick) ?? sql<SqlBool>`1`);
  }
  if (f.name) q = q.where(sql<boolean>`name like ${containsLike(f.name)} escape '\\'`);
  if (f.idNumber) q = q.where(globPrefix('id_number_rev', [...f.idNumber.toUpperCase()].reverse().join('')));
  if (f.sex) q = q.where('sex', '=', f.sex);
  // age bounds as birth-date bounds, so the index on birth_date serves them
  if (f.ageMin !== undefined) q = q.where('birth_date', '<=', addYears(o.today, -f.ageMin));
  if (f.ageMax !== undefined) q = q.where('birth_date', '>', addYears(o.today, -(f.ageMax + 1)));
  if (f.householdId) q = q.where('household_id', '=', f.householdId);
  if (f.lifecycle === 'active') q = q.where('lifecycle', 'is', null);
  else if (f.lifecycle === 'left') q = q.where('lifecycle', 'is not', null);
  else if (f.lifecycle) q = q.where(sql<SqlBool>`json_extract(lifecycle, '$.state') = ${f.lifecycle}`);
  if (f.household === 'yes') q = q.where('household_id', 'is not', null);
  if (f.household === 'no') q = q.where('household_id', 'is', null);
  if (f.phone)
    q = q.where(sql<boolean>`phone like ${containsLike(f.phone.replace(/[\s-]/g, ''))} escape '\\'`);
  if (f.address) q = q.where(sql<boolean>`address like ${containsLike(f.address)} escape '\\'`);
  if (f.employment === 'unknown')
    q = q.where(sql<SqlBool>`coalesce(json_extract(clear_unemployment, '$.status'), '') = ''`);
  else if (f.employment)
    q = q.where(sql<SqlBool>`json_extract(clear_unemployment, '$.status') = ${f.employment}`);
  const validCard = sql<SqlBool>`exists (select 1 from cards c where c.resident_id = residents.id and c.status = 'valid' and c.deleted_at is null)`;
  if (f.card === 'valid') q = q.where(validCard);
  if (f.card === 'none') q = q.where(sql<SqlBool>`not ${validCard}`);
  if (f.category)
    q = q.where(
      sql<SqlBool>`exists (select 1 from cards c, json_each(c.categories) j where c.resident_id = residents.id and c.status = 'valid' and c.deleted_at is null and json_extract(j.value, '$.code') = ${f.category})`,
    );
  if (f.ageBand && bands) {
    // birth-date bounds by sex, so the birth_date index still serves them
    const born = (sex: 'M' | 'F', from: number, to: number) =>
      sql<SqlBool>`(sex = ${sex} and birth_date <= ${addYears(o.today, -from)} and birth_date > ${addYears(o.today, -to)})`;
    const [fromF, fromM, toF, toM] =
      f.ageBand === '4050'
        ? [bands.olderFrom.F, bands.olderFrom.M, bands.retireAt.F, bands.retireAt.M]
        : f.ageBand === 'working'
          ? [bands.workFrom, bands.workFrom, bands.retireAt.F, bands.retireAt.M]
          : [bands.retireAt.F, bands.retireAt.M, 151, 151];
    q = q.where(sql<SqlBool>`(${born('F', fromF, toF)} or ${born('M', fromM, toM)})`);
    // the working-age bands count the book's people: who moved away, retired, died or left working age is not
    if (f.ageBand !== 'beyond') q = q.where('lifecycle', 'is', null);
  }
  switch (f.sixClears) {
    case 'complete':
      q = q.where('clears_missing', '=', 0).where('clears_oldest_at', '>=', staleCutoff);
      break;
    case 'incomplete':
      q = q.where((eb) => eb.or([eb('clears_missing', '>', 0), eb('clears_oldest_at', '<', staleCutoff)]));
      break;
    case 'missing':
      q = q.where('clears_missing', '>', 0);
      break;
    case 'stale':
      q = q.where('clears_oldest_at', '<', staleCutoff);
      break;
  }
  const totalRow = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(totalRow.n);
  // OFFSET walks every skipped row: past the middle of the list, walk from the other end with every sort
  // term reversed and turn the page round. The id tie-break makes the order total, so both ways agree.
  // (bench/station.ts: the last page of 67k rows costs about half as much this way.)
  const fromEnd = input.offset < total && input.offset > Math.max(0, total - input.offset - input.limit);
  const way = (dir: 'asc' | 'desc'): 'asc' | 'desc' => (fromEnd === (dir === 'asc') ? 'desc' : 'asc');
  let rq = q.select(ROW_COLUMNS);
  const sort = input.sort ?? [{ field: 'updatedAt', dir: 'desc' as const }];
  for (const s of sort) {
    switch (s.field) {
      case 'name':
        rq = rq.orderBy('name_pinyin', way(s.dir));
        break;
      case 'age': // older first when descending by age = ascending by birth date
        rq = rq.orderBy('birth_date', way(s.dir === 'asc' ? 'desc' : 'asc'));
        break;
      case 'birthDate':
        rq = rq.orderBy('birth_date', way(s.dir));
        break;
      case 'updatedAt':
        rq = rq.orderBy('updated_at', way(s.dir));
        break;
      case 'sixClears':
        rq = rq
          .orderBy('clears_missing', way(s.dir === 'asc' ? 'desc' : 'asc'))
          .orderBy('clears_oldest_at', way(s.dir));
        break;
      case 'oldestConfirmedAt':
        rq = rq.orderBy('clears_oldest_at', way(s.dir));
        break;
    }
  }
  // The id tie-break runs the way the last sort term runs: every list index ends in id, so the page is one
  // index range scan. Against it (id asc after updated_at desc) SQLite sorted every tie in a temporary B-tree,
  // and after a bulk pull or a snapshot a whole chunk of rows shares one updated_at (issue 14: 200–260 ms a
  // page at 100,000 rows instead of a few ms).
  rq = rq.orderBy('id', way(sort[sort.length - 1]?.dir ?? 'asc'));
  const rows = fromEnd
    ? (
        await rq
          .limit(Math.min(input.limit, total - input.offset))
          .offset(Math.max(0, total - input.offset - input.limit))
          .execute()
      ).reverse()
    : await rq.limit(input.limit).offset(input.offset).execute();
  return { rows, total };
}

export function addYears(iso: string, years: number): string {
  const y = +iso.slice(0, 4) + years;
  const md = iso.slice(5);
  // 29 February in a common year becomes 28 February, the last day that month has
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-02-28`;
  return `${y}-${md}`;
}
