// cards.*, plans.* and reference.assistanceCategories — employment assistance cards, the holder's plan,
// contact cards and printing. Read DOMAIN.md "Employment assistance" and shared/domain/assistance/ first;
// every input is parsed here, so a handler never sees an unchecked id, date or category code.
import { z } from 'zod';
import { method } from './define';
import { isRealDate } from '../domain/dates';
import { parsePhone } from '../validators/phone';
import type { CategoryParams } from '../domain/assistance/categories';
import type { CategorySuggestion } from '../domain/assistance/eligibility';
import {
  CARD_STATUSES,
  MEASURE_KINDS,
  PRINT_LAYOUTS,
  SERVICE_KINDS,
  type AssistanceCard,
  type AssistancePlan,
  type CardPrintData,
  type ContactCard,
  type OverdueMeasure,
  type PlanMeasure,
  type PlanService,
  type PrintLogEntry,
} from '../domain/assistance/card';

const uuid = (what: string) =>
  z.string({ message: `请选择${what}` }).uuid({ message: `${what} id 格式不正确` });
const isoDate = z.string().refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且为真实日期' });
const reason = z
  .string({ message: '请填写原因' })
  .trim()
  .min(2, { message: '请填写原因（至少 2 个字）' })
  .max(200, { message: '原因最多 200 个字' });
const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};
const officerPhone = z.string({ message: '请填写援助员电话' }).transform((raw, ctx) => {
  const r = parsePhone(raw);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error.message });
    return z.NEVER;
  }
  return r.value.phone;
});
const cardIds = z
  .array(uuid('援助卡'), { message: '请选择要打印的援助卡' })
  .min(1, { message: '请至少选择一张援助卡' })
  .max(200, { message: '一次最多 200 张援助卡' });

export interface AssistanceCategoryView {
  code: string;
  name: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  params: CategoryParams;
}

export const cardsContract = {
  'reference.assistanceCategories': method<{ asOf: string; items: AssistanceCategoryView[] }>()(
    z.object({ asOf: isoDate.optional() }),
  ),

  'cards.suggest': method<{ asOf: string; suggestions: CategorySuggestion[] }>()(
    z.object({ residentId: uuid('居民'), asOf: isoDate.optional() }),
  ),
  'cards.issue': method<AssistanceCard>()(
    z.object({
      residentId: uuid('居民'),
      categories: z
        .array(z.string().min(1).max(40), { message: '请选择援助对象类别' })
        .min(1, { message: '请至少确认一个援助对象类别' })
        .max(10, { message: '最多 10 个类别' }),
      reason: z.string().trim().max(200, { message: '认定理由最多 200 个字' }).optional(),
    }),
  ),
  'cards.list': method<{ items: AssistanceCard[]; total: number }>()(
    z.object({
      ...page,
      residentId: uuid('居民').optional(),
      status: z.enum(CARD_STATUSES).optional(),
      query: z.string().trim().max(50).optional(),
    }),
  ),
  'cards.get': method<AssistanceCard>()(z.object({ id: uuid('援助卡') })),
  'cards.replace': method<AssistanceCard>()(z.object({ id: uuid('援助卡'), reason })),
  'cards.cancel': method<AssistanceCard>()(z.object({ id: uuid('援助卡'), reason })),
  'cards.setContact': method<ContactCard>()(
    z.object({
      cardId: uuid('援助卡'),
      officerName: z
        .string({ message: '请填写援助员姓名' })
        .trim()
        .min(1, { message: '请填写援助员姓名' })
        .max(30),
      officerPhone,
      hours: z
        .string({ message: '请填写服务时间' })
        .trim()
        .min(1, { message: '请填写服务时间' })
        .max(60, { message: '服务时间最多 60 个字' }),
    }),
  ),

  'plans.get': method<AssistancePlan>()(z.object({ cardId: uuid('援助卡') })),
  'plans.addMeasure': method<PlanMeasure>()(
    z.object({
      cardId: uuid('援助卡'),
      kind: z.enum(MEASURE_KINDS, { message: '请选择援助措施类型' }),
      owner: z.string({ message: '请填写责任人' }).trim().min(1, { message: '请填写责任人' }).max(30),
      dueDate: isoDate,
      note: z.string().trim().max(300, { message: '说明最多 300 个字' }).optional(),
    }),
  ),
  'plans.completeMeasure': method<PlanMeasure>()(
    z.object({
      measureId: uuid('援助措施'),
      result: z.string().trim().max(300, { message: '结果最多 300 个字' }).optional(),
      completedOn: isoDate.optional(),
    }),
  ),
  'plans.addService': method<PlanService>()(
    z.object({
      cardId: uuid('援助卡'),
      kind: z.enum(SERVICE_KINDS, { message: '请选择服务类型' }),
      date: isoDate.optional(),
      note: z.string({ message: '请填写服务内容' }).trim().min(1, { message: '请填写服务内容' }).max(500),
      measureId: uuid('援助措施').optional(),
    }),
  ),
  'cards.overdueMeasures': method<{ items: OverdueMeasure[]; total: number }>()(z.object({ ...page })),

  'cards.printData': method<{ items: CardPrintData[] }>()(z.object({ ids: cardIds })),
  'cards.logPrint': method<{ items: PrintLogEntry[] }>()(
    z.object({ ids: cardIds, layout: z.enum(PRINT_LAYOUTS, { message: '版式应为 card、sheet 或 booklet' }) }),
  ),
  'cards.printLog': method<{ items: PrintLogEntry[]; total: number }>()(
    z.object({ ...page, cardId: uuid('援助卡').optional() }),
  ),
  /** Printed cards whose number changed since (renumbered at enrolment or by the district): print again. */
  'cards.reprints': method<{ items: CardReprint[] }>()(z.object({})),
};

export interface CardReprint {
  cardId: string;
  holderName: string;
  oldNumber: string;
  newNumber: string;
  reason: string;
  at: string;
}
