// matching.candidates and matching.vacancies on the station's own data, offline. shared/domain/matching.ts
// decides: hard filters, then a score with its reasons. This file only saves it from reading everyone:
// SQL finds who could fit and an upper bound of each one's score, and only the best bounds are read whole
// and scored, until no bound left can reach the last place of the list. The list is then exactly what
// scoring every person (every vacancy) would give.
//   candidates  looked up in the match index (migration 0016) by the vacancy's occupation code, tier by
//               tier (same 职业, 小类, 中类, 大类), then free-text wishes that name the job, then the
//               industry. Who is a candidate: a person with a 择业意向 section whose wishes meet the job
//               by occupation (coded, or free text for people not yet coded) or by industry. Wage, hours,
//               area and skills add to the score but alone make no candidate (so it was before the index).
//   vacancies   one SQL pass over the open, current vacancies of both books (the community's own and the
//               district's board) computes each one's bound; the best are read whole and scored.
// A bound must never be below the score: tests/matching/exhaustive.test.ts compares both with scoring all.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import {
  byFit,
  contains,
  freeTextFits,
  hardFilter,
  PART_TIME_WORDS,
  scoreMatch,
  vacancyClosed,
  type CodeNames,
  type MatchPerson,
  type MatchVacancy,
} from '../../shared/domain/matching';
import { isZeroEmploymentHousehold } from '../../shared/domain/household';
import { ageOn } from '../../shared/domain/dates';
import { occupationAt, occupationLevel } from '../../shared/domain/vocabulary';
import type { Executor } from '../db/schema';

/** How many people (vacancies) are read whole at a time, best bound first. */
export const CHUNK = 48;

export interface CandidateItem {
  residentId: string;
  name: string;
  score: number;
  reasons: string[];
}
export interface VacancyItem {
  vacancyId: string;
  title: string;
  employerName: string;
  score: number;
  reasons: string[];
  foreign: boolean;
  communityName: string | null;
}

interface VocabCache {
  occupations: Map<string, string>;
  industries: Map<string, { name: string; parent: string | null }>;
}
export type Names = CodeNames & { industryCodes(): string[] };
const vocabCache = new WeakMap<object, { at: number; v: VocabCache }>();

export async function codeNames(db: Executor): Promise<Names> {
  // the vocabularies change only with the district's reference data: a few seconds' cache is plenty
  const hit = vocabCache.get(db);
  let v = hit && Date.now() - hit.at < 5000 ? hit.v : undefined;
  if (!v) {
    const occ = await db.selectFrom('ref_occupations').select(['code', 'name']).execute();
    const ind = await db.selectFrom('ref_industries').select(['code', 'name', 'parent_code']).execute();
    v = {
      occupations: new Map(occ.map((r) => [r.code, r.name])),
      industries: new Map(ind.map((r) => [r.code, { name: r.name, parent: r.parent_code }])),
    };
    vocabCache.set(db, { at: Date.now(), v });
  }
  const vc = v;
  return {
    industryCodes: () => [...vc.industries.keys()],
    occupation: (c) => vc.occupations.get(c),
    industry: (c) => vc.industries.get(c)?.name,
    industrySection(c) {
      let code: string | null = c;
      for (let hop = 0; code && hop < 4; hop++) {
        const it = vc.industries.get(code);
        if (!it) return null;
        if (it.parent === null) return code;
        code = it.parent;
      }
      return null;
    },
  };
}

export interface VacancyRowish {
  id: string;
  community_code: string;
  title: string;
  employer_name: string;
  employer_address: string | null;
  occupation: string | null;
  occupation_code: string | null;
  industry_code: string | null;
  wage_min: number | null;
  wage_max: number | null;
  requirements: string | null;
  age_min: number | null;
  age_max: number | null;
  valid_from: string;
  valid_to: string;
  status: string;
  positions: number;
  hired: number;
  community_name: string | null;
  street_name: string | null;
}

