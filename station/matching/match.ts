// matching.candidates and matching.vacancies on the station's own data, offline. shared/domain/matching.ts
// decides: hard filters, then a score with its reasons. This file only saves it from reading everyone.
//   candidates  looked up in the match index (migration 0016) by the vacancy's occupation code, tier by
//               tier (same 职业, 小类, 中类, 大类), then free-text wishes that name the job, then the
//               industry. SQL computes each one's upper bound of the score (once per person, in a
//               materialized CTE) and returns them in fit order — bound, a bound of the priority (a valid
//               card; a household), name — so people are read whole and scored a few at a time until the
//               next bound cannot take a place. Once the list is full, a tier whose people need the
//               industry or a skill to reach its last place is read from those wishes (a few hundred
//               people) rather than from everyone with the occupation. Who is a candidate: a person with a
//               择业意向 section whose wishes meet the job by occupation (coded, or free text for people not
//               yet coded) or by industry. Wage, hours, area and skills add to the score but alone make no
//               candidate (so it was before the index).
//   vacancies   both books held in memory (vacancyBook.ts, read again only after a change) and every open
//               vacancy scored: 5,000 at a district's scale take a few milliseconds; no bound needed.
// A bound must never be below the score: tests/matching/exhaustive.test.ts compares both with scoring all.
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import {
  byFit,
  hardFilter,
  scoreMatch,
  vacancyClosed,
  type CodeNames,
  type MatchPerson,
  type MatchVacancy,
} from '../../shared/domain/matching';
import { isZeroEmploymentHousehold } from '../../shared/domain/household';
import { ageOn } from '../../shared/domain/dates';
import type { Executor } from '../db/schema';
import { vacancyBook, type VacancyRowish } from './vacancyBook';
import { inList, scoreBound } from './bound';

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

