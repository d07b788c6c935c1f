// The report definitions as SQL, one set for every database that holds the figures: the station's SQLite
// (its own community, from its own tables) and the district's SQLite or PostgreSQL (every community, from
// the report tables kept beside the synced rows). Both hand in a query creator on which the relations of
// shared/reports/facts.ts exist: the district as tables, the station as common table expressions.
// Two tables say what every figure is: PERSON_CONDITIONS (figure → condition on one resident) and
// RECORD_FIGURES (figure → table, date and amount). Counting reads them set-based — one pass over the
// residents grouped by community and household, one grouped query per record table — and the drill-down
// lists the rows behind a figure with the very same conditions, so a list always shows what was counted.
import { sql, type Expression, type QueryCreator, type RawBuilder, type SqlBool } from 'kysely';
import { addDays } from '../../shared/domain/dates';
import { DEFAULT_WORKING_AGE } from '../../shared/domain/household';
import { addMonthsClamped } from '../../shared/domain/assistance/eligibility';
import {
  categoriesInForce,
  type AssistanceCategory,
  type CategoryParams,
} from '../../shared/domain/assistance/categories';
import type { ReportDB } from '../../shared/reports/facts';
import {
  REPORT_STALE_AFTER_DAYS,
  emptyFigures,
  type FigureKey,
  type Figures,
  type Period,
} from '../../shared/reports/figures';

/**
 * Where the report relations live. `q` starts a statement (at the station it carries the WITH clause that
 * defines them); `sub` builds subqueries inside such a statement (plain names, resolved by that clause).
 */
export interface ReportSource {
  q: QueryCreator<ReportDB>;
  sub: QueryCreator<ReportDB>;
  /**
   * SQLite: `report_residents` can be read in (community_code, household_id) order from an index holding
   * every column the report reads, so the residents are read already grouped (no sort). Elsewhere the
   * grouping hashes or sorts as the database sees fit.
   */
  ordered?: boolean;
  /**
   * `report_residents` has `left_on`: the date a person left the book (moved away, retired, deceased, past
   * working age; issue 15), from which they are no longer counted of working age (the station from its
   * `lifecycle` column, the district from its report table since server migration 0017).
   */
  leftOn?: boolean;
}

/** Which communities a report covers: a list, or every one the source holds. */
export type ReportScope = readonly string[] | 'all';

export interface ReportInput {
  scope: ReportScope;
  period: Period;
  /** Every version of the assistance categories; those in force at the period's end define "eligible". */
  categories: readonly AssistanceCategory[];
}

const yearsBefore = (d: string, years: number) => addMonthsClamped(d, -12 * years);
const FALSE = sql<SqlBool>`1 = 0`;
const TRUE = sql<SqlBool>`1 = 1`;
const or = (parts: RawBuilder<SqlBool>[]) =>
  parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : FALSE;
const count = (cond: RawBuilder<SqlBool>) => sql<number>`sum(case when ${cond} then 1 else 0 end)`;
const num = (v: unknown) => Number(v ?? 0);

/** Of working age on `d` (16 to the retirement age by sex, as the zero-employment rule), and in the book. */
function workingAge(src: ReportSource, d: string, alias = 'r'): RawBuilder<SqlBool> {
  const rule = DEFAULT_WORKING_AGE;
  const r = sql.raw(alias);
  const adult = yearsBefore(d, rule.min);
  const byAge = sql<SqlBool>`((${r}.sex = 'M' and ${r}.birth_date > ${yearsBefore(d, rule.maxMale)} and ${r}.birth_date <= ${adult}) or (${r}.sex = 'F' and ${r}.birth_date > ${yearsBefore(d, rule.maxFemale)} and ${r}.birth_date <= ${adult}))`;
  return src.leftOn ? sql<SqlBool>`(${byAge} and (${r}.left_on is null or ${r}.left_on > ${d}))` : byAge;
}