export function toMatchVacancy(r: VacancyRowish, own: string): MatchVacancy {
  return {
    id: r.id,
    title: r.title,
    occupation: r.occupation,
    occupationCode: r.occupation_code,
    industryCode: r.industry_code,
    wageMin: r.wage_min,
    wageMax: r.wage_max,
    requirements: r.requirements,
    ageMin: r.age_min,
    ageMax: r.age_max,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    positions: r.positions,
    hired: r.hired,
    own: r.community_code === own,
    streetName: r.street_name,
    communityName: r.community_name,
    employerAddress: r.employer_address,
  };
}

/** Both books as one query of the same columns (own vacancies, then the board's). */
export function allVacancies() {
  const own = sql`select v.id, v.community_code, v.title, e.name as employer_name, e.address as employer_address,
      v.occupation, v.occupation_code, v.industry_code, v.wage_min, v.wage_max, v.requirements, v.age_min,
      v.age_max, v.valid_from, v.valid_to, v.status, v.positions, v.hired
    from vacancies v join employers e on e.id = v.employer_id where v.deleted_at is null`;
  const board = sql`select b.id, b.community_code, b.title, b.employer_name, b.employer_address, b.occupation,
      b.occupation_code, b.industry_code, b.wage_min, b.wage_max, b.requirements, b.age_min, b.age_max,
      b.valid_from, b.valid_to, b.status, b.positions, b.hired
    from board_vacancies b where b.id not in (select id from vacancies)`;
  return sql`select a.*, rc.name as community_name, rs.name as street_name
    from (${own} union all ${board}) a
    left join ref_communities rc on rc.code = a.community_code
    left join ref_streets rs on rs.code = rc.street_code`;
}

async function vacancyById(db: Executor, id: string): Promise<VacancyRowish | undefined> {
  const r = await sql<VacancyRowish>`select * from (${allVacancies()}) where id = ${id}`.execute(db);
  return r.rows[0];
}

export interface PersonRow {
  id: string;
  name: string;
  name_pinyin: string;
  birth_date: string;
  sex: 'M' | 'F';
  household_id: string | null;
  clear_preferences: string | null;
  clear_skills: string | null;
  clear_unemployment: string | null;
  clear_outcome: string | null;
}

const parse = <T>(s: string | null): T | null => (s ? (JSON.parse(s) as T) : null);

/** Card holders and 零就业家庭 members among `people` (two queries for the lot). */
export async function priorities(
  db: Executor,
  people: PersonRow[],
  today: string,
): Promise<{ cards: Set<string>; zero: Set<string> }> {
  const ids = JSON.stringify(people.map((p) => p.id));
  const cards = await sql<{ resident_id: string }>`select resident_id from cards
    where status = 'valid' and deleted_at is null and resident_id in (select value from json_each(${ids}))`.execute(
    db,
  );
  const households = [...new Set(people.map((p) => p.household_id).filter((h): h is string => !!h))];
  const zero = new Set<string>();
  if (households.length) {
    const members = await sql<{
      household_id: string;
      birth_date: string;
      sex: 'M' | 'F';
      clear_unemployment: string | null;
    }>`select household_id, birth_date, sex, clear_unemployment from residents
      where deleted_at is null and household_id in (select value from json_each(${JSON.stringify(households)}))`.execute(
      db,
    );
    const by = new Map<string, typeof members.rows>();
    for (const m of members.rows) by.set(m.household_id, [...(by.get(m.household_id) ?? []), m]);
    for (const [h, ms] of by)
      if (
        isZeroEmploymentHousehold(
          ms.map((m) => ({
            age: ageOn(m.birth_date, today),
            sex: m.sex,
            clears: { unemployment: parse(m.clear_unemployment) },
          })),
        )
      )
        zero.add(h);
  }
  return {
    cards: new Set(cards.rows.map((r) => r.resident_id)),
    zero: new Set(people.filter((p) => p.household_id && zero.has(p.household_id)).map((p) => p.id)),
  };
}

