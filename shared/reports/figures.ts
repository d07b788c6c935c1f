// The figures the district assesses streets and communities on (定期通报), defined once for the station's
// 报表 page and the district console. This file is the pure half: which figures exist, their units, how a
// period is named and how community rows roll up to streets and the district. The SQL that counts them is
// nodelib/reports/, run on the station's SQLite and the district's SQLite or PostgreSQL alike.
import { addDays, isRealDate } from '../domain/dates';

export const FIGURE_KEYS = [
  'workingAge',
  'sixClearComplete',
  'sixClearStale',
  'registeredUnemployed',
  'zeroFound',
  'zeroCleared',
  'cardsIssued',
  'eligible',
  'eligibleWithCard',
  'vacancies',
  'vacancyPositions',
  'employerVisits',
  'recommendations',
  'placements',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export type Figures = Record<FigureKey, number>;

/** Rates shown beside the counts, each a share of another figure. */
export const RATE_KEYS = ['sixClearCompleteRate', 'sixClearStaleRate', 'cardCoverage'] as const;
export type RateKey = (typeof RATE_KEYS)[number];
export const RATES: Record<RateKey, { num: FigureKey; den: FigureKey }> = {
  sixClearCompleteRate: { num: 'sixClearComplete', den: 'workingAge' },
  sixClearStaleRate: { num: 'sixClearStale', den: 'workingAge' },
  cardCoverage: { num: 'eligibleWithCard', den: 'eligible' },
};

/** Figures that are lists of people (drill-down shows residents) vs of records. */
export const PERSON_FIGURES: readonly FigureKey[] = [
  'workingAge',
  'sixClearComplete',
  'sixClearStale',
  'registeredUnemployed',
  'eligible',
  'eligibleWithCard',
];

export const emptyFigures = (): Figures => Object.fromEntries(FIGURE_KEYS.map((k) => [k, 0])) as Figures;

export function addFigures(into: Figures, add: Figures): Figures {
  for (const k of FIGURE_KEYS) into[k] += add[k];
  return into;
}

/** A share in percent with one decimal, or null when the base is zero (shown as "—", never 0%). */
export function rate(f: Figures, key: RateKey): number | null {
  const { num, den } = RATES[key];
  if (f[den] === 0) return null;
  return Math.round((f[num] / f[den]) * 1000) / 10;
}

export interface Period {
  from: string;
  to: string;
}
export type PeriodKind = 'month' | 'quarter' | 'year' | 'dates';

/** The period a person picks: a month (2026-03), a quarter (2026-Q1), a year (2026) or two dates. */
export function periodOf(kind: PeriodKind, value: string, to?: string): Period {
  if (kind === 'year' && /^\d{4}$/.test(value)) return { from: `${value}-01-01`, to: `${value}-12-31` };
  if (kind === 'quarter') {
    const m = /^(\d{4})-Q([1-4])$/.exec(value);
    if (m) {
      const q = Number(m[2]);
      const start = `${m[1]}-${String(q * 3 - 2).padStart(2, '0')}-01`;
      const next = q === 4 ? `${Number(m[1]) + 1}-01-01` : `${m[1]}-${String(q * 3 + 1).padStart(2, '0')}-01`;
      return { from: start, to: addDays(next, -1) };
    }
  }
  if (kind === 'month' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
    const [y, mo] = value.split('-').map(Number) as [number, number];
    const next = mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
    return { from: `${value}-01`, to: addDays(next, -1) };
  }
  if (kind === 'dates' && to && isRealDate(value) && isRealDate(to) && value <= to)
    return { from: value, to };
  throw new RangeError(`报表期间不正确：${kind} ${value}${to ? ` ~ ${to}` : ''}`);
}

/** The six clears count as current when confirmed within this many days of the period's end (district rule). */
export const REPORT_STALE_AFTER_DAYS = 180;

export interface CommunityRef {
  code: string;
  name: string;
  streetCode: string;
}
export interface StreetRef {
  code: string;
  name: string;
}
export interface ReportRow {
  level: 'district' | 'street' | 'community';
  code: string;
  name: string;
  figures: Figures;
}

/**
 * Rolls community figures up: one row per street (with its communities in `children`) and the total.
 * Communities without any data still appear, with zeros: a 通报 lists every unit.
 */
export function rollUp(
  byCommunity: ReadonlyMap<string, Figures>,
  communities: readonly CommunityRef[],
  streets: readonly StreetRef[],
): { total: Figures; streets: Array<ReportRow & { children: ReportRow[] }> } {
  const total = emptyFigures();
  const out: Array<ReportRow & { children: ReportRow[] }> = [];
  for (const s of streets) {
    const children: ReportRow[] = [];
    const sf = emptyFigures();
    for (const c of communities.filter((x) => x.streetCode === s.code)) {
      const f = byCommunity.get(c.code) ?? emptyFigures();
      children.push({ level: 'community', code: c.code, name: c.name, figures: f });
      addFigures(sf, f);
    }
    if (children.length === 0) continue;
    addFigures(total, sf);
    out.push({ level: 'street', code: s.code, name: s.name, figures: sf, children });
  }
  return { total, streets: out };
}