/** One category rule on `d` that reads the person alone (every rule but the zero-employment household). */
function personRule(p: CategoryParams, d: string): RawBuilder<SqlBool> {
  switch (p.rule) {
    case 'age_unemployed': {
      const bySex = (sex: 'M' | 'F', min?: number, max?: number) =>
        min === undefined
          ? FALSE
          : sql<SqlBool>`(r.sex = ${sex} and r.birth_date <= ${yearsBefore(d, min)}${max !== undefined ? sql` and r.birth_date > ${yearsBefore(d, max)}` : sql``})`;
      return or([bySex('M', p.minAgeMale, p.maxAgeMale), bySex('F', p.minAgeFemale, p.maxAgeFemale)]);
    }
    case 'subsistence': {
      const allowed = [...(p.subsistenceStatuses ?? ['dibao', 'dibian'])];
      return allowed.length
        ? sql<SqlBool>`(r.subsistence in (${sql.join(allowed)}) or r.income_subsistence in (${sql.join(allowed)}))`
        : FALSE;
    }
    case 'disability':
      return sql<SqlBool>`r.disability = 1`;
    case 'long_term_unemployed':
      return sql<SqlBool>`(r.unemployed = 1 and r.unemployed_since is not null and r.unemployed_since <= ${addMonthsClamped(d, -(p.minMonths ?? 12))})`;
    case 'landless_farmer':
      return sql<SqlBool>`r.landless_farmer = 1`;
    case 'unemployed_graduate': {
      const y = Number(d.slice(0, 4));
      return sql<SqlBool>`(r.graduate_year is not null and r.graduate_year <= ${y} and r.graduate_year >= ${y - (p.withinYears ?? 2)})`;
    }
    case 'single_parent':
      return sql<SqlBool>`r.single_parent = 1`;
    case 'veteran':
      return sql<SqlBool>`r.veteran = 1`;
    case 'released_or_rehab':
      return sql<SqlBool>`r.released_or_rehab = 1`;
    default:
      return FALSE;
  }
}

/**
 * Eligibility on `d` for the assistance categories in force then (the card suggestion rules as SQL), over
 * `report_residents as r`, in two parts: `own` — eligible by a rule that reads the person alone; and
 * `zeroMember` — what a member of a 零就业家庭 must also be to be eligible as one (null when no such
 * category is in force). Whether a household is one is a fact of all its members, decided per household.
 */
function eligibility(
  categories: readonly AssistanceCategory[],
  d: string,
): { own: RawBuilder<SqlBool>; zeroMember: RawBuilder<SqlBool> | null } {
  // rules for the unemployed only are tested behind one check of that (most people are not)
  const any: RawBuilder<SqlBool>[] = [];
  const unemployedOnly: RawBuilder<SqlBool>[] = [];
  const zero: RawBuilder<SqlBool>[] = [];
  for (const c of categoriesInForce(categories, d)) {
    const p = c.params;
    if (p.rule === 'zero_employment_household')
      zero.push(p.requiresUnemployed ? sql<SqlBool>`r.unemployed = 1` : TRUE);
    else (p.requiresUnemployed ? unemployedOnly : any).push(personRule(p, d));
  }
  const own = or([
    ...any,
    ...(unemployedOnly.length ? [sql<SqlBool>`(r.unemployed = 1 and ${or(unemployedOnly)})`] : []),
  ]);
  return { own, zeroMember: zero.length ? or(zero) : null };
}

/**
 * Holds a valid card issued on or before `d` (card_from: the earliest issue date of a valid card; null, no
 * card, compares as unknown, so not a holder). `card_from` is named once: at the station it is a lookup.
 */
const cardHolder = (d: string) => sql<SqlBool>`(r.card_from <= ${d})`;

export type PersonFigure =
  | 'workingAge'
  | 'sixClearComplete'
  | 'sixClearStale'
  | 'registeredUnemployed'
  | 'eligible'
  | 'eligibleWithCard';

/**
 * The person figures counted among residents of working age on the period's end: figure → what else must
 * hold of the resident (over `report_residents as r`).
 */
type WorkingAgeFigure = Exclude<PersonFigure, 'eligible' | 'eligibleWithCard'>;
const WORKING_AGE_FIGURES = [
  'workingAge',
  'sixClearComplete',
  'sixClearStale',
  'registeredUnemployed',
] as const;

function amongWorkingAge(input: ReportInput): Record<WorkingAgeFigure, RawBuilder<SqlBool>> {
  const fresh = addDays(input.period.to, -REPORT_STALE_AFTER_DAYS);
  return {
    workingAge: TRUE,
    sixClearComplete: sql<SqlBool>`(r.clears_missing = 0 and r.clears_oldest_at >= ${fresh})`,
    sixClearStale: sql<SqlBool>`r.clears_oldest_at < ${fresh}`,
    registeredUnemployed: sql<SqlBool>`r.unemployed_registered = 1`,
  };
}

