// The fair's candidate list in one pass over all its vacancies (issue 10: p95 < 300 ms at 100,000 residents).
// What it computes is exactly what station/matching/match.ts `candidates` gives for each vacancy on its own —
// each vacancy's best `perVacancy` people by shared/domain/matching.ts (hard filters, score, reasons, order
// at equal score), leaving out people already signed up — and tests/fairs/candidates.test.ts compares the two
// item for item. What makes it fast:
//   - what every vacancy needs is read once: the vocabularies, the words of the match index, the vacancies,
//     who was already recommended to each, and each person read whole (a person fitting three jobs of the
//     fair is read and their priority worked out once, then scored against each);
//   - each round is one SQL statement for all vacancies still looking (per vacancy: its current tier of the
//     match index, migration 0016, with each person's bound of the score), and one read of the people;
//   - people come in the order of the final list — bound, then a bound of the priority (a valid card; a
//     household at all), then pinyin and id — so a vacancy stops as soon as the next person could not enter
//     its list even at their bound. Ordering by the score bound alone (as `candidates` does) reads every
//     person tied at the last place: in a community where hundreds share the top score, that was the cost;
//   - a tier of the index is skipped when its points plus the most the rest can add cannot reach the list,
//     and the area's part of that most counts only if someone's wished area could meet the vacancy's place.
// The bound of the score per person is the one `candidates` uses (station/matching/match.ts, kept there by
// tests/matching/exhaustive.test.ts); it is written again below because that function holds it inline and
// is being reworked on its own — when it is one exported builder, both should use it.
import { sql, type RawBuilder } from 'kysely';
import {
  byFit,
  contains,
  freeTextFits,
  hardFilter,
  PART_TIME_WORDS,
  scoreMatch,
  vacancyClosed,
  type MatchPerson,
  type MatchVacancy,
} from '../../shared/domain/matching';
import { occupationAt, occupationLevel } from '../../shared/domain/vocabulary';
import type { Executor } from '../db/schema';
import {
  Best,
  birthRange,
  codeNames,
  indexWords,
  inJson,
  inList,
  peopleByIds,
  priorities,
  toMatchPerson,
  toMatchVacancy,
  type CandidateItem,
  type Names,
  type PersonRow,
} from '../matching/match';
import { allVacancies, type VacancyRowish } from '../matching/vacancyBook';

export interface VacancyCandidates {
  vacancyId: string;
  title: string;
  items: CandidateItem[];
}

type Sql = RawBuilder<unknown>;
interface Tier {
  points: number;
  where: Sql;
}
type Fit = { score: number; priority: number; key: string };
type Scored = { score: number; priority: number; key: string; reasons: string[]; person: PersonRow };

/** One vacancy's search: its tiers of the index, the bound of the rest of the score, and its list so far. */
interface Plan {
  index: number;
  v: MatchVacancy;
  title: string;
  tiers: Tier[];
  tier: number;
  rest: Sql;
  restMax: number;
  ages: { after?: string; upTo?: string };
  /** Read already, recommended to this vacancy already, or signed up for the fair: never asked for again. */
  out: Set<string>;
  cap: number;
  /** The next ask is the tier's first (see `ask`). */
  guess: boolean;
  /** How many the vacancy's list holds. */
  k: number;
  best: Best<Scored>;
}

/** Distinct wished areas of people looking for work (one seek each on match_people_area, migration 0020):
 * whether an area can meet a vacancy's place at all. */
export async function wishedAreas(db: Executor): Promise<string[]> {
  const r = await sql<{ area: string }>`with recursive t(area) as (
      select (select min(area) from match_people where looking = 1 and area is not null)
      union all
      select (select min(area) from match_people where looking = 1 and area > t.area) from t where t.area is not null)
    select area from t where area is not null`.execute(db);
  return r.rows.map((x) => x.area).filter((a) => sqlTrim(a).length >= 2);
}

/** SQLite's trim(x): spaces only. */
const sqlTrim = (s: string) => s.replace(/^ +| +$/g, '');

