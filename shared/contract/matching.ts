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

export const matchingContract = {
  // the lists in force, searchable by characters, full pinyin, initials and code prefix
  'reference.occupations': method<{ items: CodeItem[] }>()(vocabularyInput),
  'reference.industries': method<{ items: CodeItem[] }>()(vocabularyInput),

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
