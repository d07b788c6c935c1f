// The report definitions as SQL, one set for every database that holds the figures: the station's SQLite
// (its own community, from its own tables) and the district's SQLite or PostgreSQL (every community, from
// the report tables kept beside the synced rows). Both hand in a query creator on which the relations of
// shared/reports/facts.ts exist: the district as tables, the station as common table expressions.
// Each figure is one predicate, used both to count (sum of case) and to list the people behind it, so a
// drill-down always shows exactly the people counted.
import { sql, type Expression, type QueryCreator, type RawBuilder, type SqlBool } from 'kysely';
import { addDays } from '../../shared/domain/dates';
import { DEFAULT_WORKING_AGE } from '../../shared/domain/household';
import { addMonthsClamped } from '../../shared/domain/assistance/eligibility';
import { categoriesInForce, type AssistanceCategory } from '../../shared/domain/assistance/categories';
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
const or = (parts: RawBuilder<SqlBool>[]) =>
  parts.length ? sql<SqlBool>`(${sql.join(parts, sql` or `)})` : FALSE;

/** Of working age on `d` (16 to the retirement age by sex, as the zero-employment rule). */
function workingAge(d: string, alias = 'r'): RawBuilder<SqlBool> {
  const rule = DEFAULT_WORKING_AGE;
  const r = sql.raw(alias);
  const adult = yearsBefore(d, rule.min);
  return sql<SqlBool>`((${r}.sex = 'M' and ${r}.birth_date > ${yearsBefore(d, rule.maxMale)} and ${r}.birth_date <= ${adult}) or (${r}.sex = 'F' and ${r}.birth_date > ${yearsBefore(d, rule.maxFemale)} and ${r}.birth_date <= ${adult}))`;
}

function zeroEmploymentHouseholds(src: ReportSource, d: string) {
  const wa = workingAge(d, 'z');
  return src.sub
    .selectFrom('report_residents as z')
    .select('z.household_id')
    .where('z.household_id', 'is not', null)
    .groupBy('z.household_id')
    .having(sql<SqlBool>`sum(case when ${wa} then 1 else 0 end) > 0`)
    .having(
      sql<SqlBool>`sum(case when ${wa} and z.unemployed = 1 then 1 else 0 end) = sum(case when ${wa} then 1 else 0 end)`,
    );
}

/** Eligible on `d` for at least one assistance category in force then (the card suggestion rules as SQL). */
function eligible(
  src: ReportSource,
  categories: readonly AssistanceCategory[],
  d: string,
): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  for (const c of categoriesInForce(categories, d)) {
    const p = c.params;
    let rule: RawBuilder<SqlBool>;
    switch (p.rule) {
      case 'age_unemployed': {
        const bySex = (sex: 'M' | 'F', min?: number, max?: number) =>
          min === undefined
            ? FALSE
            : sql<SqlBool>`(r.sex = ${sex} and r.birth_date <= ${yearsBefore(d, min)}${max !== undefined ? sql` and r.birth_date > ${yearsBefore(d, max)}` : sql``})`;
        rule = or([bySex('M', p.minAgeMale, p.maxAgeMale), bySex('F', p.minAgeFemale, p.maxAgeFemale)]);
        break;
      }
      case 'zero_employment_household':
        rule = sql<SqlBool>`r.household_id in (${zeroEmploymentHouseholds(src, d)})`;
        break;
      case 'subsistence': {
        const allowed = [...(p.subsistenceStatuses ?? ['dibao', 'dibian'])];
        rule = allowed.length
          ? sql<SqlBool>`(r.subsistence in (${sql.join(allowed)}) or r.income_subsistence in (${sql.join(allowed)}))`
          : FALSE;
        break;
      }
      case 'disability':
        rule = sql<SqlBool>`r.disability = 1`;
        break;
      case 'long_term_unemployed':
        rule = sql<SqlBool>`(r.unemployed = 1 and r.unemployed_since is not null and r.unemployed_since <= ${addMonthsClamped(d, -(p.minMonths ?? 12))})`;
        break;
      case 'landless_farmer':
        rule = sql<SqlBool>`r.landless_farmer = 1`;
        break;
      case 'unemployed_graduate': {
        const y = Number(d.slice(0, 4));
        rule = sql<SqlBool>`(r.graduate_year is not null and r.graduate_year <= ${y} and r.graduate_year >= ${y - (p.withinYears ?? 2)})`;
        break;
      }
      case 'single_parent':
        rule = sql<SqlBool>`r.single_parent = 1`;
        break;
      case 'veteran':
        rule = sql<SqlBool>`r.veteran = 1`;
        break;
      case 'released_or_rehab':
        rule = sql<SqlBool>`r.released_or_rehab = 1`;
        break;
      default:
        rule = FALSE;
    }
    parts.push(p.requiresUnemployed ? sql<SqlBool>`(${rule} and r.unemployed = 1)` : rule);
  }
  return or(parts);
}