/** Placed (a recorded outcome other than "not yet") in the period, and no longer unemployed. */
const placedIn = (p: Period) =>
  sql<SqlBool>`(r.unemployed = 0 and r.placed_on >= ${p.from} and r.placed_on <= ${p.to})`;

/** The 零就业家庭 on `d`, as (community, household) pairs: every working-age member unemployed. */
function zeroHouseholds(src: ReportSource, d: string) {
  const wa = workingAge(src, d, 'z');
  return src.sub
    .selectFrom('report_residents as z')
    .select(['z.community_code', 'z.household_id'])
    .where('z.household_id', 'is not', null)
    .groupBy(['z.community_code', 'z.household_id'])
    .having(sql<SqlBool>`sum(case when ${wa} then 1 else 0 end) > 0`)
    .having(
      sql<SqlBool>`sum(case when ${wa} and z.unemployed = 1 then 1 else 0 end) = sum(case when ${wa} then 1 else 0 end)`,
    );
}

/** One predicate per person figure, over `report_residents as r` (what a drill-down lists). */
export function personPredicates(
  src: ReportSource,
  input: ReportInput,
): Record<PersonFigure, RawBuilder<SqlBool>> {
  const d = input.period.to;
  const { own, zeroMember } = eligibility(input.categories, d);
  const el = zeroMember
    ? sql<SqlBool>`(${own} or (${zeroMember} and (r.community_code, r.household_id) in (${zeroHouseholds(src, d)})))`
    : own;
  const wa = workingAge(src, d);
  const among = amongWorkingAge(input);
  return {
    ...(Object.fromEntries(
      WORKING_AGE_FIGURES.map((k) => [k, sql<SqlBool>`(${wa} and ${among[k]})`]),
    ) as Record<WorkingAgeFigure, RawBuilder<SqlBool>>),
    eligible: el,
    eligibleWithCard: sql<SqlBool>`(${el} and ${cardHolder(d)})`,
  };
}

function scoped<T extends { where: (...a: any[]) => T }>(q: T, column: string, scope: ReportScope): T {
  if (scope === 'all') return q;
  if (scope.length === 0) return q.where(sql<SqlBool>`1 = 0`);
  return q.where(sql.ref(column) as Expression<any>, 'in', [...scope]);
}

/**
 * What one resident is for the period, as bits of one integer `f` (so the grouping below moves a narrow
 * row). Bits 1–5 are only ever set for a resident of working age (bit 0), so the rest of the row's
 * conditions are not evaluated for the others: each working-age figure's own condition, unemployed, placed
 * in the period. Then the eligibility split as `own` (by a rule of the person's own) and `zm` (what a
 * 零就业家庭's member must also be; set only without `own`), and holding a card (set only with one of those
 * two: the card figures count the eligible).
 */
const BIT = {
  wa: 0,
  sixClearComplete: 1,
  sixClearStale: 2,
  registeredUnemployed: 3,
  unemployed: 4,
  placed: 5,
  own: 6,
  zm: 7,
  card: 8,
} as const;
type Fact = keyof typeof BIT;
const lit = (fact: Fact) => sql.lit(1 << BIT[fact]);
/** The bit of `fact` in x.f, as 0 or 1 (summed per group). */
const bit = (fact: Fact) => sql<number>`((x.f >> ${sql.lit(BIT[fact])}) & 1)`;
/** 1 when the resident is eligible if its household is a 零就业家庭 (by its own rule, or as a member). */
const eitherBit = sql<number>`(((x.f >> ${sql.lit(BIT.own)}) | (x.f >> ${sql.lit(BIT.zm)})) & 1)`;

/**
 * Every resident in scope once, with its facts `f` and `conf` (the confirmation date of its unemployment).
 * The LIMIT that limits nothing (or, on an ordered source, the ORDER BY its index already gives) keeps both
 * databases from folding this layer into the sums above it, which would evaluate each condition once per sum
 * that uses it instead of once.
 */
