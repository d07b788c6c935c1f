// Assistance categories (就业援助对象类别) are reference data: versioned, with effective dates and the
// thresholds their rule reads. Logic never names a category; it reads `rule` and `params`. The district's
// own list arrives by sync and replaces the default one (./defaultCategories.ts).
import { z } from 'zod';
import { ISO_DATE } from '../dates';

/** Which pure rule decides the category; the list of categories itself is data. */
export const CATEGORY_RULES = [
  'age_unemployed', // 大龄失业: age from the ID number against thresholds by sex
  'zero_employment_household', // 零就业家庭成员
  'subsistence', // 低保/低边家庭成员
  'disability', // 残疾人
  'long_term_unemployed', // 长期失业: months since the unemployment section's `since`
  'landless_farmer', // 被征地(失地)农民
  'unemployed_graduate', // 离校未就业高校毕业生
  'single_parent', // 单亲家庭抚养未成年子女者
  'veteran', // 退役军人
  'released_or_rehab', // 刑满释放/戒毒康复人员
] as const;
export type CategoryRule = (typeof CATEGORY_RULES)[number];

/**
 * Thresholds a rule reads. Ages are whole years on the as-of date; `max*` ages are exclusive (the statutory
 * retirement age ends eligibility). `requiresUnemployed` makes the rule apply only to residents whose
 * unemployment section says unemployed.
 */
export const categoryParamsSchema = z.object({
  rule: z.enum(CATEGORY_RULES),
  requiresUnemployed: z.boolean().default(true),
  minAgeFemale: z.number().int().min(0).max(100).optional(),
  minAgeMale: z.number().int().min(0).max(100).optional(),
  maxAgeFemale: z.number().int().min(0).max(100).optional(),
  maxAgeMale: z.number().int().min(0).max(100).optional(),
  minMonths: z.number().int().min(1).max(600).optional(),
  withinYears: z.number().int().min(0).max(20).optional(),
  subsistenceStatuses: z.array(z.enum(['dibao', 'dibian'])).optional(),
});
export type CategoryParams = z.output<typeof categoryParamsSchema>;
export type CategoryParamsInput = z.input<typeof categoryParamsSchema>;

const isoDate = z.string().regex(ISO_DATE, { message: '日期格式应为 YYYY-MM-DD' });

/** One version of one category. `effectiveTo` is the last day it is in force (inclusive), or null. */
export const assistanceCategorySchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, { message: '类别代码只能包含小写字母、数字和下划线' }),
  name: z.string().trim().min(1).max(40),
  version: z.number().int().min(1),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullable(),
  sortOrder: z.number().int().min(0).default(0),
  params: categoryParamsSchema,
});
export type AssistanceCategory = z.output<typeof assistanceCategorySchema>;
export type AssistanceCategoryInput = z.input<typeof assistanceCategorySchema>;

export function isInForce(
  c: Pick<AssistanceCategory, 'effectiveFrom' | 'effectiveTo'>,
  asOf: string,
): boolean {
  return c.effectiveFrom <= asOf && (c.effectiveTo === null || asOf <= c.effectiveTo);
}

/** The version of each category in force on `asOf` (the highest version if two overlap), in sort order. */
export function categoriesInForce(all: readonly AssistanceCategory[], asOf: string): AssistanceCategory[] {
  const byCode = new Map<string, AssistanceCategory>();
  for (const c of all) {
    if (!isInForce(c, asOf)) continue;
    const have = byCode.get(c.code);
    if (!have || c.version > have.version) byCode.set(c.code, c);
  }
  return [...byCode.values()].sort((a, b) => a.sortOrder - b.sortOrder || a.code.localeCompare(b.code));
}
