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
// The fair's candidate list in one pass over all its vacancies (issue 10: p95 < 300 ms at 100,000 residents).
// What it computes is exactly what station/matching/match.ts `candidates` gives for each vacancy on its own —
// each vacancy's best `perVacancy` people by shared/domain/matching.ts (hard filters, score, reasons, order
// at equal score), leaving out people already signed up — and tests/fairs/candidates.test.ts compares the two
// item for item. Both take a vacancy's tiers and each person's bound of the score from one builder
// (station/matching/bound.ts); what differs is where the people come from. `candidates` asks the match index
// in SQL, which for a fair meant a seek into match_people for every wish of every vacancy's best tier (the
// bench's fairs: ~4,000 a vacancy, 16 vacancies, 0.3–0.6 s of SQL at load 5 and seconds under more). Here:
//   - the people looking for work are held in memory (station/matching/peopleBook.ts, kept fresh by TEMP
//     triggers as the vacancies' book is): a tier is a few map look-ups and each bound a function call;
//   - each tier's people are put in the order of the final list — bound, then a bound of the priority (a
//     valid card; a household at all), then pinyin and id — so a vacancy stops at the first person who could
//     not enter its list even at their bound, and a tier is skipped when its points plus the most the rest
//     can add cannot reach the list;
//   - people are read whole and scored a round at a time for all vacancies together, each person once
//     however many jobs of the fair they fit.
import {
  hardFilter,
  scoreMatch,
  vacancyClosed,
  type MatchPerson,
  type MatchVacancy,
} from '../../shared/domain/matching';
import { sql } from 'kysely';
import type { Executor } from '../db/schema';
import {
  Best,
  birthRange,
  codeNames,
  indexWords,
  inJson,
  peopleByIds,
  priorities,
  toMatchPerson,
  toMatchVacancy,
  type CandidateItem,
  type PersonRow,
} from '../matching/match';
import { inTier, scoreBound, sqlTrim, type Bound } from '../matching/bound';
import { peopleBook, type BookPerson, type PeopleBook } from '../matching/peopleBook';
import { allVacancies, type VacancyRowish } from '../matching/vacancyBook';

export interface VacancyCandidates {
  vacancyId: string;
  title: string;
  items: CandidateItem[];
}

type Scored = { score: number; priority: number; key: string; reasons: string[]; person: PersonRow };
/** A person of a tier with their bound, in the order of the final list. */
type Entry = { score: number; priority: number; key: string; p: BookPerson };

/** One vacancy's search: its tiers and bound, the current tier's people in order, and its list so far. */
interface Plan {
  v: MatchVacancy;
  title: string;
  bound: Bound;
  tier: number;
  queue: Queue;
  ages: { after?: string; upTo?: string };
  /** Read already, recommended to this vacancy already, or signed up for the fair: never taken again. */
  out: Set<string>;
  /** How many to take next round. */
  take: number;
  /** The tier ended this round: on to the next once this round's people are scored. */
  ended: boolean;
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

/** A tier's first take: the list and as many again (people tied at the last place are read in order). */
const firstTake = (k: number) => Math.max(2 * k, 16);

/** At equal bound: the bound of the priority, then pinyin and id (byFit's order). */
const byPlace = (x: BookPerson, y: BookPerson) => y.pb - x.pb || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);

/**
 * A tier's people by their bound, highest first; the people of one bound are put in the order of the final
 * list only when the search reaches them — most searches end within the first bound or two.
 */
class Queue {
  private readonly bounds: number[];
  private b = 0;
  private at = 0;
  private sorted = false;
  constructor(private readonly byBound: Map<number, BookPerson[]>) {
    this.bounds = [...byBound.keys()].sort((x, y) => y - x);
  }
  /** The next person in the order of the final list with their bound, or undefined when the tier is read. */
  peek(): Entry | undefined {
    for (; this.b < this.bounds.length; this.b++, this.at = 0, this.sorted = false) {
      const score = this.bounds[this.b]!;
      const people = this.byBound.get(score)!;
      if (!this.sorted) {
        people.sort(byPlace);
        this.sorted = true;
      }
      const p = people[this.at];
      if (p) return { score, priority: p.pb, key: p.key, p };
    }
    return undefined;
  }
  shift(): void {
    this.at += 1;
  }
}

