// A recommendation (推荐单): one person sent to one vacancy, followed until the job lasts. The chain is
// recommended → interviewed → hired | not_hired (reason) | declined (reason), then retained_3m (checked at
// least three months after the hire) or left (date, reason). Pure rules, shared by the station's handlers,
// the UI (which buttons to offer) and the tests.
import { addDays } from './dates';

export const RECOMMENDATION_STATUSES = [
  'recommended',
  'interviewed',
  'hired',
  'not_hired',
  'declined',
  'retained_3m',
  'left',
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** Which status may follow which. */
export const NEXT_STATUSES: Record<RecommendationStatus, readonly RecommendationStatus[]> = {
  recommended: ['interviewed', 'not_hired', 'declined'],
  interviewed: ['hired', 'not_hired', 'declined'],
  hired: ['retained_3m', 'left'],
  retained_3m: ['left'],
  not_hired: [],
  declined: [],
  left: [],
};

/** Statuses that need a reason in words. */
export const NEEDS_REASON: readonly RecommendationStatus[] = ['not_hired', 'declined', 'left'];

export const STATUS_NAMES: Record<RecommendationStatus, string> = {
  recommended: '已推荐',
  interviewed: '已面试',
  hired: '已录用',
  not_hired: '未录用',
  declined: '本人放弃',
  retained_3m: '稳定就业满三个月',
  left: '已离职',
};

/** Days after the recommendation by which the interview result should be asked. */
export const INTERVIEW_FOLLOW_UP_DAYS = 7;
/** Months after the hire when the retention check is due. */
export const RETENTION_MONTHS = 3;

/** The same day `months` later (the month's last day when it has no such day: 11-30 + 3 → 02-28). */
export function addMonths(iso: string, months: number): string {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7) - 1 + months;
  const d = +iso.slice(8, 10);
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export interface RecommendationDates {
  status: RecommendationStatus;
  recommendedOn: string;
  interviewedOn: string | null;
  hiredOn: string | null;
}

/** The follow-up a recommendation waits for, and from when it is due; null when none. */
export function followUpDue(
  r: RecommendationDates,
): { kind: 'interview' | 'retention'; dueOn: string } | null {
  if (r.status === 'recommended' || r.status === 'interviewed')
    return {
      kind: 'interview',
      dueOn: addDays(r.interviewedOn ?? r.recommendedOn, INTERVIEW_FOLLOW_UP_DAYS),
    };
  if (r.status === 'hired' && r.hiredOn)
    return { kind: 'retention', dueOn: addMonths(r.hiredOn, RETENTION_MONTHS) };
  return null;
}

/**
 * Why a step may not be recorded (in plain Chinese, with the rule), or null. `date` is the day of the step,
 * `today` the station's date.
 */
export function stepProblem(
  r: RecommendationDates,
  next: RecommendationStatus,
  date: string,
  today: string,
  reason: string | undefined,
): { status: 400 | 409; message: string; path?: string } | null {
  if (next === r.status) return { status: 409, message: `该推荐已是「${STATUS_NAMES[next]}」状态` };
  if (next === 'recommended')
    return { status: 409, message: '推荐单不能退回「已推荐」状态；如需重新推荐，请新建推荐' };
  if (!NEXT_STATUSES[r.status].includes(next)) {
    const rule =
      next === 'hired'
        ? '录用须在面试之后登记'
        : next === 'retained_3m'
          ? '三个月稳定就业回访只能在录用之后登记'
          : next === 'left'
            ? '离职只能在录用之后登记'
            : next === 'interviewed'
              ? '面试只能在推荐之后、录用之前登记'
              : '推荐已有结果，不能再改为这一状态';
    return {
      status: 409,
      message: `不能从「${STATUS_NAMES[r.status]}」改为「${STATUS_NAMES[next]}」：${rule}`,
    };
  }
  if (date > today) return { status: 400, message: '日期不能晚于今天', path: 'date' };
  const previous = r.hiredOn ?? r.interviewedOn ?? r.recommendedOn;
  if (date < previous) return { status: 400, message: `日期不能早于上一步（${previous}）`, path: 'date' };
  if (next === 'retained_3m' && r.hiredOn) {
    const due = addMonths(r.hiredOn, RETENTION_MONTHS);
    if (date < due)
      return {
        status: 409,
        message: `三个月稳定就业回访须在录用满三个月后登记（${due} 起）`,
        path: 'date',
      };
  }
  if (NEEDS_REASON.includes(next) && !reason?.trim())
    return { status: 400, message: `「${STATUS_NAMES[next]}」须填写原因`, path: 'reason' };
  return null;
}

export interface Recommendation {
  id: string;
  residentId: string;
  residentName: string;
  /** Masked (first 6 and last 4). */
  residentIdNumber: string;
  vacancyId: string;
  vacancyTitle: string;
  employerName: string;
  vacancyCommunity: string;
  /** The vacancy belongs to another community (shared by the district). */
  foreign: boolean;
  status: RecommendationStatus;
  recommendedOn: string;
  interviewedOn: string | null;
  hiredOn: string | null;
  closedOn: string | null;
  reason: string | null;
  note: string | null;
  recommendedBy: string;
  /** Statuses a person may record next. */
  next: RecommendationStatus[];
  followUp: { kind: 'interview' | 'retention'; dueOn: string; due: boolean } | null;
  updatedAt: string;
}
