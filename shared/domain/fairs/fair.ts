// Job fairs (招聘会, issue 10): who holds one, the dates a fair may carry, and the district's five figures of a
// fair — employers, positions, sign-ups, intents, hires. Pure rules shared by the station, the district
// (server/fairs/) and the desk.
import { addDays } from '../dates';

/** community: the community's own fair; street: every station of the street; district: every station. */
export const FAIR_SCOPES = ['community', 'street', 'district'] as const;
export type FairScope = (typeof FAIR_SCOPES)[number];

/** The recommendation statuses that mean the intent ended in a hire (a later departure still was one). */
export const HIRED_STATUSES = ['hired', 'retained_3m', 'left'] as const;

/** The outcome channel a hire through a fair's intent writes into 就业结果. */
export const FAIR_CHANNEL = '招聘会';

/** Earliest fair date the books accept (the district's records start there). */
export const FAIR_EARLIEST = '2000-01-01';
/** How far ahead a fair may be announced. */
export const FAIR_AHEAD_DAYS = 366;
/** Sign-ups from paper lists may be entered up to this many days after the fair. */
export const SIGNUP_LATE_DAYS = 30;

export interface FairSummary {
  employers: number;
  positions: number;
  signUps: number;
  intents: number;
  hired: number;
}

/** Why a fair's date is refused (as of `today`), or null. */
export function fairDateProblem(date: string, today: string): string | null {
  if (date < FAIR_EARLIEST) return `举办日期不能早于 ${FAIR_EARLIEST}`;
  if (date > addDays(today, FAIR_AHEAD_DAYS)) return '举办日期不能晚于一年以后';
  return null;
}

/** Why a sign-up on `today` is refused for a fair held on `fairDate`, or null. */
export function signUpDateProblem(fairDate: string, today: string): string | null {
  if (today > addDays(fairDate, SIGNUP_LATE_DAYS))
    return `招聘会已于 ${fairDate} 举办，报名只能在会后 ${SIGNUP_LATE_DAYS} 天内补录`;
  return null;
}

/** Why an intent reached on `date` is refused for a fair held on `fairDate` (as of `today`), or null. */
export function intentDateProblem(fairDate: string, date: string, today: string): string | null {
  if (date > today) return '达成意向的日期不能晚于今天';
  if (date < fairDate) return `招聘会 ${fairDate} 才举办，意向日期不能早于举办日期`;
  if (date > addDays(fairDate, SIGNUP_LATE_DAYS))
    return `意向只能在招聘会后 ${SIGNUP_LATE_DAYS} 天内登记（招聘会于 ${fairDate} 举办）`;
  return null;
}

/** An employer's entry at a fair as the figures read it: its vacancies and positions, each vacancy's when
 * recorded (entries written before station migration 0023 hold the total only). */
export interface FairEntryPositions {
  employerId: string;
  positions: number;
  vacancyIds?: readonly string[];
  vacancyPositions?: Readonly<Record<string, number>> | null;
}

/**
 * Adds up the employers at a fair: distinct employers, and the positions of each vacancy brought — once,
 * however many entries name it (two communities of a street bringing the same board employer with
 * overlapping vacancies, the same employer added again). Each vacancy counts the positions recorded when it
 * was brought; two entries that recorded different numbers for it (its positions changed in between) count
 * the larger. An entry with its total only (written before each vacancy's were recorded) adds its total
 * unless every vacancy of it is counted already — by an entry with each vacancy's positions, or by a larger
 * entry of the same employer.
 */
export function employerFigures(
  entries: readonly FairEntryPositions[],
): Pick<FairSummary, 'employers' | 'positions'> {
  const each = new Map<string, number>();
  for (const e of entries)
    for (const [id, n] of Object.entries(e.vacancyPositions ?? {}))
      each.set(id, Math.max(each.get(id) ?? 0, n));
  let positions = [...each.values()].reduce((a, b) => a + b, 0);
  const totalsOnly = new Map<string, Array<{ ids: Set<string>; positions: number }>>();
  for (const e of entries) {
    if (e.vacancyPositions) continue;
    const list = totalsOnly.get(e.employerId) ?? [];
    list.push({ ids: new Set(e.vacancyIds ?? []), positions: e.positions });
    totalsOnly.set(e.employerId, list);
  }
  for (const list of totalsOnly.values()) {
    // larger entries first, so a duplicate or a subset finds the entry that covers it
    const sorted = [...list].sort((a, b) => b.ids.size - a.ids.size || b.positions - a.positions);
    const counted: Array<Set<string>> = [];
    for (const entry of sorted) {
      const covered =
        entry.ids.size > 0 && [...entry.ids].every((id) => each.has(id) || counted.some((c) => c.has(id)));
      if (covered) continue;
      counted.push(entry.ids);
      positions += entry.positions;
    }
  }
  return { employers: new Set(entries.map((e) => e.employerId)).size, positions };
}

/**
 * An entry after bringing `vacancies` to it (a new entry when `before` is null): the vacancies not listed
 * yet join it with their positions, in all and each vacancy's.
 */
export function bringVacancies(
  before: {
    vacancyIds: readonly string[];
    positions: number;
    vacancyPositions: Record<string, number> | null;
  } | null,
  vacancies: ReadonlyArray<{ id: string; positions: number }>,
): { vacancyIds: string[]; positions: number; vacancyPositions: Record<string, number> | null } {
  const listed = before?.vacancyIds ?? [];
  const added = vacancies.filter((v) => !listed.includes(v.id));
  return {
    vacancyIds: [...listed, ...added.map((v) => v.id)],
    positions: (before?.positions ?? 0) + added.reduce((n, v) => n + v.positions, 0),
    // an entry holding its total only stays so: its earlier vacancies' positions are not known one by one
    vacancyPositions:
      before && !before.vacancyPositions
        ? null
        : { ...before?.vacancyPositions, ...Object.fromEntries(added.map((v) => [v.id, v.positions])) },
  };
}