export function toMatchPerson(p: PersonRow, cards: Set<string>, zero: Set<string>): MatchPerson {
  const skills = parse<{ items: MatchPerson['skills'] }>(p.clear_skills);
  return {
    id: p.id,
    name: p.name,
    birthDate: p.birth_date,
    preferences: parse(p.clear_preferences),
    skills: skills?.items ?? [],
    employmentStatus: parse<{ status: string }>(p.clear_unemployment)?.status ?? null,
    outcome: parse<{ result: string }>(p.clear_outcome)?.result ?? null,
    cardHolder: cards.has(p.id),
    zeroEmployment: zero.has(p.id),
  };
}

/** Birth dates of people aged `min`..`max` on `today`: born after (today − max − 1 years), on or before (today − min). */
export function birthRange(
  today: string,
  min: number | null,
  max: number | null,
): { after?: string; upTo?: string } {
  const shift = (years: number) => `${Number(today.slice(0, 4)) - years}${today.slice(4)}`;
  return {
    ...(max !== null ? { after: shift(max + 1) } : {}),
    ...(min !== null ? { upTo: shift(min) } : {}),
  };
}

const PERSON_COLUMNS = sql`r.id, r.name, r.name_pinyin, r.birth_date, r.sex, r.household_id, r.clear_preferences,
  r.clear_skills, r.clear_unemployment, r.clear_outcome`;

/**
 * The people (vacancies) of `ids`, read whole, in no particular order; who left the book (moved away,
 * retired, deceased, past working age; issue 15) is no candidate.
 */
export async function peopleByIds(db: Executor, ids: string[]): Promise<PersonRow[]> {
  return (
    await sql<PersonRow>`select ${PERSON_COLUMNS} from residents r
      where r.id in (select value from json_each(${JSON.stringify(ids)})) and r.deleted_at is null
        and r.lifecycle is null`.execute(
      db,
    )
  ).rows;
}

/** The best `limit` of what is scored, kept in order; `floor` is the score a newcomer must reach. */
export class Best<T extends { score: number; priority: number; key: string }> {
  readonly items: T[] = [];
  constructor(private readonly limit: number) {}
  add(x: T): void {
    this.items.push(x);
    this.items.sort(byFit);
    if (this.items.length > this.limit) this.items.length = this.limit;
  }
  /** A bound below this cannot enter the list (at equal score the order of priority and name decides). */
  get floor(): number {
    return this.items.length < this.limit ? 1 : this.items[this.limit - 1]!.score;
  }
}

/** A short list of values for SQL's `in` (each a parameter, so the planner sees the codes). */
export const inList = (values: readonly string[]) => sql`(${sql.join(values.length ? values : [null])})`;
/** A long list (people already seen) for SQL's `in`, as one parameter. */
export const inJson = (values: readonly string[]) => sql`(select value from json_each(${JSON.stringify(values)}))`;

/** Every free-text wish ('t') or skill ('s') on record, each once (a skip over the index, not a scan of it). */
export async function indexWords(db: Executor, kind: 't' | 's'): Promise<string[]> {
  const r = await sql<{ code: string }>`with recursive t(code) as (
      select (select min(code) from match_wishes where kind = ${kind})
      union all
      select (select min(code) from match_wishes where kind = ${kind} and code > t.code) from t where t.code is not null)
    select code from t where code is not null`.execute(db);
  return r.rows.map((x) => x.code);
}