function residentFacts(src: ReportSource, input: ReportInput) {
  const { period, scope } = input;
  const d = period.to;
  const { own, zeroMember } = eligibility(input.categories, d);
  const among = amongWorkingAge(input);
  // whether a card is held matters only for who may be eligible (a card lookup per resident at the station)
  const card = sql`case when ${cardHolder(d)} then ${lit('card')} else 0 end`;
  // complete and stale exclude each other (confirmed within the window or before it), as do unemployed
  // and placed (placed means no longer unemployed)
  const f = sql<number>`case when ${workingAge(src, d)} then ${lit('wa')}
    + case when ${among.sixClearComplete} then ${lit('sixClearComplete')} when ${among.sixClearStale} then ${lit('sixClearStale')} else 0 end
    + case when ${among.registeredUnemployed} then ${lit('registeredUnemployed')} else 0 end
    + case when r.unemployed = 1 then ${lit('unemployed')} when ${placedIn(period)} then ${lit('placed')} else 0 end
    else 0 end
    + case when ${own} then ${lit('own')} + ${card} when ${zeroMember ?? FALSE} then ${lit('zm')} + ${card} else 0 end`;
  return scoped(
    src.sub
      .selectFrom('report_residents as r')
      .select([
        'r.community_code',
        'r.household_id',
        f.as('f'),
        sql<string | null>`r.unemployment_confirmed_at`.as('conf'),
      ])
      .$call((qb) =>
        src.ordered
          ? qb.orderBy('r.community_code').orderBy('r.household_id')
          : qb.limit(sql<number>`${sql.lit(NO_LIMIT)}`),
      ),
    'r.community_code',
    scope,
  ).as('x');
}
/** The largest integer both databases take as a LIMIT. */
const NO_LIMIT = 9_007_199_254_740_991;

/**
 * The residents grouped by community and household (people without a household form one group per
 * community, never a 零就业家庭): per group the sums every person figure and both household figures are
 * made of — `u` and `p` its working-age members unemployed and placed in the period, `conf` the latest
 * confirmation of their unemployment. `e_own`/`e_zero` count the eligible if the household is not / is a
 * 零就业家庭 (`c_own`/`c_zero` those of them holding a card); which applies is known once it is summed.
 */
function householdGroups(src: ReportSource, input: ReportInput) {
  return (
    src.sub
      .selectFrom(residentFacts(src, input))
      .select([
        'x.community_code',
        'x.household_id',
        ...WORKING_AGE_FIGURES.map((k) => sql<number>`sum(${bit(k === 'workingAge' ? 'wa' : k)})`.as(k)),
        sql<number>`sum(${bit('unemployed')})`.as('u'),
        sql<number>`sum(${bit('placed')})`.as('p'),
        sql<string | null>`max(case when (x.f & ${lit('unemployed')}) <> 0 then x.conf end)`.as('conf'),
        sql<number>`sum(${bit('own')})`.as('e_own'),
        sql<number>`sum(${eitherBit})`.as('e_zero'),
        sql<number>`sum(${bit('own')} & ${bit('card')})`.as('c_own'),
        sql<number>`sum(${eitherBit} & ${bit('card')})`.as('c_zero'),
      ])
      .groupBy(['x.community_code', 'x.household_id'])
      // in that order the communities' sums above need no sort either
      .$call((qb) => (src.ordered ? qb.orderBy('x.community_code').orderBy('x.household_id') : qb))
      .as('g')
  );
}

/** A summed household group is a 零就业家庭 / one that stopped being one through placements in the period. */
const ZERO = sql<SqlBool>`(g.household_id is not null and g."workingAge" > 0 and g.u = g."workingAge")`;
const CLEARED = sql<SqlBool>`(g.household_id is not null and g.u < g."workingAge" and g.p >= 1 and g.u + g.p = g."workingAge")`;

type RecordFigure = Exclude<FigureKey, PersonFigure | 'zeroFound' | 'zeroCleared'>;
type RecordTable = 'report_cards' | 'report_vacancies' | 'report_visits' | 'report_recommendations';

interface RecordSpec {
  table: RecordTable;
  /** The date that places a record in a period. */
  date: string;
  /** Counted one per record, or as the sum of this column. */
  amount?: string;
  /** The resident a record is about: its list shows the person's name and ID number. */
  person?: string;
  /** Otherwise the column its list shows as the name. */
  name?: string;
  /** Columns its list's detail is made of, and how. */
  detailColumns: readonly string[];
  detail: (row: Record<string, unknown>) => string;
}

const vacancy = {
  table: 'report_vacancies',
  date: 'valid_from',
  name: 'title',
  detailColumns: ['positions'],
  detail: (x) => `${num(x.positions)}`,
} as const satisfies RecordSpec;
const recommendation = {
  table: 'report_recommendations',
  person: 'resident_id',
  detailColumns: ['employer_name', 'vacancy_title'],
  detail: (x: Record<string, unknown>) => `${String(x.employer_name)} · ${String(x.vacancy_title)}`,
} as const;