export type PersonFigure =
  | 'workingAge'
  | 'sixClearComplete'
  | 'sixClearStale'
  | 'registeredUnemployed'
  | 'eligible'
  | 'eligibleWithCard';

/** One predicate per person figure, over `report_residents as r`. */
export function personPredicates(
  src: ReportSource,
  input: ReportInput,
): Record<PersonFigure, RawBuilder<SqlBool>> {
  const d = input.period.to;
  const wa = workingAge(d);
  const fresh = addDays(d, -REPORT_STALE_AFTER_DAYS);
  const el = eligible(src, input.categories, d);
  const holders = src.sub
    .selectFrom('report_cards as hc')
    .select('hc.resident_id')
    .where('hc.status', '=', 'valid')
    .where('hc.issued_on', '<=', d);
  return {
    workingAge: wa,
    sixClearComplete: sql<SqlBool>`(${wa} and r.clears_missing = 0 and r.clears_oldest_at >= ${fresh})`,
    sixClearStale: sql<SqlBool>`(${wa} and r.clears_oldest_at < ${fresh})`,
    registeredUnemployed: sql<SqlBool>`(${wa} and r.unemployed_registered = 1)`,
    eligible: el,
    eligibleWithCard: sql<SqlBool>`(${el} and r.id in (${holders}))`,
  };
}

const num = (v: unknown) => Number(v ?? 0);

function scoped<T extends { where: (...a: any[]) => T }>(q: T, column: string, scope: ReportScope): T {
  if (scope === 'all') return q;
  if (scope.length === 0) return q.where(sql<SqlBool>`1 = 0`);
  return q.where(sql.ref(column) as Expression<any>, 'in', [...scope]);
}

