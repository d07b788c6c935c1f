// The tiers of a vacancy's candidates and each person's bound of the score, built once for both searches of
// people: matching.candidates (station/matching/match.ts) asks them of the match index in SQL, the fair's
// candidate list (station/fairs/candidates.ts) of the people book held in memory (peopleBook.ts). One
// description of each part — its points and what earns them — read two ways: as SQL over match_wishes `w`
// and match_people `m` (migration 0016), and as a JavaScript function over a person of the book. Each part is
// as large as shared/domain/matching.ts's score can give (here: equal), so a bound is never below the score:
// tests/matching/exhaustive.test.ts checks the SQL against scoring everyone, tests/fairs/candidates.test.ts
// the book's against the SQL.
import { sql, type RawBuilder } from 'kysely';
import { contains, freeTextFits, PART_TIME_WORDS, type MatchVacancy } from '../../shared/domain/matching';
import { occupationAt, occupationLevel } from '../../shared/domain/vocabulary';
import type { Names } from './match';

type Sql = RawBuilder<unknown>;
export type WishKind = 'o' | 'i' | 't' | 's';

/** A tier of the occupation's fit: wishes of `kind` equal to one of `codes` or under one of `under`. */
export interface Tier {
  points: number;
  kind: WishKind;
  codes: string[];
  under: string[];
  /** The tier as a condition on match_wishes `w`. */
  where: Sql;
}

/** What the rest of the bound reads of a person (a row of match_people and the person's wishes). */
export interface BoundPerson {
  wage: number | null;
  hours: string | null;
  area: string | null;
  /** The person's wishes of a kind: industry codes ('i'), skill and certificate names ('s'). */
  has(kind: WishKind, codes: readonly string[]): boolean;
}

export interface Bound {
  tiers: Tier[];
  /** The most the rest (industry, wage, area, hours, skills) can add. */
  restMax: number;
  /** The rest of the bound as SQL over match_people `m`. */
  rest: Sql;
  /** The rest of the bound of one person of the people book. */
  restOf(p: BoundPerson): number;
  industry: string | null;
  sameSection: string[];
  skills: string[];
}

/** A short list of values for SQL's `in` (each a parameter, so the planner sees the codes). */
export const inList = (values: readonly string[]) => sql`(${sql.join(values.length ? values : [null])})`;

/** SQLite's trim(x): spaces only. */
export const sqlTrim = (s: string) => s.replace(/^ +| +$/g, '');
/** SQLite's length(x) of text: characters. */
const chars = (s: string) => [...s].length;

/** Whether a code is under `at` in the code tree (`at-…`): SQL's `code > 'at-' and code < 'at.'`. */
const under = (code: string, at: string) => code.length > at.length + 1 && code.startsWith(`${at}-`);

/** Whether a tier takes a wish of `kind` and `code`. */
export const inTier = (t: Tier, kind: WishKind, code: string) =>
  t.kind === kind && (t.codes.includes(code) || t.under.some((at) => under(code, at)));

function tier(points: number, kind: WishKind, codes: string[], unders: string[]): Tier {
  const parts = [
    ...(codes.length === 1
      ? [sql`w.code = ${codes[0]}`]
      : codes.length
        ? [sql`w.code in ${inList(codes)}`]
        : []),
    ...unders.map((at) => sql`(w.code > ${`${at}-`} and w.code < ${`${at}.`})`),
  ];
  return {
    points,
    kind,
    codes,
    under: unders,
    where: sql`w.kind = ${kind} and (${sql.join(parts.length ? parts : [sql`0`], sql` or `)})`,
  };
}

/**
 * The vacancy's tiers and bound. `words`: the skills and free-text wishes on record (each once), and — when
 * known — the wished areas of people looking for work: the area's 10 points count in `restMax` only if one of
 * them could meet the vacancy's place.
 */