/**
 * The figures that count records of a period: figure → table and the date that places a record in it
 * (a vacancy counts in the period its validity starts; a placement in the period of its hire, whenever it
 * was recommended).
 */
const RECORD_FIGURES: Record<RecordFigure, RecordSpec> = {
  cardsIssued: {
    table: 'report_cards',
    date: 'issued_on',
    person: 'resident_id',
    detailColumns: ['issued_on'],
    detail: (x) => String(x.issued_on),
  },
  vacancies: vacancy,
  vacancyPositions: { ...vacancy, amount: 'positions' },
  employerVisits: {
    table: 'report_visits',
    date: 'date',
    name: 'visitors',
    detailColumns: ['date'],
    detail: (x) => String(x.date),
  },
  recommendations: { ...recommendation, date: 'recommended_on' },
  placements: { ...recommendation, date: 'hired_on' },
};

const col = (column: string) => sql.ref(`t.${column}`);
const inPeriod = (date: string, p: Period) =>
  sql<SqlBool>`(${col(date)} >= ${p.from} and ${col(date)} <= ${p.to})`;
/** A record table as `t`: the tables differ, the statements over them do not. */
const fromTable = (src: ReportSource, table: RecordTable) =>
  src.q.selectFrom(`${table} as t` as 'report_cards as t') as any;

/** Every figure per community for the period. Communities without rows are absent (callers fill zeros). */
export async function communityFigures(src: ReportSource, input: ReportInput): Promise<Map<string, Figures>> {
  const { period, scope } = input;
  const out = new Map<string, Figures>();
  const get = (code: string) => {
    let f = out.get(code);
    if (!f) out.set(code, (f = emptyFigures()));
    return f;
  };

  const people = await src.q
    .selectFrom(householdGroups(src, input))
    .select([
      'g.community_code',
      ...WORKING_AGE_FIGURES.map((k) => sql<number>`sum(g.${sql.ref(k)})`.as(k)),
      sql<number>`sum(case when ${ZERO} then g.e_zero else g.e_own end)`.as('eligible'),
      sql<number>`sum(case when ${ZERO} then g.c_zero else g.c_own end)`.as('eligibleWithCard'),
      count(sql<SqlBool>`(${ZERO} and g.conf >= ${period.from} and g.conf <= ${period.to})`).as('zeroFound'),
      count(CLEARED).as('zeroCleared'),
    ])
    .groupBy('g.community_code')
    .execute();
  for (const row of people) {
    const f = get(row.community_code);
    for (const k of [
      ...WORKING_AGE_FIGURES,
      'eligible',
      'eligibleWithCard',
      'zeroFound',
      'zeroCleared',
    ] as const)
      f[k] = num(row[k]);
  }

  // one grouped query per record table, every figure of that table a sum over the records of the period
  const tables = new Map<RecordTable, RecordFigure[]>();
  for (const [k, spec] of Object.entries(RECORD_FIGURES) as Array<[RecordFigure, RecordSpec]>)
    tables.set(spec.table, [...(tables.get(spec.table) ?? []), k]);
  for (const [table, figures] of tables) {
    const specs = figures.map((k) => RECORD_FIGURES[k]);
    const dates = [...new Set(specs.map((s) => s.date))];
    const rows: Array<Record<string, unknown>> = await scoped(
      fromTable(src, table)
        .select([
          't.community_code',
          ...figures.map((k, i) => {
            const s = specs[i]!;
            return sql<number>`sum(case when ${inPeriod(s.date, period)} then ${s.amount ? col(s.amount) : 1} else 0 end)`.as(
              k,
            );
          }),
        ])
        .where(or(dates.map((date) => inPeriod(date, period))))
        .groupBy('t.community_code'),
      't.community_code',
      scope,
    ).execute();
    for (const row of rows) {
      const f = get(row.community_code as string);
      for (const k of figures) f[k] = num(row[k]);
    }
  }
  return out;
}

/**
 * 零就业家庭 found and cleared in the period, per household (members grouped by their household):
 * found — every working-age member unemployed now, and the latest of their unemployment confirmations
 * falls in the period (when the station learned it); cleared — not zero-employment now, at least one
 * working-age member placed in the period, and without those placements it would be (everyone else of
 * working age unemployed).
 */