/** Every figure per community for the period. Communities without rows are absent (callers fill zeros). */
export async function communityFigures(src: ReportSource, input: ReportInput): Promise<Map<string, Figures>> {
  const { period, scope } = input;
  const out = new Map<string, Figures>();
  const get = (code: string) => {
    let f = out.get(code);
    if (!f) out.set(code, (f = emptyFigures()));
    return f;
  };
  const p = personPredicates(src, input);
  const count = (pred: RawBuilder<SqlBool>) => sql<number>`sum(case when ${pred} then 1 else 0 end)`;

  const people = await scoped(
    src.q
      .selectFrom('report_residents as r')
      .select([
        'r.community_code',
        count(p.workingAge).as('workingAge'),
        count(p.sixClearComplete).as('sixClearComplete'),
        count(p.sixClearStale).as('sixClearStale'),
        count(p.registeredUnemployed).as('registeredUnemployed'),
        count(p.eligible).as('eligible'),
        count(p.eligibleWithCard).as('eligibleWithCard'),
      ])
      .groupBy('r.community_code'),
    'r.community_code',
    scope,
  ).execute();
  for (const row of people) {
    const f = get(row.community_code);
    for (const k of [
      'workingAge',
      'sixClearComplete',
      'sixClearStale',
      'registeredUnemployed',
      'eligible',
      'eligibleWithCard',
    ] as const)
      f[k] = num(row[k]);
  }

  const households = await zeroHouseholdRows(src, input);
  for (const h of households) {
    const f = get(h.community_code);
    if (h.found) f.zeroFound += 1;
    if (h.cleared) f.zeroCleared += 1;
  }

  const cards = await scoped(
    src.q
      .selectFrom('report_cards as c')
      .select(['c.community_code', sql<number>`count(*)`.as('n')])
      .where('c.issued_on', '>=', period.from)
      .where('c.issued_on', '<=', period.to)
      .groupBy('c.community_code'),
    'c.community_code',
    scope,
  ).execute();
  for (const row of cards) get(row.community_code).cardsIssued = num(row.n);

  const vacancies = await scoped(
    src.q
      .selectFrom('report_vacancies as v')
      .select([
        'v.community_code',
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(v.positions)`.as('positions'),
      ])
      .where('v.valid_from', '>=', period.from)
      .where('v.valid_from', '<=', period.to)
      .groupBy('v.community_code'),
    'v.community_code',
    scope,
  ).execute();
  for (const row of vacancies) {
    const f = get(row.community_code);
    f.vacancies = num(row.n);
    f.vacancyPositions = num(row.positions);
  }

  const visits = await scoped(
    src.q
      .selectFrom('report_visits as ev')
      .select(['ev.community_code', sql<number>`count(*)`.as('n')])
      .where('ev.date', '>=', period.from)
      .where('ev.date', '<=', period.to)
      .groupBy('ev.community_code'),
    'ev.community_code',
    scope,
  ).execute();
  for (const row of visits) get(row.community_code).employerVisits = num(row.n);

  // recommendations made in the period; placements: hires dated in the period (whenever recommended)
  const recs = await scoped(
    src.q
      .selectFrom('report_recommendations as rc')
      .select([
        'rc.community_code',
        sql<number>`sum(case when rc.recommended_on >= ${period.from} and rc.recommended_on <= ${period.to} then 1 else 0 end)`.as(
          'made',
        ),
        sql<number>`sum(case when rc.hired_on >= ${period.from} and rc.hired_on <= ${period.to} then 1 else 0 end)`.as(
          'hired',
        ),
      ])
      .groupBy('rc.community_code'),
    'rc.community_code',
    scope,
  ).execute();
  for (const row of recs) {
    const f = get(row.community_code);
    f.recommendations = num(row.made);
    f.placements = num(row.hired);
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
  const { period, scope } = input;
  const wa = workingAge(period.to);
  const placed = sql<SqlBool>`(${wa} and r.unemployed = 0 and r.placed_on >= ${period.from} and r.placed_on <= ${period.to})`;
  const inner = scoped(
    src.sub
      .selectFrom('report_residents as r')
      .select([
        'r.community_code',
        'r.household_id',
        sql<number>`sum(case when ${wa} then 1 else 0 end)`.as('w'),
        sql<number>`sum(case when ${wa} and r.unemployed = 1 then 1 else 0 end)`.as('u'),
        sql<number>`sum(case when ${placed} then 1 else 0 end)`.as('p'),
        sql<string | null>`max(case when ${wa} and r.unemployed = 1 then r.unemployment_confirmed_at end)`.as(
          'conf',
        ),
      ])
      .where('r.household_id', 'is not', null)
      .groupBy(['r.community_code', 'r.household_id']),
    'r.community_code',
    scope,
  ).as('g');
  const rows = await src.q
    .selectFrom(inner)
    .select(['g.community_code', 'g.household_id', 'g.w', 'g.u', 'g.p', 'g.conf'])
    .where(sql<SqlBool>`g.w > 0`)
    .where((eb) =>
      eb.or([
        sql<SqlBool>`(g.u = g.w and g.conf >= ${period.from} and g.conf <= ${period.to})`,
        sql<SqlBool>`(g.u < g.w and g.p >= 1 and g.u + g.p = g.w)`,
      ]),
    )
    .execute();
  return rows.map((g) => {
    const w = num(g.w);
    const u = num(g.u);
    return {
      community_code: g.community_code,
      household_id: g.household_id as string,
      found: u === w,
      cleared: u < w && num(g.p) >= 1 && u + num(g.p) === w,
    };
  });
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

/** The rows behind one figure (at most `limit`), ordered so pages are stable. */
export async function figureList(
  src: ReportSource,
  input: ReportInput,
  figure: FigureKey,
  page: { limit: number; offset: number },
): Promise<{ items: ListItem[]; total: number }> {
  const { period, scope } = input;
  if (figure === 'cardsIssued') {
    const base = scoped(
      src.q
        .selectFrom('report_cards as c')
        .innerJoin('report_residents as r', 'r.id', 'c.resident_id')
        .where('c.issued_on', '>=', period.from)
        .where('c.issued_on', '<=', period.to),
      'c.community_code',
      scope,
    );
    const total = num((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
    const rows = await base
      .select(['c.id', 'c.community_code', 'r.name', 'r.id_number', 'c.issued_on'])
      .orderBy('c.issued_on')
      .orderBy('c.id')
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
        detail: x.issued_on,
      })),
    };
  }
  if (figure === 'vacancies' || figure === 'vacancyPositions') {
    const base = scoped(
      src.q
        .selectFrom('report_vacancies as v')
        .where('v.valid_from', '>=', period.from)
        .where('v.valid_from', '<=', period.to),
      'v.community_code',
      scope,
    );
    const total = num((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
    const rows = await base
      .select(['v.id', 'v.community_code', 'v.title', 'v.positions', 'v.valid_from'])
      .orderBy('v.valid_from')
      .orderBy('v.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return {
      total,
      items: rows.map((x) => ({
        id: x.id,
        communityCode: x.community_code,
        name: x.title,
        idNumber: null,
        detail: `${num(x.positions)}`,
      })),
    };
  }
  if (figure === 'employerVisits') {
    const base = scoped(
      src.q
        .selectFrom('report_visits as ev')
        .where('ev.date', '>=', period.from)
        .where('ev.date', '<=', period.to),
      'ev.community_code',
      scope,
    );
    const total = num((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
    const rows = await base
      .select(['ev.id', 'ev.community_code', 'ev.visitors', 'ev.date'])
      .orderBy('ev.date')
      .orderBy('ev.id')
      .limit(page.limit)
      .offset(page.offset)
      .execute();
    return {
      total,
      items: rows.map((x) => ({
        id: x.id,
        communityCode: x.community_code,
        name: x.visitors,
        idNumber: null,
        detail: x.date,
      })),
    };
  }
  if (figure === 'recommendations' || figure === 'placements') {
    const col = figure === 'recommendations' ? 'rc.recommended_on' : 'rc.hired_on';
    const base = scoped(
      src.q
        .selectFrom('report_recommendations as rc')
        .innerJoin('report_residents as r', 'r.id', 'rc.resident_id')
        .where(col, '>=', period.from)
        .where(col, '<=', period.to),
      'rc.community_code',
      scope,
    );
    const total = num((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
    const rows = await base
      .select(['rc.id', 'rc.community_code', 'r.name', 'r.id_number', 'rc.employer_name', 'rc.vacancy_title'])
      .orderBy(col)
      .orderBy('rc.id')
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
        detail: `${x.employer_name} · ${x.vacancy_title}`,
      })),
    };
  }
  if (figure === 'zeroFound' || figure === 'zeroCleared') {
    const hh = (await zeroHouseholdRows(src, input)).filter((h) =>
      figure === 'zeroFound' ? h.found : h.cleared,
    );
    hh.sort((a, b) => (a.household_id < b.household_id ? -1 : 1));
    const slice = hh.slice(page.offset, page.offset + page.limit);
    const members = slice.length
      ? await src.q
          .selectFrom('report_residents as r')
          .select(['r.household_id', 'r.name', 'r.id_number'])
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
        const m = members.filter((x) => x.household_id === h.household_id);
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
  const base = scoped(src.q.selectFrom('report_residents as r').where(pred), 'r.community_code', scope);
  const total = num((await base.select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n);
  const rows = await base
    .select(['r.id', 'r.community_code', 'r.name', 'r.id_number', 'r.birth_date'])
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
