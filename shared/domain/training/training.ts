// Training (培训, issue 10): courses shared across the district, enrolments of residents, completion with a
// certificate, and the training employment rate (培训就业率): of the people who completed a course in a
// period, how many were hired within six months of completing it — from the recommendation chain (a hire
// dated on or after completion) or a recorded outcome in the person's 就业结果 section. One rule for the
// station and the district, so their figures agree by construction.
import { addMonths } from '../recommendation';

export const COURSE_KINDS = ['order', 'directed', 'post', 'startup', 'upskilling'] as const;
export type CourseKind = (typeof COURSE_KINDS)[number];
export const COURSE_KIND_NAMES: Record<CourseKind, string> = {
  order: '订单式培训',
  directed: '定向培训',
  post: '定岗培训',
  startup: '创业培训',
  upskilling: '技能提升培训',
};

export const ENROLMENT_STATUSES = ['enrolled', 'completed', 'dropped'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];
export const ENROLMENT_STATUS_NAMES: Record<EnrolmentStatus, string> = {
  enrolled: '在训',
  completed: '已结业',
  dropped: '已退学',
};

export const CERTIFICATE_KINDS = ['qualification', 'skill_level'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];
export const CERTIFICATE_KIND_NAMES: Record<CertificateKind, string> = {
  qualification: '职业资格证书',
  skill_level: '职业技能等级证书',
};

/** Months after completion within which a hire counts for the training employment rate. */
export const EMPLOYMENT_WINDOW_MONTHS = 6;
/** The longest course the desk accepts (a typo of the year shows as a course of years). */
export const MAX_COURSE_DAYS = 366;

/** The last day a hire counts for someone who completed on `completedOn`. */
export function employmentDeadline(completedOn: string): string {
  return addMonths(completedOn, EMPLOYMENT_WINDOW_MONTHS);
}

/** Was one of `hireDates` within the window after `completedOn` (both ends inclusive)? */
export function employedAfter(
  completedOn: string,
  hireDates: readonly (string | null | undefined)[],
): boolean {
  const last = employmentDeadline(completedOn);
  return hireDates.some((d) => !!d && d >= completedOn && d <= last);
}

export interface TrainingRate {
  completed: number;
  employed: number;
  /** employed / completed, 0..1 with four decimals; null when nobody completed. */
  rate: number | null;
}

export function rateOf(completed: number, employed: number): TrainingRate {
  return {
    completed,
    employed,
    rate: completed === 0 ? null : Math.round((employed / completed) * 10000) / 10000,
  };
}

/** The skills-section item a completion adds: the course's occupation, the certificate's level and number. */
export function skillItemOf(
  occupationName: string,
  certificate: { kind: CertificateKind; level?: string | undefined; number: string } | null | undefined,
): { name: string; level?: string; certificate?: string } {
  const item: { name: string; level?: string; certificate?: string } = { name: occupationName.slice(0, 50) };
  if (certificate) {
    if (certificate.level) item.level = certificate.level.slice(0, 30);
    item.certificate = `${CERTIFICATE_KIND_NAMES[certificate.kind]} ${certificate.number}`.slice(0, 80);
  }
  return item;
}
