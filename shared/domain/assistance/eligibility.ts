// Which assistance categories a resident qualifies for on a date — pure rules over the resident's profile,
// the six clears' unemployment section and the household. Each category's thresholds come from its params
// (reference data), so "4050" vs "4555" or 12 vs 6 months is a data change, not a code change.
// The result is a suggestion: the assistant confirms it and the reason is kept with the card.
import { ageOn } from '../dates';
import type { AssistanceCategory, CategoryParams } from './categories';

export interface EligibilityResident {
  birthDate: string;
  sex: 'M' | 'F';
  landlessFarmer: boolean;
  disability: {
    level?: number | undefined;
    kind?: string | undefined;
    certificate?: string | undefined;
  } | null;
  subsistence: 'none' | 'dibao' | 'dibian';
  veteran: boolean;
  singleParent: boolean;
  releasedOrRehab: boolean;
  graduateYear: number | null;
  unemployment?: { status: 'employed' | 'flexible' | 'unemployed'; since?: string | undefined } | null;
  income?: { subsistence: 'none' | 'dibao' | 'dibian' } | null;
}

export interface EligibilityHousehold {
  zeroEmployment: boolean;
  subsistence: 'none' | 'dibao' | 'dibian';
}

export interface CategorySuggestion {
  code: string;
  name: string;
  version: number;
  reason: string;
}

const SUBSISTENCE_NAME = { dibao: '低保', dibian: '低边' } as const;
const SEX_NAME = { M: '男', F: '女' } as const;

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}
function daysInMonth(y: number, m: number): number {
  return [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** `iso` plus `months`, the day clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonthsClamped(iso: string, months: number): string {
  const y0 = +iso.slice(0, 4);
  const m0 = +iso.slice(5, 7);
  const d0 = +iso.slice(8, 10);
  const total = y0 * 12 + (m0 - 1) + months;
  const y = Math.floor(total / 12);
  const m = (total % 12) + 1;
  const d = Math.min(d0, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whole months from `from` to `to`; the month counts once its (clamped) day is reached. */
export function fullMonthsBetween(from: string, to: string): number {
  let months = (+to.slice(0, 4) - +from.slice(0, 4)) * 12 + (+to.slice(5, 7) - +from.slice(5, 7));
  if (months > 0 && to < addMonthsClamped(from, months)) months -= 1;
  return Math.max(0, months);
}

function isUnemployed(r: EligibilityResident): boolean {
  return r.unemployment?.status === 'unemployed';
}

/** The reason the rule holds, or null. Never throws on missing data: missing data means "not shown". */
function ruleReason(
  p: CategoryParams,
  r: EligibilityResident,
  h: EligibilityHousehold | null,
  asOf: string,
): string | null {
  switch (p.rule) {
    case 'age_unemployed': {
      const age = ageOn(r.birthDate, asOf);
      const min = r.sex === 'F' ? p.minAgeFemale : p.minAgeMale;
      const max = r.sex === 'F' ? p.maxAgeFemale : p.maxAgeMale;
      if (min === undefined || age < min) return null;
      if (max !== undefined && age >= max) return null;
      return `${SEX_NAME[r.sex]}，${age} 周岁（${SEX_NAME[r.sex]}性满 ${min} 周岁${max !== undefined ? `、未满 ${max} 周岁` : ''}）`;
    }
    case 'zero_employment_household':
      return h?.zeroEmployment ? '所在家庭为零就业家庭（劳动年龄成员均未就业）' : null;
    case 'subsistence': {
      const allowed: readonly string[] = p.subsistenceStatuses ?? ['dibao', 'dibian'];
      const sources: Array<[string, 'none' | 'dibao' | 'dibian' | undefined]> = [
        ['家庭', h?.subsistence],
        ['本人', r.subsistence],
        ['家庭收入清', r.income?.subsistence],
      ];
      for (const [from, s] of sources)
        if (s && s !== 'none' && allowed.includes(s)) return `${from}登记为${SUBSISTENCE_NAME[s]}家庭`;
      return null;
    }
    case 'disability': {
      if (!r.disability) return null;
      const bits = [
        r.disability.kind,
        r.disability.level ? `${'一二三四'[r.disability.level - 1]}级` : undefined,
      ].filter(Boolean);
      return `持有残疾登记${bits.length ? `（${bits.join('，')}）` : ''}`;
    }
    case 'long_term_unemployed': {
      const since = r.unemployment?.since;
      if (!isUnemployed(r) || !since || since > asOf) return null;
      const min = p.minMonths ?? 12;
      if (asOf < addMonthsClamped(since, min)) return null;
      return `自 ${since} 起失业 ${fullMonthsBetween(since, asOf)} 个月（满 ${min} 个月）`;
    }
    case 'landless_farmer':
      return r.landlessFarmer ? '登记为被征地(失地)农民' : null;
    case 'unemployed_graduate': {
      if (r.graduateYear === null) return null;
      const years = +asOf.slice(0, 4) - r.graduateYear;
      const within = p.withinYears ?? 2;
      if (years < 0 || years > within) return null;
      return `${r.graduateYear} 年高校毕业，离校 ${within} 年内未就业`;
    }
    case 'single_parent':
      return r.singleParent ? '单亲家庭，抚养未成年子女' : null;
    case 'veteran':
      return r.veteran ? '登记为退役军人' : null;
    case 'released_or_rehab':
      return r.releasedOrRehab ? '登记为刑满释放/戒毒康复人员' : null;
  }
}

/**
 * Categories (among those in force on `asOf`) that the resident qualifies for, each with a Chinese reason
 * to show the assistant and keep with the card. Categories marked `requiresUnemployed` need the
 * unemployment section to say unemployed.
 */
export function suggestCategories(
  resident: EligibilityResident,
  household: EligibilityHousehold | null,
  categoriesInForce: readonly AssistanceCategory[],
  asOf: string,
): CategorySuggestion[] {
  const out: CategorySuggestion[] = [];
  for (const c of categoriesInForce) {
    const reason = ruleReason(c.params, resident, household, asOf);
    if (reason === null) continue;
    if (c.params.requiresUnemployed && !isUnemployed(resident)) continue;
    const unemployedNote =
      c.params.requiresUnemployed && c.params.rule !== 'long_term_unemployed' ? '，目前失业' : '';
    out.push({ code: c.code, name: c.name, version: c.version, reason: reason + unemployedNote });
  }
  return out;
}
