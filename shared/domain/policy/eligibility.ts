// Who qualifies for a policy on a date — a pure rule over the resident's profile, the six clears, the
// assistance card and completed courses. Every threshold comes from the policy version's params (reference
// data). The answer carries reasons both ways: why the person qualifies, or what is missing, in Chinese.
import { ageOn } from '../dates';
import { addMonthsClamped } from '../assistance/eligibility';
import type { Policy, PolicyTarget } from './policies';

export interface PolicyResident {
  birthDate: string;
  sex: 'M' | 'F';
  landlessFarmer: boolean;
  unemployment: {
    status: 'employed' | 'flexible' | 'unemployed';
    since?: string | undefined;
    registered?: boolean | undefined;
  } | null;
  outcome: { result: string; date?: string | undefined; employer?: string | undefined } | null;
  /** The card valid on the as-of date, if any. */
  cardNumber: string | null;
  /** Dates of completed courses. */
  trainingsCompleted: readonly string[];
}

export interface PolicyEligibility {
  code: string;
  name: string;
  version: number;
  eligible: boolean;
  /** Why the person qualifies (each met condition), or, when not, what is missing. */
  reasons: string[];
  /** The same reasons as message keys and parameters (codes, numbers, dates), for a screen in any language. */
  why: ReasonNote[];
}

/** One reason, language-free: `policy.why.<key>` in the desk's catalogues; list params are codes joined by ','. */
export interface ReasonNote {
  key:
    | 'targetMet'
    | 'targetMissing'
    | 'cardHeld'
    | 'cardMissing'
    | 'ageOk'
    | 'ageOut'
    | 'outcomeMissing'
    | 'outcomeNoDate'
    | 'outcomeTooOld'
    | 'outcomeOk'
    | 'trainingOk'
    | 'trainingMissing';
  params: Record<string, string | number>;
}

const OUTCOME_NAMES: Record<string, string> = {
  placed: '单位就业',
  self_employed: '自主创业/自谋职业',
  flexible: '灵活就业',
  public_welfare: '公益性岗位安置',
  not_yet: '尚未就业',
};
const TARGET_NAMES: Record<PolicyTarget, string> = {
  landless_farmer: '被征地(失地)农民',
  unemployed: '登记失业人员',
  card_holder: '就业援助卡持有人',
};
const SEX = { M: '男', F: '女' } as const;

export function policyEligibility(r: PolicyResident, p: Policy, asOf: string): PolicyEligibility {
  const yes: string[] = [];
  const no: string[] = [];
  const whyYes: ReasonNote[] = [];
  const whyNo: ReasonNote[] = [];
  const q = p.params;
  if (q.targets?.length) {
    // a person hired since still counts as unemployed when the unemployment registration (失业登记) is on record
    const met = q.targets.filter((t) =>
      t === 'landless_farmer'
        ? r.landlessFarmer
        : t === 'card_holder'
          ? r.cardNumber !== null
          : r.unemployment?.status === 'unemployed' || r.unemployment?.registered === true,
    );
    if (met.length) {
      yes.push(`属于${met.map((t) => TARGET_NAMES[t]).join('、')}`);
      whyYes.push({ key: 'targetMet', params: { targets: met.join(',') } });
    } else {
      no.push(`须为${q.targets.map((t) => TARGET_NAMES[t]).join('或')}`);
      whyNo.push({ key: 'targetMissing', params: { targets: q.targets.join(',') } });
    }
  }
  if (q.requiresCard) {
    if (r.cardNumber) {
      yes.push(`持有效就业援助卡 ${r.cardNumber}`);
      whyYes.push({ key: 'cardHeld', params: { card: r.cardNumber } });
    } else {
      no.push('须持有效就业援助卡');
      whyNo.push({ key: 'cardMissing', params: {} });
    }
  }
  const min = r.sex === 'F' ? q.minAgeFemale : q.minAgeMale;
  const max = r.sex === 'F' ? q.maxAgeFemale : q.maxAgeMale;
  if (min !== undefined || max !== undefined) {
    const age = ageOn(r.birthDate, asOf);
    const rule = `${SEX[r.sex]}性${min !== undefined ? `满 ${min} 周岁` : ''}${min !== undefined && max !== undefined ? '、' : ''}${max !== undefined ? `未满 ${max} 周岁` : ''}`;
    const ageParams = { sex: r.sex, age, min: min ?? '', max: max ?? '', date: asOf };
    if ((min === undefined || age >= min) && (max === undefined || age < max)) {
      yes.push(`${SEX[r.sex]}，${age} 周岁（${rule}）`);
      whyYes.push({ key: 'ageOk', params: ageParams });
    } else {
      no.push(`${asOf} 时 ${age} 周岁，不符合年龄条件（${rule}）`);
      whyNo.push({ key: 'ageOut', params: ageParams });
    }
  }
  if (q.outcomes?.length) {
    const names = q.outcomes.map((o) => OUTCOME_NAMES[o] ?? o).join('或');
    const o = r.outcome;
    const earliest = q.withinMonths ? addMonthsClamped(asOf, -q.withinMonths) : null;
    const outcomes = q.outcomes.join(',');
    if (!o || !q.outcomes.includes(o.result as never)) {
      no.push(`就业结果须为${names}`);
      whyNo.push({ key: 'outcomeMissing', params: { outcomes } });
    } else if (!o.date || o.date > asOf) {
      no.push(`就业结果须为 ${asOf} 前的${names}（请填写就业日期）`);
      whyNo.push({ key: 'outcomeNoDate', params: { outcomes, date: asOf } });
    } else if (earliest && o.date < earliest) {
      no.push(`${o.date} ${OUTCOME_NAMES[o.result]}，已超过 ${q.withinMonths} 个月`);
      whyNo.push({
        key: 'outcomeTooOld',
        params: { date: o.date, outcome: o.result, months: q.withinMonths ?? '' },
      });
    } else {
      yes.push(
        `${o.date} ${OUTCOME_NAMES[o.result]}${o.employer ? `（${o.employer}）` : ''}${q.withinMonths ? `，${q.withinMonths} 个月内` : ''}`,
      );
      whyYes.push({
        key: 'outcomeOk',
        params: { date: o.date, outcome: o.result, employer: o.employer ?? '', months: q.withinMonths ?? '' },
      });
    }
  }
  if (q.trainingWithinMonths) {
    const earliest = addMonthsClamped(asOf, -q.trainingWithinMonths);
    const done = r.trainingsCompleted.filter((d) => d <= asOf && d >= earliest).sort();
    if (done.length) {
      yes.push(`${done[done.length - 1]} 培训结业（${q.trainingWithinMonths} 个月内）`);
      whyYes.push({
        key: 'trainingOk',
        params: { date: done[done.length - 1]!, months: q.trainingWithinMonths },
      });
    } else {
      no.push(`须在 ${q.trainingWithinMonths} 个月内参加培训并结业`);
      whyNo.push({ key: 'trainingMissing', params: { months: q.trainingWithinMonths } });
    }
  }
  return {
    code: p.code,
    name: p.name,
    version: p.version,
    eligible: no.length === 0,
    reasons: no.length ? no : yes,
    why: no.length ? whyNo : whyYes,
  };
}