export async function zeroHouseholdRows(
  src: ReportSource,
  input: ReportInput,
): Promise<Array<{ community_code: string; household_id: string; found: boolean; cleared: boolean }>> {
  const { period } = input;
  const found = sql<SqlBool>`(${ZERO} and g.conf >= ${period.from} and g.conf <= ${period.to})`;
  const rows = await src.q
    .selectFrom(householdGroups(src, input))
    .select([
      'g.community_code',
      'g.household_id',
      sql<number>`case when ${found} then 1 else 0 end`.as('found'),
      sql<number>`case when ${CLEARED} then 1 else 0 end`.as('cleared'),
    ])
    .where(sql<SqlBool>`(${found} or ${CLEARED})`)
    .execute();
  return rows.map((g) => ({
    community_code: g.community_code,
    household_id: g.household_id as string,
    found: num(g.found) === 1,
    cleared: num(g.cleared) === 1,
  }));
}

export interface ListItem {
  id: string;
  communityCode: string;
  /** A person's name, a vacancy's title, a card's holder. */
  name: string;
  /** Full ID number: the caller masks it (and logs a reveal if it ever shows it whole). */
  idNumber: string | null;
  detail: string | null;
}

/** The records behind a record figure, in date order (a card or a recommendation with its person). */
async function recordList(
  src: ReportSource,
  input: ReportInput,
  spec: RecordSpec,
  page: { limit: number; offset: number },
): Promise<{ items: ListItem[]; total: number }> {
  let base = fromTable(src, spec.table).where(inPeriod(spec.date, input.period));
  if (spec.person) base = base.leftJoin('report_residents as r', 'r.id', `t.${spec.person}`);
  base = scoped(base, 't.community_code', input.scope);
  const total = num((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
  const rows: Array<Record<string, unknown>> = await base
    .select([
      't.id',
      't.community_code',
      ...spec.detailColumns.map((c) => `t.${c}`),
      ...(spec.person ? ['r.name', 'r.id_number'] : [sql.ref(`t.${spec.name!}`).as('name')]),
    ])
    .orderBy(`t.${spec.date}`)
    .orderBy('t.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total,
    items: rows.map((x) => ({
      id: x.id as string,
      communityCode: x.community_code as string,
      name: (x.name as string | null) ?? '',
      idNumber: spec.person ? ((x.id_number as string | null) ?? null) : null,
      detail: spec.detail(x),
    })),
  };
}

/** The rows behind one figure (at most `limit`), ordered so pages are stable. */
export async function figureList(
  src: ReportSource,
  input: ReportInput,
  figure: FigureKey,
  page: { limit: number; offset: number },
): Promise<{ items: ListItem[]; total: number }> {
  if (figure in RECORD_FIGURES) return recordList(src, input, RECORD_FIGURES[figure as RecordFigure], page);
  if (figure === 'zeroFound' || figure === 'zeroCleared') {
    const hh = (await zeroHouseholdRows(src, input)).filter((h) =>
      figure === 'zeroFound' ? h.found : h.cleared,
    );
    hh.sort((a, b) => (a.household_id < b.household_id ? -1 : 1));
    const slice = hh.slice(page.offset, page.offset + page.limit);
    const members = slice.length
      ? await src.q
          .selectFrom('report_residents as r')
          .select(['r.community_code', 'r.household_id', 'r.name', 'r.id_number'])
          .where(
            'r.household_id',
            'in',
            slice.map((h) => h.household_id),
          )
          .orderBy('r.id_number')
          .execute()
      : [];
    return {
      total: hh.length,
      items: slice.map((h) => {
        const m = members.filter(
          (x) => x.household_id === h.household_id && x.community_code === h.community_code,
        );
        return {
          id: h.household_id,
          communityCode: h.community_code,
          name: m.map((x) => x.name).join('、'),
          idNumber: m[0]?.id_number ?? null,
          detail: String(m.length),
        };
      }),
    };
  }
  const pred = personPredicates(src, input)[figure as PersonFigure];
  const base = scoped(src.q.selectFrom('report_residents as r').where(pred), 'r.community_code', input.scope);
  const total = num((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
  const rows = await base
    .select(['r.id', 'r.community_code', 'r.name', 'r.id_number'])
    .orderBy('r.id_number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return {
    total,
    items: rows.map((x) => ({
      id: x.id,
      communityCode: x.community_code,
      name: x.name,
      idNumber: x.id_number,
      detail: null,
    })),
  };
}