export async function candidates(
  db: Executor,
  input: { vacancyId: string; limit: number },
  ctx: { today: string; community: string },
): Promise<CandidateItem[]> {
  const row = await vacancyById(db, input.vacancyId);
  if (!row) throw new ApiError('not_found', '找不到该岗位（可能已删除，或尚未从区里同步到本工作站）');
  // every candidate of a vacancy shares its community: the own-community point is for ranking jobs only
  const v = { ...toMatchVacancy(row, ctx.community), own: false };
  const closed = vacancyClosed(v, ctx.today);
  if (closed) throw new ApiError('conflict', `${closed}，不再为它找人`);
  const names = await codeNames(db);

  // The bound beyond occupation, from the index: each part as large as the score's can be (here: equal).
  const occName = v.occupationCode ? names.occupation(v.occupationCode) : undefined;
  const wanted = `${v.title} ${v.requirements ?? ''} ${v.occupation ?? ''} ${occName ?? ''}`;
  const skills = (await indexWords(db, 's')).filter((w) => contains(wanted, w));
  const partTime = PART_TIME_WORDS.some((w) => `${v.title} ${v.requirements ?? ''}`.includes(w));
  const hasRange = v.wageMin !== null || v.wageMax !== null;
  const places = [v.streetName, v.communityName].filter((x): x is string => !!x && x.trim().length > 0);
  const hasPlace = places.length > 0 || !!v.employerAddress;
  const section = v.industryCode ? names.industrySection(v.industryCode) : null;
  const sameSection = section
    ? names.industryCodes().filter((c) => c !== v.industryCode && names.industrySection(c) === section)
    : [];
  const has = (kind: string, codes: string[]) =>
    sql`exists (select 1 from match_wishes x where x.kind = ${kind} and x.code in ${inList(codes)}
      and x.resident_id = m.resident_id)`;
  const area = sql`(length(trim(m.area)) >= 2 and (${sql.join(
    [
      ...places.flatMap((x) => [
        x.trim().length >= 2 ? sql`instr(m.area, ${x.trim()}) > 0` : sql`0`,
        sql`instr(${x}, trim(m.area)) > 0`,
      ]),
      ...(v.employerAddress ? [sql`instr(${v.employerAddress}, trim(m.area)) > 0`] : []),
      sql`0`,
    ],
    sql` or `,
  )}))`;
  const restMax =
    (v.industryCode ? 10 : 0) + (hasRange ? 15 : 0) + (hasPlace ? 10 : 0) + 5 + (skills.length ? 10 : 0);
  const rest = sql`(${
    v.industryCode
      ? sql`(case when ${has('i', [v.industryCode])} then 10 ${sameSection.length ? sql`when ${has('i', sameSection)} then 5` : sql``} else 0 end)`
      : sql`0`
  }
    + ${hasRange ? sql`(case when m.wage is not null ${v.wageMax !== null ? sql`and m.wage <= ${v.wageMax}` : sql``} then 15 else 0 end)` : sql`0`}
    + ${hasPlace ? sql`(case when ${area} then 10 else 0 end)` : sql`0`}
    + (case when m.hours = 'full_time' then ${partTime ? 0 : 5} when m.hours in ('part_time', 'flexible') then ${partTime ? 5 : 0} else 0 end)
    + ${skills.length ? sql`(case when ${has('s', skills)} then 10 else 0 end)` : sql`0`})`;

  // Tiers of the occupation's fit, best first; each a condition on match_wishes `w` and its points.
  const tiers: Array<{ points: number; where: ReturnType<typeof sql> }> = [];
  const code = v.occupationCode;
  if (code) {
    const level = occupationLevel(code);
    const above = [1, 2, 3].filter((l) => l < level).map((l) => occupationAt(code, l));
    // the same code, one under it, or a coarser wish above it (occupationFit gives all three 4)
    tiers.push({
      points: 40,
      where: sql`w.kind = 'o' and (w.code = ${code} or (w.code > ${`${code}-`} and w.code < ${`${code}.`})
        ${above.length ? sql`or w.code in ${inList(above)}` : sql``})`,
    });
    for (const l of [3, 2, 1].filter((x) => x < level)) {
      const at = occupationAt(code, l);
      tiers.push({
        points: l * 10,
        where: sql`w.kind = 'o' and w.code > ${`${at}-`} and w.code < ${`${at}.`}`,
      });
    }
  }
  const words = (await indexWords(db, 't')).filter((w) => freeTextFits(w, v, names));
  if (words.length) tiers.push({ points: 20, where: sql`w.kind = 't' and w.code in ${inList(words)}` });
  if (v.industryCode)
    tiers.push({
      points: 0,
      where: sql`w.kind = 'i' and w.code in ${inList([v.industryCode, ...sameSection])}`,
    });
  tiers.sort((a, b) => b.points - a.points);

  const ages = birthRange(ctx.today, v.ageMin, v.ageMax);
  const taken = new Set(
    (
      await sql<{ resident_id: string }>`select resident_id from recommendations
        where vacancy_id = ${v.id} and deleted_at is null`.execute(db)
    ).rows.map((r) => r.resident_id),
  );
  const seen = new Set<string>();
  const best = new Best<MatchResultKeyed & { person: PersonRow }>(input.limit);
  const score = async (ids: string[]) => {
    const found = await peopleByIds(db, ids);
    const pr = await priorities(db, found, ctx.today);
    for (const p of found) {
      const person = toMatchPerson(p, pr.cards, pr.zero);
      if (hardFilter(person, v, ctx.today)) continue;
      const m = scoreMatch(person, v, names);
      // no ranking without a reason of fit: priority alone is not a match
      if (m.score <= 0) continue;
      best.add({ ...m, key: `${p.name_pinyin}\u0000${p.id}`, person: p });
    }
  };
  for (const tier of tiers) {
    if (tier.points + restMax < best.floor) continue;
    // the best bounds first, a few at a time: once the list is full, only bounds reaching its last place
    for (let cap = CHUNK; ; cap *= 4) {
      const bounds = await sql<{ id: string; ub: number }>`select distinct w.resident_id as id,
          ${tier.points} + ${rest} as ub
        from match_wishes w cross join match_people m on m.resident_id = w.resident_id
        where ${tier.where} and m.looking = 1
          ${ages.after ? sql`and m.birth_date > ${ages.after}` : sql``}
          ${ages.upTo ? sql`and m.birth_date <= ${ages.upTo}` : sql``}
          and w.resident_id not in ${inJson([...seen, ...taken])}
          and ${tier.points} + ${rest} >= ${best.floor}
        order by ub desc limit ${cap}`.execute(db);
      const ids = bounds.rows.filter((b) => b.ub >= best.floor).map((b) => b.id);
      for (const id of ids) seen.add(id);
      if (ids.length) await score(ids);
      if (bounds.rows.length < cap || bounds.rows[bounds.rows.length - 1]!.ub < best.floor) break;
    }
  }
  return best.items.map((x) => ({
    residentId: x.person.id,
    name: x.person.name,
    score: x.score,
    reasons: x.reasons,
  }));
}

