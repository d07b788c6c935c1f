// What a person asks a report for, checked at every boundary (the desk's contract and the console's HTTP):
// a period (month 2026-03, quarter 2026-Q1, year 2026, or two dates) and, for a drill-down, one figure.
import { z } from 'zod';
import { FIGURE_KEYS, periodOf, type Period, type PeriodKind } from './figures';

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'dates'] as const;

export const periodInput = z
  .object({
    kind: z.enum(PERIOD_KINDS, { message: '请选择报表期间：月、季、年或起止日期' }),
    value: z.string({ message: '请填写报表期间' }).max(10),
    to: z.string().max(10).optional(),
  })
  .superRefine((v, ctx) => {
    try {
      periodOf(v.kind, v.value, v.to);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message:
          v.kind === 'dates'
            ? '起止日期应为真实日期（YYYY-MM-DD），且开始不晚于结束'
            : v.kind === 'month'
              ? '月份格式应为 2026-03'
              : v.kind === 'quarter'
                ? '季度格式应为 2026-Q1'
                : '年份格式应为 2026',
      });
    }
  });
export type PeriodInput = z.infer<typeof periodInput>;

export const toPeriod = (p: PeriodInput): Period => periodOf(p.kind as PeriodKind, p.value, p.to);

export const figureInput = z.enum(FIGURE_KEYS, { message: '没有这项报表指标' });

export interface ListedItem {
  id: string;
  communityCode: string;
  name: string;
  /** Always masked in a list. */
  idNumberMasked: string | null;
  detail: string | null;
}
