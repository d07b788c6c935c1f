// Plausibility is validity. Two kinds: a value that cannot be true (a date after today: unemployed since
// 2031, confirmed tomorrow) is a hard error the station refuses; a value that is unusual but possible
// (a 96-year-old in the working-age book, ¥9,999,999 a month for one household, 25 people in it) is a
// warning the assistant confirms before the desk saves. The thresholds are parameters, not code.
import { DEFAULT_WORKING_AGE, isWorkingAge, type WorkingAgeRule } from './household';

export interface PlausibilityParams {
  workingAge: WorkingAgeRule;
  /** household income per head and month, yuan, above which the desk asks */
  maxIncomePerHead: number;
  /** household size above which the desk asks */
  maxHouseholdSize: number;
  /** monthly wage of a vacancy, yuan: below the lower or above the upper figure the desk asks */
  minMonthlyWage: number;
  maxMonthlyWage: number;
}

export const DEFAULT_PLAUSIBILITY: PlausibilityParams = {
  workingAge: DEFAULT_WORKING_AGE,
  maxIncomePerHead: 30_000,
  maxHouseholdSize: 12,
  // 浙江省一类地区最低工资标准 2,490 元/月 (2025); a wage under it is a typing slip or part-time work
  minMonthlyWage: 2_490,
  maxMonthlyWage: 100_000,
};

export interface Problem {
  path: string;
  /** Chinese words for the station's answer; the desk shows its own catalogue text by `kind` */
  message: string;
  kind: string;
  params?: Record<string, string | number>;
}

interface SectionsLike {
  unemployment?: { since?: string | undefined; confirmedAt?: string } | null | undefined;
  outcome?: { date?: string | undefined; confirmedAt?: string } | null | undefined;
  [k: string]: unknown;
}

const SECTIONS = ['unemployment', 'skills', 'training', 'preferences', 'income', 'outcome'] as const;

/** Dates that cannot be true as of `today`: the station refuses the write with these. */
export function impossibleResidentDates(input: SectionsLike, today: string): Problem[] {
  const out: Problem[] = [];
  const since = input.unemployment?.since;
  if (since && since > today)
    out.push({
      path: 'unemployment.since',
      kind: 'futureSince',
      message: `失业时间 ${since} 晚于今天，请核对`,
      params: { date: since },
    });
  const placed = input.outcome?.date;
  if (placed && placed > today)
    out.push({
      path: 'outcome.date',
      kind: 'futureDate',
      message: `就业日期 ${placed} 晚于今天，请核对`,
      params: { date: placed },
    });
  for (const k of SECTIONS) {
    const s = input[k] as { confirmedAt?: string } | null | undefined;
    if (s?.confirmedAt && s.confirmedAt > today)
      out.push({
        path: `${k}.confirmedAt`,
        kind: 'futureDate',
        message: `确认日期 ${s.confirmedAt} 晚于今天，请核对`,
        params: { date: s.confirmedAt },
      });
  }
  return out;
}

/** A vacancy cannot be listed as open (招聘中) once its validity has ended. */
export function impossibleVacancy(
  v: { status?: string | undefined; validTo?: string | undefined },
  today: string,
): Problem[] {
  if (v.status === 'open' && v.validTo && v.validTo < today)
    return [
      {
        path: 'validTo',
        kind: 'vacancyEnded',
        message: `有效期已于 ${v.validTo} 结束，不能设为招聘中：请延长有效期或改为已结束`,
        params: { date: v.validTo },
      },
    ];
  return [];
}

/** Unusual but possible: the desk asks the assistant to confirm before saving. */
export function residentWarnings(
  r: {
    age?: number | undefined;
    sex?: 'M' | 'F' | undefined;
    householdSize?: number | undefined;
    monthlyIncome?: number | undefined;
  },
  p: PlausibilityParams = DEFAULT_PLAUSIBILITY,
): Problem[] {
  const out: Problem[] = [];
  if (r.age !== undefined && r.sex && !isWorkingAge(r.age, r.sex, p.workingAge)) {
    const max = r.sex === 'M' ? p.workingAge.maxMale : p.workingAge.maxFemale;
    out.push({
      path: 'idNumber',
      kind: 'outsideWorkingAge',
      message: `年龄 ${r.age} 岁，不在劳动年龄 ${p.workingAge.min}–${max} 岁之内`,
      params: { age: r.age, min: p.workingAge.min, max },
    });
  }
  if (r.householdSize !== undefined && r.householdSize > p.maxHouseholdSize)
    out.push({
      path: 'income.householdSize',
      kind: 'largeHousehold',
      message: `家庭人口 ${r.householdSize} 人，超过 ${p.maxHouseholdSize} 人`,
      params: { n: r.householdSize, max: p.maxHouseholdSize },
    });
  if (r.monthlyIncome !== undefined && r.householdSize && r.householdSize > 0) {
    const perHead = r.monthlyIncome / r.householdSize;
    if (perHead > p.maxIncomePerHead)
      out.push({
        path: 'income.monthlyIncome',
        kind: 'highIncome',
        message: `人均月收入 ${Math.round(perHead)} 元，超过 ${p.maxIncomePerHead} 元`,
        params: { perHead: Math.round(perHead), max: p.maxIncomePerHead },
      });
  }
  return out;
}

export function vacancyWarnings(
  v: { wageMin?: number | null | undefined; wageMax?: number | null | undefined },
  p: PlausibilityParams = DEFAULT_PLAUSIBILITY,
): Problem[] {
  const out: Problem[] = [];
  if (v.wageMin != null && v.wageMin < p.minMonthlyWage)
    out.push({
      path: 'wageMin',
      kind: 'lowWage',
      message: `最低工资 ${v.wageMin} 元低于最低工资标准 ${p.minMonthlyWage} 元`,
      params: { wage: v.wageMin, min: p.minMonthlyWage },
    });
  if (v.wageMax != null && v.wageMax > p.maxMonthlyWage)
    out.push({
      path: 'wageMax',
      kind: 'highWage',
      message: `最高工资 ${v.wageMax} 元超过 ${p.maxMonthlyWage} 元`,
      params: { wage: v.wageMax, max: p.maxMonthlyWage },
    });
  return out;
}