type MatchResultKeyed = { score: number; priority: number; key: string; reasons: string[] };

/** SQL text that is true when `hay` (an SQL expression) contains the JS-trimmed `needle`, as `contains` does. */
const holds = (hay: ReturnType<typeof sql>, needle: string) =>
  needle.trim().length >= 2 ? sql`coalesce(instr(${hay}, ${needle.trim()}) > 0, 0)` : sql`0`;
/** True when the JS string `hay` contains the SQL value `needle` trimmed (length 2 or more). */
const heldBy = (hay: string, needle: ReturnType<typeof sql>) =>
  sql`coalesce(length(trim(${needle})) >= 2 and instr(${hay}, trim(${needle})) > 0, 0)`;
const any = (parts: Array<ReturnType<typeof sql>>) =>
  parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`0`;

export async function vacanciesFor(
  db: Executor,
  input: { residentId: string; limit: number },
  ctx: { today: string; community: string },
): Promise<VacancyItem[]> {
  const person = (
    await sql<PersonRow>`select ${PERSON_COLUMNS} from residents r where r.id = ${input.residentId} and r.deleted_at is null`.execute(
      db,
    )
  ).rows[0];
  if (!person) throw new ApiError('not_found', '找不到该居民（可能已删除或不属于本社区）');
  const pr = await priorities(db, [person], ctx.today);
  const p = toMatchPerson(person, pr.cards, pr.zero);
  if (
    p.employmentStatus === 'employed' ||
    ['placed', 'self_employed', 'public_welfare'].includes(p.outcome ?? '')
  )
    if (!p.preferences?.changeJob) return [];
  const names = await codeNames(db);
  const age = ageOn(person.birth_date, ctx.today);
  const pref = p.preferences ?? {};

  // Each vacancy's bound, part by part as shared/domain/matching.ts scores it (`a` the vacancy, `occ_name`
  // its occupation's name, `street_name`/`community_name` its place).
  const V = sql`a.occupation_code`;
  const coded = (pref.occupationCodes ?? []).map((w) => {
    const level = occupationLevel(w);
    return sql`(case when ${V} = ${w} or substr(${V}, 1, ${w.length + 1}) = ${`${w}-`}
        or substr(${w}, 1, length(${V}) + 1) = ${V} || '-' then 40
      ${level >= 3 ? sql`when substr(${V}, 1, 7) = ${occupationAt(w, 3)} then 30` : sql``}
      ${level >= 2 ? sql`when substr(${V}, 1, 4) = ${occupationAt(w, 2)} then 20` : sql``}
      when substr(${V}, 1, 1) = ${occupationAt(w, 1)} then 10 else 0 end)`;
  });
  const jobs = [sql`a.title`, sql`a.occupation`, sql`occ_name`];
  const text = (pref.occupations ?? []).map((w) => any(jobs.flatMap((j) => [holds(j, w), heldBy(w, j)])));
  const occ = sql`max(0, 0 ${coded.length ? sql`, coalesce(max(0, ${sql.join(coded)}), 0)` : sql``}
    , ${any(text)} * 20)`;
  const ind = (pref.industryCodes ?? []).filter((c) => c.length > 0);
  const sections = new Set(ind.map((c) => names.industrySection(c)).filter((s): s is string => !!s));
  const sameSection = names.industryCodes().filter((c) => sections.has(names.industrySection(c) ?? ''));
  const indPts = ind.length
    ? sql`(case when a.industry_code in ${inList(ind)} then 10
        when a.industry_code in ${inList(sameSection)} then 5 else 0 end)`
    : sql`0`;
  const wagePts =
    pref.expectedWage !== undefined
      ? sql`(case when (a.wage_min is not null or a.wage_max is not null)
          and (a.wage_max is null or a.wage_max >= ${pref.expectedWage}) then 15 else 0 end)`
      : sql`0`;
  const area = pref.area?.trim();
  const places = [sql`street_name`, sql`community_name`];
  const areaPts = area
    ? sql`(case when ${any([...places.flatMap((x) => [heldBy(area, x), holds(x, area)]), holds(sql`a.employer_address`, area)])} then 10 else 0 end)`
    : sql`0`;
  const ownPts = sql`(case when a.community_code = ${ctx.community} then 5 else 0 end)`;
  const partTime = any(
    PART_TIME_WORDS.map((w) => sql`instr(a.title || ' ' || coalesce(a.requirements, ''), ${w}) > 0`),
  );
  const hoursPts =
    pref.hours === 'full_time'
      ? sql`(case when ${partTime} then 0 else 5 end)`
      : pref.hours === 'part_time' || pref.hours === 'flexible'
        ? sql`(case when ${partTime} then 5 else 0 end)`
        : sql`0`;
  const wanted = sql`(a.title || ' ' || coalesce(a.requirements, '') || ' ' || coalesce(a.occupation, '') || ' ' || coalesce(occ_name, ''))`;
  const skillPts = any(
    p.skills.flatMap((s) => [
      holds(wanted, s.name),
      ...(s.certificate ? [holds(wanted, s.certificate)] : []),
    ]),
  );
  const ub = sql`(${occ} + ${indPts} + ${wagePts} + ${areaPts} + ${ownPts} + ${hoursPts} + ${skillPts} * 10)`;

  const best = new Best<MatchResultKeyed & { row: VacancyRowish; own: boolean }>(input.limit);
  const seen: string[] = [];
  // the best bounds first, a few at a time, until no bound left reaches the list's last place
  for (let cap = CHUNK; ; cap *= 4) {
    const bounds = await sql<{ id: string; ub: number }>`select id, ub from (
        select a.id, ${ub} as ub, a.community_code = ${ctx.community} as own
        from (${openVacancies(ctx.today, age)}) a
        where a.id not in (select vacancy_id from recommendations where resident_id = ${person.id} and deleted_at is null)
          and a.id not in ${inJson(seen)})
      where ub > (case when own then 5 else 0 end) and ub >= ${best.floor}
      order by ub desc limit ${cap}`.execute(db);
    const ids = bounds.rows.map((b) => b.id);
    seen.push(...ids);
    const rows = ids.length
      ? await sql<VacancyRowish>`select * from (${allVacancies()}) where id in ${inJson(ids)}`.execute(db)
      : { rows: [] };
    for (const r of rows.rows) {
      const v = toMatchVacancy(r, ctx.community);
      if (hardFilter(p, v, ctx.today)) continue;
      const m = scoreMatch(p, v, names);
      // the own-community point alone is no fit
      if (m.score <= (v.own ? 5 : 0)) continue;
      best.add({ ...m, key: `${r.valid_to}\u0000${r.id}`, row: r, own: v.own });
    }
    if (bounds.rows.length < cap || bounds.rows[bounds.rows.length - 1]!.ub < best.floor) break;
  }
  return best.items.map((x) => ({
    vacancyId: x.row.id,
    title: x.row.title,
    employerName: x.row.employer_name,
    score: x.score,
    // the person's priority is the same for every job (it earns no points): said on the person, not each job
    reasons: x.reasons.filter((r) => r !== '援助对象优先' && r !== '零就业家庭优先'),
    foreign: !x.own,
    communityName: x.row.community_name,
  }));
}

