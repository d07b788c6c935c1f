// Into work (issue 9): the occupation and industry vocabularies, matching both ways, recommendations
// (推荐单) followed to a lasting job, employer visits and cooperation agreements. Read DESIGN.md "One
// contract" first; handlers live in station/matching/.
import { z } from 'zod';
import { method } from './define';
import type { CodeItem } from '../domain/vocabulary';
import { RECOMMENDATION_STATUSES, type Recommendation } from '../domain/recommendation';
import { isRealDate } from '../domain/dates';

const uuid = (what: string) => z.string().uuid({ message: `${what}编号格式不正确` });
const isoDate = z.string().refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且为真实日期' });
const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};

const vocabularyInput = z.object({
  query: z.string().max(30, { message: '搜索词最多 30 个字符' }).optional(),
  parentCode: z.string().max(20).nullable().optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});

export interface MatchCandidate {
  residentId: string;
  name: string;
  score: number;
  reasons: string[];
}
export interface MatchVacancyItem {
  vacancyId: string;
  title: string;
  employerName: string;
  score: number;
  reasons: string[];
  /** Another community's shared vacancy. */
  foreign: boolean;
  communityName: string | null;
}
/** A person whose job wishes are free text only (择业意向 not coded yet). */
export interface UncodedWish {
  residentId: string;
  name: string;
  occupations: string[];
  industries: string[];
}

/** 走访: an employer visit and the vacancies collected during it. */
export interface Visit {
  id: string;
  employerId: string;
  employerName: string;
  date: string;
  visitors: string;
  notes: string | null;
  vacancies: Array<{ id: string; title: string }>;
  createdAt: string;
}
/** 用工合作协议: a period and the hires the employer committed to, with those made so far by recommendation. */
export interface Agreement {
  id: string;
  employerId: string;
  employerName: string;
  startsOn: string;
  endsOn: string;
  committedHires: number;
  /** Hires recorded here through recommendations to the employer's vacancies within the period. */
  hiresSoFar: number;
  note: string | null;
  current: boolean;
}

export const matchingContract = {
  // the lists in force, searchable by characters, full pinyin, initials and code prefix
  'reference.occupations': method<{ items: CodeItem[] }>()(vocabularyInput),
  'reference.industries': method<{ items: CodeItem[] }>()(vocabularyInput),

  // both ways, offline, ranked with reasons in Chinese (shared/domain/matching.ts)
  'matching.candidates': method<{ items: MatchCandidate[] }>()(
    z.object({ vacancyId: uuid('岗位'), limit: z.number().int().min(1).max(200).default(10) }),
  ),
  'matching.vacancies': method<{ items: MatchVacancyItem[] }>()(
    z.object({ residentId: uuid('居民'), limit: z.number().int().min(1).max(200).default(10) }),
  ),
  // the work list's part of this desk: follow-ups due, and people whose wishes are not coded
  'worklist.matching': method<{
    followUps: Recommendation[];
    followUpsTotal: number;
    uncoded: UncodedWish[];
    uncodedTotal: number;
  }>()(z.object({ limit: z.number().int().min(1).max(200).default(20) })),

  // 推荐单: one person to one vacancy (own or another community's shared one), followed to a lasting job
  'recommendations.create': method<{ id: string }>()(
    z.object({
      residentId: uuid('居民'),
      vacancyId: uuid('岗位'),
      note: z.string().trim().max(300, { message: '备注最多 300 个字' }).optional(),
    }),
  ),
  // a hire also fills the person's 就业结果 (channel 推荐), completes the plan's job-recommendation measure
  // and lowers the vacancy's open positions, in the same transaction
  'recommendations.update': method<Recommendation>()(
    z.object({
      id: uuid('推荐单'),
      status: z.enum(RECOMMENDATION_STATUSES, { message: '不是可选的推荐状态' }),
      date: isoDate.optional(),
      reason: z.string().trim().max(200, { message: '原因最多 200 个字' }).optional(),
    }),
  ),
  'visits.create': method<Visit>()(
    z.object({
      employerId: uuid('用人单位'),
      date: isoDate,
      visitors: z
        .string()
        .trim()
        .min(1, { message: '请填写走访人' })
        .max(100, { message: '走访人最多 100 个字' }),
      notes: z.string().trim().max(500, { message: '走访情况最多 500 个字' }).optional(),
      vacancyIds: z.array(uuid('岗位')).max(100, { message: '一次走访最多登记 100 个岗位' }).default([]),
    }),
  ),
  'visits.list': method<{ items: Visit[]; total: number }>()(
    z.object({ ...page, employerId: uuid('用人单位').optional() }),
  ),
  'agreements.create': method<Agreement>()(
    z
      .object({
        employerId: uuid('用人单位'),
        startsOn: isoDate,
        endsOn: isoDate,
        committedHires: z
          .number({ message: '承诺招用人数应为数字' })
          .int({ message: '承诺招用人数应为整数' })
          .min(1, { message: '承诺招用人数至少 1 人' })
          .max(10_000, { message: '承诺招用人数不能超过 10,000 人' }),
        note: z.string().trim().max(300, { message: '备注最多 300 个字' }).optional(),
      })
      .refine((a) => a.startsOn <= a.endsOn, { path: ['endsOn'], message: '协议结束日期不能早于开始日期' }),
  ),
  'agreements.list': method<{ items: Agreement[]; total: number }>()(
    z.object({ ...page, employerId: uuid('用人单位').optional() }),
  ),
  'recommendations.get': method<Recommendation>()(z.object({ id: uuid('推荐单') })),
  'recommendations.list': method<{ items: Recommendation[]; total: number }>()(
    z.object({
      ...page,
      residentId: uuid('居民').optional(),
      vacancyId: uuid('岗位').optional(),
      status: z.enum(RECOMMENDATION_STATUSES).optional(),
      /** Only those whose follow-up is due today (interview result after 7 days, retention at 3 months). */
      due: z.boolean().optional(),
    }),
  ),
};
