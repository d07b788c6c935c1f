// matching.candidates and matching.vacancies on the station's own data, offline: SQL narrows the field
// (hard filters, and for candidates the people whose wishes share at least the vacancy's 大类, its industry
// or its words, the closest first, at most CANDIDATE_POOL of them), then shared/domain/matching.ts scores
// each with its reasons. Vacancies come from both books: the community's own and the district's board.
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
import { occupationAt, occupationLevel } from '../../shared/domain/vocabulary';
import type { Executor } from '../db/schema';

/** How many people, closest by occupation first, are scored for one vacancy. */
export const CANDIDATE_POOL = 2000;

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
const vocabCache = new WeakMap<object, { at: number; v: VocabCache }>();

async function codeNames(db: Executor): Promise<CodeNames> {
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

interface VacancyRowish {
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

function toMatchVacancy(r: VacancyRowish, own: string): MatchVacancy {
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
function allVacancies() {
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

interface PersonRow {
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
async function priorities(
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

function toMatchPerson(p: PersonRow, cards: Set<string>, zero: Set<string>): MatchPerson {
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
function birthRange(
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

  // the coarse closeness SQL can see: the occupation code at each level as a quoted JSON string
  const code = v.occupationCode;
  const levels = code
    ? [4, 3, 2, 1].filter((l) => l <= occupationLevel(code)).map((l) => occupationAt(code, l))
    : [];
  const rank = levels.length
    ? sql.join(
        levels.map((c, i) => sql`when instr(r.clear_preferences, ${`"${c}`}) > 0 then ${levels.length - i}`),
        sql` `,
      )
    : null;
  const words = [v.title, v.occupation, code ? names.occupation(code) : undefined].filter(
    (w): w is string => !!w && w.length >= 2,
  );
  const relevant = [
    ...levels.slice(-1).map((c) => sql`instr(r.clear_preferences, ${`"${c}`}) > 0`),
    ...(v.industryCode ? [sql`instr(r.clear_preferences, ${`"${v.industryCode}"`}) > 0`] : []),
    ...words.map((w) => sql`instr(r.clear_preferences, ${w}) > 0`),
    // a free-text wish inside the title ("保安" in "小区保安"): SQLite checks each wish of the person
    sql`exists (select 1 from json_each(r.clear_preferences, '$.occupations') j
      where length(j.value) >= 2 and instr(${words.join(' ')}, j.value) > 0)`,
  ];
  const ages = birthRange(ctx.today, v.ageMin, v.ageMax);
  const found = await sql<PersonRow>`select ${PERSON_COLUMNS} from residents r
    where r.deleted_at is null and r.clear_preferences is not null
      ${ages.after ? sql`and r.birth_date > ${ages.after}` : sql``}
      ${ages.upTo ? sql`and r.birth_date <= ${ages.upTo}` : sql``}
      and (${sql.join(relevant, sql` or `)})
      and r.id not in (select resident_id from recommendations where vacancy_id = ${v.id} and deleted_at is null)
    order by ${rank ? sql`case ${rank} else 0 end` : sql`0`} desc, r.id
    limit ${CANDIDATE_POOL}`.execute(db);
  const pr = await priorities(db, found.rows, ctx.today);
  const scored = [];
  for (const p of found.rows) {
    const person = toMatchPerson(p, pr.cards, pr.zero);
    if (hardFilter(person, v, ctx.today)) continue;
    const m = scoreMatch(person, v, names);
    // no ranking without a reason of fit: priority alone is not a match
    if (m.score <= 0) continue;
    scored.push({ ...m, key: `${p.name_pinyin}\u0000${p.id}`, person: p });
  }
  scored.sort(byFit);
  return scored.slice(0, input.limit).map((x) => ({
    residentId: x.person.id,
    name: x.person.name,
    score: x.score,
    reasons: x.reasons,
  }));
}

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
  const rows = await sql<VacancyRowish>`select * from (${allVacancies()}) a
    where a.status = 'open' and a.valid_to >= ${ctx.today} and a.valid_from <= ${ctx.today}
      and a.hired < a.positions
      and (a.age_min is null or a.age_min <= ${age}) and (a.age_max is null or a.age_max >= ${age})
      and a.id not in (select vacancy_id from recommendations where resident_id = ${person.id} and deleted_at is null)`.execute(
    db,
  );
  const scored = [];
  for (const r of rows.rows) {
    const v = toMatchVacancy(r, ctx.community);
    if (hardFilter(p, v, ctx.today)) continue;
    const m = scoreMatch(p, v, names);
    // the own-community point alone is no fit
    if (m.score <= (v.own ? 5 : 0)) continue;
    scored.push({ ...m, key: `${r.valid_to}\u0000${r.id}`, row: r, own: v.own });
  }
  scored.sort(byFit);
  return scored.slice(0, input.limit).map((x) => ({
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
