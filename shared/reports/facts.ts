// What a report needs to know about one synced row, as plain columns. The district keeps these in its
// report tables (migration 0006), written in the same transaction as the synced row; the station computes
// the same columns on the fly from its own tables (nodelib/reports/stationSource.ts). The fixed-data test
// in tests/reports holds both to the same hand-counted figures.
import { evaluateSixClears, type SixClears } from '../domain/sixClears';

export interface ReportResidentRow {
  id: string;
  community_code: string;
  name: string;
  id_number: string;
  birth_date: string;
  sex: string;
  household_id: string | null;
  clears_missing: number;
  clears_oldest_at: string | null;
  unemployed: number;
  unemployed_registered: number;
  unemployed_since: string | null;
  unemployment_confirmed_at: string | null;
  /** Date of a recorded outcome other than "not yet" (placed, self-employed, flexible, public welfare). */
  placed_on: string | null;
  landless_farmer: number;
  disability: number;
  subsistence: string;
  income_subsistence: string | null;
  veteran: number;
  single_parent: number;
  released_or_rehab: number;
  graduate_year: number | null;
  /**
   * The earliest issue date of the resident's valid cards (null: none): "holds a valid card on d" is
   * `card_from <= d`. A fact of the resident's cards, not of its row: residentFacts leaves it null and the
   * district fills it from its card table (server/reports/projection.ts); the station reads it from `cards`.
   */
  card_from: string | null;
  /**
   * The date the person left the book (moved away, retired, deceased, past working age; issue 15): from it
   * they no longer count of working age. Null while in the book.
   */
  left_on: string | null;
}
export interface ReportCardRow {
  id: string;
  community_code: string;
  resident_id: string;
  status: string;
  issued_on: string;
}
export interface ReportVacancyRow {
  id: string;
  community_code: string;
  employer_id: string;
  title: string;
  positions: number;
  /** A vacancy counts as collected in the period its validity starts (creation time does not sync). */
  valid_from: string;
}
export interface ReportRecommendationRow {
  id: string;
  community_code: string;
  resident_id: string;
  vacancy_title: string;
  employer_name: string;
  status: string;
  recommended_on: string;
  hired_on: string | null;
}
export interface ReportVisitRow {
  id: string;
  community_code: string;
  employer_id: string;
  date: string;
  visitors: string;
}
export interface ReportDB {
  report_residents: ReportResidentRow;
  report_cards: ReportCardRow;
  report_vacancies: ReportVacancyRow;
  report_recommendations: ReportRecommendationRow;
  report_visits: ReportVisitRow;
}

export const REPORT_ENTITIES = [
  'residents',
  'cards',
  'vacancies',
  'recommendations',
  'employer_visits',
] as const;
export type ReportEntity = (typeof REPORT_ENTITIES)[number];

function section(v: unknown): Record<string, unknown> | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string') {
    try {
      const parsed: unknown = JSON.parse(v);
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return typeof v === 'object' ? (v as Record<string, unknown>) : null;
}
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const flag = (v: unknown): number => (v === 1 || v === true || v === '1' ? 1 : 0);

/**
 * What a report reads of a resident's six clears, as plain columns: at the district in the report table,
 * at the station as derived columns of `residents` (kept by deriveResidentColumns on every write and every
 * synced row, like clears_missing). One definition for both.
 */
export interface ClearsFacts {
  unemployed: number;
  unemployed_registered: number;
  unemployed_since: string | null;
  unemployment_confirmed_at: string | null;
  placed_on: string | null;
  income_subsistence: string | null;
}

export function clearsFacts(clears: {
  unemployment?: unknown;
  outcome?: unknown;
  income?: unknown;
}): ClearsFacts {
  const u = section(clears.unemployment);
  const o = section(clears.outcome);
  const inc = section(clears.income);
  const outcome = str(o?.result);
  return {
    unemployed: u?.status === 'unemployed' ? 1 : 0,
    unemployed_registered: u?.status === 'unemployed' && u.registered === true ? 1 : 0,
    unemployed_since: str(u?.since),
    unemployment_confirmed_at: str(u?.confirmedAt),
    placed_on: outcome && outcome !== 'not_yet' ? str(o?.date) : null,
    income_subsistence: str(inc?.subsistence),
  };
}

/** The report columns of a resident from its synced fields (the station's column names and values). */
export function residentFacts(id: string, community: string, f: Record<string, unknown>): ReportResidentRow {
  const clears: SixClears = {
    unemployment: section(f.clear_unemployment) as never,
    skills: section(f.clear_skills) as never,
    training: section(f.clear_training) as never,
    preferences: section(f.clear_preferences) as never,
    income: section(f.clear_income) as never,
    outcome: section(f.clear_outcome) as never,
  };
  // the staleness of the summary is decided by the report's own date, so any date serves here
  const state = evaluateSixClears(clears, '2000-01-01', 1e9);
  return {
    id,
    community_code: community,
    name: str(f.name) ?? '',
    id_number: str(f.id_number) ?? '',
    birth_date: str(f.birth_date) ?? '',
    sex: str(f.sex) ?? '',
    household_id: str(f.household_id),
    clears_missing: state.missing.length,
    clears_oldest_at: state.oldestConfirmedAt,
    ...clearsFacts({
      unemployment: f.clear_unemployment,
      outcome: f.clear_outcome,
      income: f.clear_income,
    }),
    landless_farmer: flag(f.landless_farmer),
    disability: str(f.disability) || (f.disability && typeof f.disability === 'object') ? 1 : 0,
    subsistence: str(f.subsistence) ?? 'none',
    veteran: flag(f.veteran),
    single_parent: flag(f.single_parent),
    released_or_rehab: flag(f.released_or_rehab),
    graduate_year: typeof f.graduate_year === 'number' ? f.graduate_year : null,
    card_from: null,
    left_on: str(section(f.lifecycle)?.date),
  };
}

export function cardFacts(id: string, community: string, f: Record<string, unknown>): ReportCardRow {
  return {
    id,
    community_code: community,
    resident_id: str(f.resident_id) ?? '',
    status: str(f.status) ?? '',
    issued_on: str(f.issued_on) ?? '',
  };
}

export function vacancyFacts(id: string, community: string, f: Record<string, unknown>): ReportVacancyRow {
  return {
    id,
    community_code: community,
    employer_id: str(f.employer_id) ?? '',
    title: str(f.title) ?? '',
    positions: typeof f.positions === 'number' ? f.positions : 0,
    valid_from: str(f.valid_from) ?? '',
  };
}

export function recommendationFacts(
  id: string,
  community: string,
  f: Record<string, unknown>,
): ReportRecommendationRow {
  return {
    id,
    community_code: community,
    resident_id: str(f.resident_id) ?? '',
    vacancy_title: str(f.vacancy_title) ?? '',
    employer_name: str(f.employer_name) ?? '',
    status: str(f.status) ?? '',
    recommended_on: str(f.recommended_on) ?? '',
    hired_on: str(f.hired_on),
  };
}

export function visitFacts(id: string, community: string, f: Record<string, unknown>): ReportVisitRow {
  return {
    id,
    community_code: community,
    employer_id: str(f.employer_id) ?? '',
    date: str(f.date) ?? '',
    visitors: str(f.visitors) ?? '',
  };
}
