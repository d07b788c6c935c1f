// Calendar dates travel as ISO strings (YYYY-MM-DD); instants as ISO timestamps. Pure helpers, no time zone
// guessing: a "date" is what the assistant wrote on the survey sheet.
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isRealDate(iso: string): boolean {
  if (!ISO_DATE.test(iso)) return false;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Days from `a` to `b` (both YYYY-MM-DD or ISO timestamps; only the date part counts). */
export function daysBetween(a: string, b: string): number {
  const da = Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10));
  const db = Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10));
  return Math.round((db - da) / 86_400_000);
}

export function addDays(iso: string, days: number): string {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Today's date in China Standard Time (UTC+8, no DST), whatever the PC's zone. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Whole years from `birthDate` to `onDate` (one rule for the whole app: see the ID-number validator). */
export { ageOn } from '../validators/idNumber';
