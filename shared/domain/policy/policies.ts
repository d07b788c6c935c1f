// The policy catalogue (政策扶持) is reference data: every policy is versioned, with effective dates, a standard
// amount per unit (month or once), a longest duration and the documents an application needs. Who qualifies
// is read from `params` (thresholds as data, like the assistance categories): a change of amount or age
// threshold is a new version with its own effective date, so earlier periods keep the rule then in force.
import { z } from 'zod';
import { isRealDate } from '../dates';
import { OUTCOMES } from '../sixClears';
import { addMonthsClamped } from '../assistance/eligibility';

const isoDate = z.string().refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且为真实日期' });

/** Who a person must be (any one of them) for the policy: landless farmer, registered unemployed, card holder. */
export const POLICY_TARGETS = ['landless_farmer', 'unemployed', 'card_holder'] as const;
export type PolicyTarget = (typeof POLICY_TARGETS)[number];

/**
 * Thresholds the eligibility rule reads. Ages are whole years on the as-of date, `max*` exclusive.
 * `outcomes`: the employment outcome (就业结果清) must be one of these, dated on or before the as-of date and,
 * with `withinMonths`, no longer ago than that. `trainingWithinMonths`: a course completed that recently.
 */
export const policyParamsSchema = z.object({
  applicant: z.enum(['resident', 'employer']).default('resident'),
  targets: z.array(z.enum(POLICY_TARGETS)).max(3).optional(),
  requiresCard: z.boolean().default(false),
  minAgeFemale: z.number().int().min(0).max(100).optional(),
  minAgeMale: z.number().int().min(0).max(100).optional(),
  maxAgeFemale: z.number().int().min(0).max(100).optional(),
  maxAgeMale: z.number().int().min(0).max(100).optional(),
  outcomes: z.array(z.enum(OUTCOMES)).max(5).optional(),
  withinMonths: z.number().int().min(1).max(120).optional(),
  trainingWithinMonths: z.number().int().min(1).max(120).optional(),
});
export type PolicyParams = z.output<typeof policyParamsSchema>;

export const POLICY_UNITS = ['month', 'once'] as const;
export type PolicyUnit = (typeof POLICY_UNITS)[number];

/** One version of one policy. `effectiveTo` is the last day it is in force (inclusive), or null. */
export const policySchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: '政策代码只能包含小写字母、数字和下划线' }),
  name: z.string().trim().min(1).max(40),
  version: z.number().int().min(1),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  sortOrder: z.number().int().min(0).default(0),
  /** 按月 (per month of the period) or 一次性 (once per period). */
  unit: z.enum(POLICY_UNITS),
  /** Standard amount in yuan per unit: an application may ask for less, never more. */
  standard: z.number().min(0).max(1_000_000),
  /** Longest period one application covers, in months (monthly policies). */
  maxMonths: z.number().int().min(1).max(120).nullable().default(null),
  documents: z.array(z.string().trim().min(1).max(60)).min(1).max(20),
  params: policyParamsSchema,
});
export type Policy = z.output<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

export function policyInForce(p: Pick<Policy, 'effectiveFrom' | 'effectiveTo'>, asOf: string): boolean {
  return p.effectiveFrom <= asOf && (p.effectiveTo === null || asOf <= p.effectiveTo);
}

/** The version of each policy in force on `asOf` (the highest if two overlap), in sort order. */
export function policiesInForce(all: readonly Policy[], asOf: string): Policy[] {
  const byCode = new Map<string, Policy>();
  for (const p of all) {
    if (!policyInForce(p, asOf)) continue;
    const have = byCode.get(p.code);
    if (!have || p.version > have.version) byCode.set(p.code, p);
  }
  return [...byCode.values()].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
}

/** Months a period covers, counting a started month whole (2026-01-01..2026-06-30 → 6). */
export function periodMonths(from: string, to: string): number {
  let n = 0;
  let cursor = from;
  while (cursor <= to && n < 1000) {
    n += 1;
    cursor = addMonthsClamped(from, n);
  }
  return n;
}

/** The largest amount the policy allows for the period, in yuan (fen-exact). */
export function standardAmount(p: Pick<Policy, 'unit' | 'standard'>, from: string, to: string): number {
  const units = p.unit === 'month' ? periodMonths(from, to) : 1;
  return Math.round(p.standard * 100 * units) / 100;
}

/** Do two inclusive date ranges share a day? */
export function periodsOverlap(a: { from: string; to: string }, b: { from: string; to: string }): boolean {
  return a.from <= b.to && b.from <= a.to;
}

export const APPLICATION_STATUSES = ['submitted', 'approved', 'refused', 'paid', 'set_aside'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** Statuses that hold the claim: a refused or set-aside application leaves the period free again. */
export const CLAIMING_STATUSES: readonly ApplicationStatus[] = ['submitted', 'approved', 'paid'];
/** Statuses a station may withdraw: not decided by the district (a set-aside one never held a claim). */
export const WITHDRAWABLE_STATUSES: readonly ApplicationStatus[] = ['submitted', 'set_aside'];
export const STATUS_NAMES: Record<ApplicationStatus, string> = {
  submitted: '已申报',
  approved: '已批准',
  refused: '未批准',
  paid: '已发放',
  set_aside: '不予受理',
};