async function vacancyById(db: Executor, id: string): Promise<VacancyRowish | undefined> {
  return (await vacancyBook(db)).byId.get(id);
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
  /** Whether something of at most `score` and `priority`, with `key`, could still take a place. */
  mayEnter(score: number, priority: number, key: string): boolean {
    const last = this.items.length < this.limit ? undefined : this.items[this.limit - 1]!;
    if (!last) return score >= 1;
    return byFit({ score, priority, key }, last) < 0;
  }
}

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

  // The tiers and the bound beyond occupation (station/matching/bound.ts, shared with the fair's list).
  const { tiers, rest, restMax, industry, sameSection, skills } = scoreBound(v, names, {
    skills: await indexWords(db, 's'),
    texts: await indexWords(db, 't'),
  });

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
  // A person's place at equal score: the priority bound (a valid card; a household, which may be 零就业) and
  // the name, in the order byFit uses — so a tier is read in fit order and left at the first bound that
  // cannot take a place any more.
  const PAGE = 256;
  // Once the list is full, a tier's people need `floor − points` from the rest; when that is more than the
  // rest can give without its industry (or skill) part, only people with that wish can reach it: the tier is
  // then read from those people (a few hundred) instead of from everyone with the occupation.
  const sizes = new Map<string, number>();
  const sizeOf = async (kind: string, codes: string[]) => {
    const k = `${kind}:${codes.join(',')}`;
    if (!sizes.has(k))
      sizes.set(
        k,
        (
          await sql<{ n: number }>`select count(*) as n from match_wishes
            where kind = ${kind} and code in ${inList(codes)}`.execute(db)
        ).rows[0]!.n,
      );
    return sizes.get(k)!;
  };
  const driverFor = async (need: number): Promise<{ kind: string; codes: string[] } | null> => {
    const choices: Array<{ kind: string; codes: string[] }> = [];
    if (industry && need > restMax - 10)
      choices.push({
        kind: 'i',
        codes: need > restMax - 5 ? [industry] : [industry, ...sameSection],
      });
    if (skills.length && need > restMax - 10) choices.push({ kind: 's', codes: skills });
    let pick: { kind: string; codes: string[]; n: number } | null = null;
    for (const c of choices) {
      const n = await sizeOf(c.kind, c.codes);
      if (!pick || n < pick.n) pick = { ...c, n };
    }
    return pick;
  };
  for (const tier of tiers) {
    if (tier.points + restMax < best.floor) continue;
    let after: { ub: number; pb: number; pinyin: string; id: string } | null = null;
    for (let done = false; !done;) {
      const floor = best.floor;
      const driver = await driverFor(floor - tier.points);
      const bounds: Array<{ id: string; ub: number; pb: number; pinyin: string }> = (
        await sql<{ id: string; ub: number; pb: number; pinyin: string }>`with t as materialized (
          select distinct w.resident_id as id, ${tier.points} + ${rest} as ub
          from ${driver ? sql`match_wishes d cross join match_wishes w on w.resident_id = d.resident_id cross join` : sql`match_wishes w cross join`}
            match_people m on m.resident_id = w.resident_id
          where ${tier.where} and m.looking = 1
            ${driver ? sql`and d.kind = ${driver.kind} and d.code in ${inList(driver.codes)}` : sql``}
            ${ages.after ? sql`and m.birth_date > ${ages.after}` : sql``}
            ${ages.upTo ? sql`and m.birth_date <= ${ages.upTo}` : sql``}
            and w.resident_id not in ${inJson([...seen, ...taken])})
        select t.id, t.ub,
          (exists (select 1 from cards c where c.resident_id = t.id and c.status = 'valid' and c.deleted_at is null))
            + (r.household_id is not null) as pb, r.name_pinyin as pinyin
        from t cross join residents r on r.id = t.id
        where t.ub >= ${floor} ${
          after
            ? sql`and (t.ub < ${after.ub} or (t.ub = ${after.ub} and (pb < ${after.pb} or (pb = ${after.pb}
                and (r.name_pinyin > ${after.pinyin} or (r.name_pinyin = ${after.pinyin} and r.id > ${after.id}))))))`
            : sql``
        }
        order by ub desc, pb desc, r.name_pinyin, r.id limit ${PAGE}`.execute(db)
      ).rows;
      done = bounds.length < PAGE;
      for (let i = 0; i < bounds.length;) {
        const ids: string[] = [];
        for (; i < bounds.length && ids.length < CHUNK; i++) {
          const b = bounds[i]!;
          if (!best.mayEnter(b.ub, b.pb, `${b.pinyin}\u0000${b.id}`)) {
            done = true;
            i = bounds.length;
            break;
          }
          ids.push(b.id);
          seen.add(b.id);
        }
        if (ids.length) await score(ids);
      }
      const last = bounds[bounds.length - 1];
      if (last) after = last;
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
  const book = await vacancyBook(db);
  const asked = new Set(
    (
      await sql<{ vacancy_id: string }>`select vacancy_id from recommendations
        where resident_id = ${person.id} and deleted_at is null`.execute(db)
    ).rows.map((r) => r.vacancy_id),
  );
  // every vacancy of both books scored as the rule says (5,000 at a district's scale: a few milliseconds)
  const best = new Best<MatchResultKeyed & { row: VacancyRowish; own: boolean }>(input.limit);
  for (const r of book.rows) {
    if (r.status !== 'open' || r.hired >= r.positions || r.valid_to < ctx.today || r.valid_from > ctx.today)
      continue;
    if (asked.has(r.id)) continue;
    const v = toMatchVacancy(r, ctx.community);
    if (hardFilter(p, v, ctx.today)) continue;
    const m = scoreMatch(p, v, names);
    // the own-community point alone is no fit
    if (m.score <= (v.own ? 5 : 0) || m.score < best.floor) continue;
    best.add({ ...m, key: `${r.valid_to}\u0000${r.id}`, row: r, own: v.own });
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
