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

/**
 * Adds up the employers at a fair: distinct employers, and the positions each entry brought — each vacancy
 * once. At a street or district fair two communities may bring the same (board) employer with the same
 * vacancies: an entry whose vacancies are all already brought by another entry of the same employer adds no
 * positions (the larger entry counts). Entries of one employer with partly overlapping vacancies are added up.
 */
export function employerFigures(
  entries: ReadonlyArray<{ employerId: string; positions: number; vacancyIds?: readonly string[] }>,
): Pick<FairSummary, 'employers' | 'positions'> {
  const byEmployer = new Map<string, Array<{ ids: Set<string>; positions: number }>>();
  for (const e of entries) {
    const list = byEmployer.get(e.employerId) ?? [];
    list.push({ ids: new Set(e.vacancyIds ?? []), positions: e.positions });
    byEmployer.set(e.employerId, list);
  }
  let positions = 0;
  for (const list of byEmployer.values()) {
    // larger entries first, so a duplicate or a subset finds the entry that covers it
    const sorted = [...list].sort((a, b) => b.ids.size - a.ids.size || b.positions - a.positions);
    const counted: Array<Set<string>> = [];
    for (const entry of sorted) {
      const covered = entry.ids.size > 0 && counted.some((c) => [...entry.ids].every((id) => c.has(id)));
      if (covered) continue;
      counted.push(entry.ids);
      positions += entry.positions;
    }
  }
  return { employers: byEmployer.size, positions };
}
