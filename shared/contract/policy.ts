// reference.policies and subsidies.* — policy support (政策扶持): the versioned catalogue, eligibility as of a
// date with reasons, applications prepared at the station (document checklist, printed form), decided at
// the district and synced back. Read shared/domain/policy/ first; handlers live in station/policy/.
import { z } from 'zod';
import { method } from './define';
import { isRealDate } from '../domain/dates';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  type PolicyParams,
  type PolicyUnit,
} from '../domain/policy/policies';
import type { PolicyEligibility } from '../domain/policy/eligibility';

const uuid = (what: string) =>
  z.string({ message: `请选择${what}` }).uuid({ message: `${what} id 格式不正确` });
const isoDate = (what: string) =>
  z.string({ message: `请填写${what}` }).refine(isRealDate, {
    message: `${what}应为真实日期（YYYY-MM-DD）`,
    params: { rule: 'dates.real' },
  });
const yuan = z
  .number({ message: '金额应为数字' })
  .refine((n) => n > 0, { message: '金额应大于 0', params: { rule: 'subsidies.amountPositive' } })
  .max(10_000_000, { message: '金额过大' })
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, { message: '金额最多保留两位小数' });

export interface PolicyView {
  code: string;
  name: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  unit: PolicyUnit;
  standard: number;
  maxMonths: number | null;
  documents: string[];
  params: PolicyParams;
}

export interface SubsidyApplication {
  id: string;
  policyCode: string;
  policyName: string;
  policyVersion: number;
  unit: PolicyUnit;
  residentId: string | null;
  residentName: string | null;
  /** Masked (330104********0011). */
  idNumberMasked: string | null;
  employerId: string | null;
  employerName: string | null;
  period: { from: string; to: string };
  months: number;
  amount: number;
  /** The policy's standard for the period: the most the application may ask. */
  standardAmount: number;
  documents: Array<{ name: string; provided: boolean }>;
  eligibilityReason: string;
  status: ApplicationStatus;
  decisionReason: string | null;
  decidedOn: string | null;
  decidedBy: string | null;
  paidOn: string | null;
  preparedBy: string;
  preparedOn: string;
}

export interface SubsidyTotal {
  policyCode: string;
  policyName: string;
  /** Applications that hold a claim (submitted, approved, paid) in the period: person-times. */
  personTimes: number;
  amount: number;
  approved: number;
  paid: number;
  paidAmount: number;
}

export const subsidyApplyInput = z
  .object({
    policyCode: z.string({ message: '请选择政策' }).min(1, { message: '请选择政策' }).max(40),
    residentId: uuid('居民').optional(),
    employerId: uuid('用人单位').optional(),
    period: z.object({ from: isoDate('补贴起始日期'), to: isoDate('补贴截止日期') }),
    amount: yuan,
    /** Names of the checklist's documents the applicant handed in. */
    documents: z.array(z.string().max(60)).max(20).default([]),
  })
  .superRefine((v, ctx) => {
    if (v.period.to < v.period.from)
      ctx.addIssue({
        code: 'custom',
        path: ['period', 'to'],
        message: '补贴截止日期不能早于起始日期',
        params: { rule: 'periods.toBeforeFrom' },
      });
    if (!v.residentId && !v.employerId)
      ctx.addIssue({
        code: 'custom',
        path: ['residentId'],
        message: '请选择申请补贴的居民或用人单位',
        params: { rule: 'subsidies.needApplicant' },
      });
  });

export const policyContract = {
  'reference.policies': method<{ asOf: string; items: PolicyView[] }>()(
    z.object({ asOf: isoDate('日期').optional() }),
  ),
  'subsidies.eligibility': method<{ asOf: string; items: PolicyEligibility[] }>()(
    z.object({ residentId: uuid('居民'), asOf: isoDate('日期').optional() }),
  ),
  'subsidies.apply': method<SubsidyApplication>()(subsidyApplyInput),
  // correction: an application withdrawn before the district decides (deleted; the district sees it as
  // withdrawn, it no longer holds the period, and a new claim for it may be made)
  'subsidies.withdraw': method<{ id: string }>()(z.object({ id: uuid('补贴申请') })),
  'subsidies.get': method<SubsidyApplication>()(z.object({ id: uuid('补贴申请') })),
  'subsidies.list': method<{ items: SubsidyApplication[]; total: number }>()(
    z.object({
      residentId: uuid('居民').optional(),
      employerId: uuid('用人单位').optional(),
      policyCode: z.string().max(40).optional(),
      status: z.enum(APPLICATION_STATUSES).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
  ),
  // person-times and amounts per policy whose period starts in [from, to]
  'subsidies.totals': method<{ from: string; to: string; items: SubsidyTotal[] }>()(
    z.object({ from: isoDate('起始日期'), to: isoDate('截止日期') }).refine((v) => v.from <= v.to, {
      message: '截止日期不能早于起始日期',
      path: ['to'],
      params: { rule: 'periods.toBeforeFrom' },
    }),
  ),
};