const EMPTY = new Queue(new Map());
/** Marks a person met once in the tier being gathered (a person may wish several codes of one tier). */
let gathering = 0;

/** The tier's people not taken yet, of the vacancy's ages, whose bound reaches the list. */
function queueOf(book: PeopleBook, p: Plan): Queue {
  const t = p.bound.tiers[p.tier]!;
  const codes = book.byWish.get(t.kind);
  const { after, upTo } = p.ages;
  const floor = p.best.floor;
  const byBound = new Map<number, BookPerson[]>();
  const mark = ++gathering;
  if (codes)
    for (const [code, people] of t.under.length ? codes : t.codes.map((c) => [c, codes.get(c)] as const)) {
      if (!people || !inTier(t, t.kind, code)) continue;
      for (const x of people) {
        if (x.mark === mark) continue;
        x.mark = mark;
        if (p.out.has(x.id) || (after && x.birthDate <= after) || (upTo && x.birthDate > upTo)) continue;
        const score = t.points + p.bound.restOf(x);
        if (score < floor) continue;
        const same = byBound.get(score);
        if (same) same.push(x);
        else byBound.set(score, [x]);
      }
    }
  return new Queue(byBound);
}

/** On to the next tier that can still reach the list (tier === tiers.length: the vacancy is done). */
function nextTier(book: PeopleBook, p: Plan): void {
  p.take = firstTake(p.k);
  p.ended = false;
  p.queue = EMPTY;
  do p.tier += 1;
  while (p.tier < p.bound.tiers.length && p.bound.tiers[p.tier]!.points + p.bound.restMax < p.best.floor);
  if (p.tier < p.bound.tiers.length) p.queue = queueOf(book, p);
}

/** This round's people of one vacancy: the next of its tier that may still enter its list. */
function take(p: Plan): BookPerson[] {
  const got: BookPerson[] = [];
  while (got.length < p.take) {
    const e = p.queue.peek();
    if (!e || !p.best.mayEnter(e.score, e.priority, e.key)) {
      p.ended = true;
      break;
    }
    p.queue.shift();
    if (p.out.has(e.p.id)) continue;
    p.out.add(e.p.id);
    got.push(e.p);
  }
  p.take *= 4;
  return got;
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
  const book = await peopleBook(db);
  const plans = open.map((row): Plan => {
    // every candidate of a vacancy shares its community: the own-community point is for ranking jobs only
    const v = { ...toMatchVacancy(row, ctx.community), own: false };
    const p: Plan = {
      v,
      title: row.title,
      bound: scoreBound(v, names, words),
      tier: -1,
      queue: EMPTY,
      ages: birthRange(ctx.today, v.ageMin, v.ageMax),
      out: new Set([...input.exclude, ...(taken.get(row.id) ?? [])]),
      take: 0,
      ended: false,
      k: input.perVacancy,
      best: new Best<Scored>(input.perVacancy),
    };
    nextTier(book, p);
    return p;
  });

  // people read whole during this call, with their priority: each once, however many jobs they fit
  const people = new Map<string, { person: MatchPerson; row: PersonRow } | null>();
  for (;;) {
    const active = plans.filter((p) => p.tier < p.bound.tiers.length);
    if (!active.length) break;
    const asked = new Map(active.map((p) => [p, take(p)]));
    const unread = [...new Set([...asked.values()].flat().map((x) => x.id))].filter((id) => !people.has(id));
    if (unread.length) {
      const found = await peopleByIds(db, unread);
      const pr = await priorities(db, found, ctx.today);
      for (const row of found) people.set(row.id, { person: toMatchPerson(row, pr.cards, pr.zero), row });
      for (const id of unread) if (!people.has(id)) people.set(id, null);
    }
    for (const [p, got] of asked) {
      for (const x of got) {
        const read = people.get(x.id);
        if (!read || hardFilter(read.person, p.v, ctx.today)) continue;
        const m = scoreMatch(read.person, p.v, names);
        // no ranking without a reason of fit: priority alone is not a match
        if (m.score <= 0) continue;
        p.best.add({ ...m, key: `${read.row.name_pinyin}\u0000${x.id}`, person: read.row });
      }
      if (p.ended) nextTier(book, p);
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