export function scoreBound(
  v: MatchVacancy,
  names: Names,
  words: { skills: readonly string[]; texts: readonly string[]; areas?: readonly string[] },
): Bound {
  const occName = v.occupationCode ? names.occupation(v.occupationCode) : undefined;
  const wanted = `${v.title} ${v.requirements ?? ''} ${v.occupation ?? ''} ${occName ?? ''}`;
  const skills = words.skills.filter((w) => contains(wanted, w));
  const partTime = PART_TIME_WORDS.some((w) => `${v.title} ${v.requirements ?? ''}`.includes(w));
  const hasRange = v.wageMin !== null || v.wageMax !== null;
  const places = [v.streetName, v.communityName].filter((x): x is string => !!x && x.trim().length > 0);
  // the area condition below, of one wished area (trimmed as SQLite trims)
  const areaMeets = (raw: string) => {
    const a = sqlTrim(raw);
    return (
      chars(a) >= 2 &&
      (places.some((x) => (x.trim().length >= 2 && raw.includes(x.trim())) || x.includes(a)) ||
        !!v.employerAddress?.includes(a))
    );
  };
  const hasPlace = words.areas ? words.areas.some(areaMeets) : places.length > 0 || !!v.employerAddress;
  const industry = v.industryCode;
  const section = industry ? names.industrySection(industry) : null;
  const sameSection = section
    ? names.industryCodes().filter((c) => c !== industry && names.industrySection(c) === section)
    : [];
  const hoursFull = partTime ? 0 : 5;
  const hoursPart = partTime ? 5 : 0;

  // a long list of codes: the person's few wishes of the kind are read instead of one look-up per code
  const has = (kind: WishKind, codes: string[]) =>
    sql`exists (select 1 from match_wishes x where x.kind = ${kind} and ${codes.length > 3 ? sql`+x.code` : sql`x.code`}
      in ${inList(codes)} and x.resident_id = m.resident_id)`;
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
    (industry ? 10 : 0) + (hasRange ? 15 : 0) + (hasPlace ? 10 : 0) + 5 + (skills.length ? 10 : 0);
  const rest = sql`(${
    industry
      ? sql`(case when ${has('i', [industry])} then 10 ${sameSection.length ? sql`when ${has('i', sameSection)} then 5` : sql``} else 0 end)`
      : sql`0`
  }
    + ${hasRange ? sql`(case when m.wage is not null ${v.wageMax !== null ? sql`and m.wage <= ${v.wageMax}` : sql``} then 15 else 0 end)` : sql`0`}
    + ${hasPlace ? sql`(case when ${area} then 10 else 0 end)` : sql`0`}
    + (case when m.hours = 'full_time' then ${hoursFull} when m.hours in ('part_time', 'flexible') then ${hoursPart} else 0 end)
    + ${skills.length ? sql`(case when ${has('s', skills)} then 10 else 0 end)` : sql`0`})`;
  const restOf = (p: BoundPerson) =>
    (industry ? (p.has('i', [industry]) ? 10 : sameSection.length && p.has('i', sameSection) ? 5 : 0) : 0) +
    (hasRange && p.wage !== null && (v.wageMax === null || p.wage <= v.wageMax) ? 15 : 0) +
    (hasPlace && p.area !== null && areaMeets(p.area) ? 10 : 0) +
    (p.hours === 'full_time'
      ? hoursFull
      : p.hours === 'part_time' || p.hours === 'flexible'
        ? hoursPart
        : 0) +
    (skills.length && p.has('s', skills) ? 10 : 0);

  // tiers of the occupation's fit, best first: the same code, one under it or a coarser wish above it (40;
  // occupationFit gives all three 4), then the same 小类, 中类, 大类; free text naming the job (20); the
  // industry alone (0)
  const tiers: Tier[] = [];
  const code = v.occupationCode;
  if (code) {
    const level = occupationLevel(code);
    const above = [1, 2, 3].filter((l) => l < level).map((l) => occupationAt(code, l));
    tiers.push(tier(40, 'o', [code, ...above], [code]));
    for (const l of [3, 2, 1].filter((x) => x < level))
      tiers.push(tier(l * 10, 'o', [], [occupationAt(code, l)]));
  }
  const texts = words.texts.filter((w) => freeTextFits(w, v, names));
  if (texts.length) tiers.push(tier(20, 't', texts, []));
  if (industry) tiers.push(tier(0, 'i', [industry, ...sameSection], []));
  tiers.sort((a, b) => b.points - a.points);
  return { tiers, restMax, rest, restOf, industry, sameSection, skills };
}