function plan(
  index: number,
  row: VacancyRowish,
  ctx: { community: string; today: string },
  names: Names,
  words: { skills: string[]; texts: string[]; areas: string[] },
  out: Set<string>,
  perVacancy: number,
): Plan {
  // every candidate of a vacancy shares its community: the own-community point is for ranking jobs only
  const v = { ...toMatchVacancy(row, ctx.community), own: false };
  const occName = v.occupationCode ? names.occupation(v.occupationCode) : undefined;
  const wanted = `${v.title} ${v.requirements ?? ''} ${v.occupation ?? ''} ${occName ?? ''}`;
  const skills = words.skills.filter((w) => contains(wanted, w));
  const partTime = PART_TIME_WORDS.some((w) => `${v.title} ${v.requirements ?? ''}`.includes(w));
  const hasRange = v.wageMin !== null || v.wageMax !== null;
  const places = [v.streetName, v.communityName].filter((x): x is string => !!x && x.trim().length > 0);
  // the area condition below, asked of each wished area on record: none can meet it, no point to bound
  const hasPlace = words.areas.some(
    (a) =>
      places.some((x) => (x.trim().length >= 2 && a.includes(x.trim())) || x.includes(sqlTrim(a))) ||
      !!v.employerAddress?.includes(sqlTrim(a)),
  );
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

  // tiers of the occupation's fit, best first: the same code, one under it or a coarser wish above it (40),
  // then the same 小类, 中类, 大类; free text naming the job (20); the industry alone (0)
  const tiers: Tier[] = [];
  const code = v.occupationCode;
  if (code) {
    const level = occupationLevel(code);
    const above = [1, 2, 3].filter((l) => l < level).map((l) => occupationAt(code, l));
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
  const texts = words.texts.filter((w) => freeTextFits(w, v, names));
  if (texts.length) tiers.push({ points: 20, where: sql`w.kind = 't' and w.code in ${inList(texts)}` });
  if (v.industryCode)
    tiers.push({
      points: 0,
      where: sql`w.kind = 'i' and w.code in ${inList([v.industryCode, ...sameSection])}`,
    });
  tiers.sort((a, b) => b.points - a.points);
  const p: Plan = {
    index,
    v,
    title: row.title,
    tiers,
    tier: -1,
    rest,
    restMax,
    ages: birthRange(ctx.today, v.ageMin, v.ageMax),
    out,
    cap: firstCap(perVacancy),
    guess: true,
    k: perVacancy,
    best: new Best<Scored>(perVacancy),
  };
  nextTier(p);
  return p;
}

/** A tier's first ask: the list and as many again (people tied at the last place are read in order). */
const firstCap = (k: number) => Math.max(2 * k, 16);

/** On to the next tier that can still reach the list (tier === tiers.length: the vacancy is done). */
function nextTier(p: Plan): void {
  p.cap = firstCap(p.k);
  p.guess = true;
  do p.tier += 1;
  while (p.tier < p.tiers.length && p.tiers[p.tier]!.points + p.restMax < p.best.floor);
}

/**
 * This round's ask of one vacancy: the next people of its tier, in the order of the final list. The first ask
 * of a tier reads only those whose bound reaches the tier's K-th best bound `g` (the residents table is
 * read for their names' order only then; the rest of the tier waits until the list shows it could matter).
 */
function ask(p: Plan): { cte: Sql; select: Sql } {
  const tier = p.tiers[p.tier]!;
  const ub = sql`${tier.points} + ${p.rest}`;
  const b = sql.raw(`b${p.index}`);
  const g = p.guess
    ? sql`coalesce((select ub from ${b} order by ub desc limit 1 offset ${p.k - 1}), ${p.best.floor})`
    : sql`${p.best.floor}`;
  return {
    cte: sql`${b} as materialized (select distinct w.resident_id as id, ${ub} as ub
      from match_wishes w cross join match_people m on m.resident_id = w.resident_id
      where ${tier.where} and m.looking = 1
        ${p.ages.after ? sql`and m.birth_date > ${p.ages.after}` : sql``}
        ${p.ages.upTo ? sql`and m.birth_date <= ${p.ages.upTo}` : sql``}
        and w.resident_id not in ${inJson([...p.out])}
        and ${ub} >= ${p.best.floor})`,
    // name_pinyin holds a–z only (station/residents/pinyin.ts), so SQL's order of it is the key's order in JS
    select: sql`select * from (select ${p.index} as vi, b.id, b.ub, b.g,
        (exists (select 1 from cards c where c.resident_id = b.id and c.status = 'valid' and c.deleted_at is null)
          + (r.household_id is not null)) as pb,
        r.name_pinyin as py
      from (select id, ub, ${g} as g from ${b}) b join residents r on r.id = b.id
      where b.ub >= b.g
      order by b.ub desc, pb desc, r.name_pinyin, b.id
      limit ${p.cap})`,
  };
}

interface Asked {
  vi: number;
  id: string;
  ub: number;
  g: number;
  pb: number;
  py: string;
}

/**
 * Each vacancy's best `perVacancy` people of the community, as `candidates` would list them, leaving out
 * `exclude` (people signed up for the fair already). Vacancies unknown here, closed, filled or out of date
 * are left out; the rest come in the order asked.
 */
export async function candidatesByVacancy(
  db: Executor,
  input: { vacancyIds: readonly string[]; perVacancy: number; exclude: ReadonlySet<string> },
  ctx: { today: string; community: string },
): Promise<VacancyCandidates[]> {
  const ids = [...new Set(input.vacancyIds)];
  if (!ids.length) return [];
  const rows = new Map(
    (
      await sql<VacancyRowish>`select * from (${allVacancies()}) where id in ${inJson(ids)}`.execute(db)
    ).rows.map((r) => [r.id, r]),
  );
  const open = ids
    .map((id) => rows.get(id))
    .filter((r): r is VacancyRowish => !!r && !vacancyClosed(toMatchVacancy(r, ctx.community), ctx.today));
  if (!open.length) return [];
  const names = await codeNames(db);
  const words = {
    skills: await indexWords(db, 's'),
    texts: await indexWords(db, 't'),
    areas: await wishedAreas(db),
  };
  const taken = new Map<string, string[]>();
  for (const r of (
    await sql<{ vacancy_id: string; resident_id: string }>`select vacancy_id, resident_id from recommendations
      where vacancy_id in ${inJson(open.map((r) => r.id))} and deleted_at is null`.execute(db)
  ).rows)
    taken.set(r.vacancy_id, [...(taken.get(r.vacancy_id) ?? []), r.resident_id]);
  const plans = open.map((r, i) =>
    plan(i, r, ctx, names, words, new Set([...input.exclude, ...(taken.get(r.id) ?? [])]), input.perVacancy),
  );

  // people read whole during this call, with their priority: each once, however many jobs they fit
  const people = new Map<string, MatchPerson | null>();
  const personRows = new Map<string, PersonRow>();
  for (let round = 0; round < 10_000; round++) {
    const active = plans.filter((p) => p.tier < p.tiers.length);
    if (!active.length) break;
    const floors = new Map(active.map((p) => [p.index, p.best.floor]));
    const asks = active.map(ask);
    const asked = (
      await sql<Asked>`with ${sql.join(asks.map((a) => a.cte))} ${sql.join(
        asks.map((a) => a.select),
        sql` union all `,
      )}`.execute(db)
    ).rows;
    const unread = [...new Set(asked.map((a) => a.id))].filter((id) => !people.has(id));
    if (unread.length) {
      const found = await peopleByIds(db, unread);
      const pr = await priorities(db, found, ctx.today);
      for (const row of found) {
        people.set(row.id, toMatchPerson(row, pr.cards, pr.zero));
        personRows.set(row.id, row);
      }
      for (const id of unread) if (!people.has(id)) people.set(id, null);
    }
    const byPlan = new Map<number, Asked[]>();
    for (const a of asked) byPlan.set(a.vi, [...(byPlan.get(a.vi) ?? []), a]);
    for (const p of active) {
      const got = byPlan.get(p.index) ?? [];
      for (const a of got) {
        p.out.add(a.id);
        const person = people.get(a.id);
        if (!person || hardFilter(person, p.v, ctx.today)) continue;
        const m = scoreMatch(person, p.v, names);
        // no ranking without a reason of fit: priority alone is not a match
        if (m.score <= 0) continue;
        p.best.add({ ...m, key: `${a.py}\u0000${a.id}`, person: personRows.get(a.id)! });
      }
      const last = got[got.length - 1];
      const kth: Fit | undefined = p.best.items.length >= p.k ? p.best.items[p.k - 1] : undefined;
      // the last one asked sorts after the list's last place even at their bounds: so does everyone after
      const beyond =
        !!last &&
        !!kth &&
        byFit<Fit>({ score: last.ub, priority: last.pb, key: `${last.py}\u0000${last.id}` }, kth) > 0;
      // a first ask read only bounds reaching `g`: the rest of the tier is worse only if the list's last
      // place scores `g` or more
      const rest = !p.guess || !last || last.g <= floors.get(p.index)! || (!!kth && kth.score >= last.g);
      if (beyond || (got.length < p.cap && rest)) nextTier(p);
      else {
        if (!p.guess) p.cap *= 4;
        p.guess = false;
      }
    }
  }
  return plans.map((p) => ({
    vacancyId: p.v.id,
    title: p.title,
    items: p.best.items.map((x) => ({
      residentId: x.person.id,
      name: x.person.name,
      score: x.score,
      reasons: x.reasons,
    })),
  }));
}