/** The open, current vacancies of both books a person of `age` may take, with the columns the bound reads. */
function openVacancies(today: string, age: number) {
  const hard = (t: string) =>
    sql.raw(`${t}.status = 'open' and ${t}.hired < ${t}.positions
      and (${t}.age_min is null or ${t}.age_min <= ${Math.trunc(age)}) and (${t}.age_max is null or ${t}.age_max >= ${Math.trunc(age)})`);
  const own = sql`select v.id, v.community_code, v.title, v.occupation, v.occupation_code, v.industry_code,
      v.wage_min, v.wage_max, v.requirements, e.address as employer_address
    from vacancies v join employers e on e.id = v.employer_id
    where v.deleted_at is null and v.valid_to >= ${today} and v.valid_from <= ${today} and ${hard('v')}`;
  const board = sql`select b.id, b.community_code, b.title, b.occupation, b.occupation_code, b.industry_code,
      b.wage_min, b.wage_max, b.requirements, b.employer_address
    from board_vacancies b
    where b.valid_to >= ${today} and b.valid_from <= ${today} and ${hard('b')} and b.id not in (select id from vacancies)`;
  return sql`select u.*, rc.name as community_name, rs.name as street_name, o.name as occ_name
    from (${own} union all ${board}) u
    left join ref_communities rc on rc.code = u.community_code
    left join ref_streets rs on rs.code = rc.street_code
    left join ref_occupations o on o.code = u.occupation_code`;
}
