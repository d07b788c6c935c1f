// The six clears (六清) — what "registered" means for a resident. Each clear is a section with its own
// fields and its own confirmation date, so a survey can fill them one at a time and "confirm unchanged"
// refreshes one section without retyping. Sync merges each section as one field group.
import { z } from 'zod';
import { numberError } from '../i18n/zodMessages';
import { daysBetween, isRealDate } from './dates';
import { INDUSTRY_CODE, OCCUPATION_CODE } from './vocabulary';

const isoDate = z.string().refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且为真实日期' });
const confirmedAt = isoDate;
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `最多 ${max} 个字` });
const yuan = z
  .number({ error: numberError('金额应为数字') })
  .min(0, { message: '金额不能为负数' })
  .max(100_000_000, { message: '金额过大' })
  // Fen are whole: n·100 must be an integer up to floating-point noise (19.99·100 = 1998.9999999999998).
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, {
    message: '金额最多保留两位小数',
  });

export const SECTION_KEYS = [
  'unemployment',
  'skills',
  'training',
  'preferences',
  'income',
  'outcome',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const EMPLOYMENT_STATUSES = ['employed', 'flexible', 'unemployed'] as const;
export const unemploymentSection = z.object({
  status: z.enum(EMPLOYMENT_STATUSES, { message: '请选择就业状况' }),
  since: isoDate.optional(),
  registered: z.boolean().optional(), // 是否办理失业登记
  reason: text(200).optional(),
  confirmedAt,
});

export const skillsSection = z.object({
  items: z
    .array(
      z.object({
        name: text(50).min(1, { message: '请填写技能名称' }),
        level: text(30).optional(),
        certificate: text(80).optional(),
      }),
    )
    .max(20),
  confirmedAt,
});

export const trainingSection = z.object({
  wants: z.boolean(),
  courses: z.array(text(50)).max(20).default([]),
  note: text(200).optional(),
  confirmedAt,
});

export const HOURS = ['full_time', 'part_time', 'flexible'] as const;
export const preferencesSection = z.object({
  occupations: z.array(text(50)).max(20).default([]),
  industries: z.array(text(50)).max(20).default([]),
  // ADDED: (issue 9) the same wishes coded (GB/T 6565-2015 / GB/T 4754-2017) beside the free text, checked
  // against the vocabulary in force when typed; free text stays readable and can be coded later.
  occupationCodes: z
    .array(z.string().regex(OCCUPATION_CODE, { message: '职业代码格式不正确' }))
    .max(20, { message: '意向职业最多 20 项' })
    .optional(),
  industryCodes: z
    .array(z.string().regex(INDUSTRY_CODE, { message: '行业代码格式不正确' }))
    .max(20, { message: '意向行业最多 20 项' })
    .optional(),
  area: text(100).optional(),
  hours: z.enum(HOURS).optional(),
  expectedWage: yuan.optional(), // 元/月
  // ADDED: (issue 9) in work but wants another job: matching then offers jobs all the same
  changeJob: z.boolean().optional(),
  confirmedAt,
});

export const SUBSISTENCE = ['none', 'dibao', 'dibian'] as const; // 无 / 低保 / 低边
export const incomeSection = z.object({
  householdSize: z.number().int().min(1, { message: '家庭人口至少 1 人' }).max(30),
  monthlyIncome: yuan, // 家庭月收入（元）
  subsistence: z.enum(SUBSISTENCE).default('none'),
  confirmedAt,
});

export const OUTCOMES = ['placed', 'self_employed', 'flexible', 'public_welfare', 'not_yet'] as const;
export const outcomeSection = z.object({
  result: z.enum(OUTCOMES, { message: '请选择就业结果' }),
  employer: text(100).optional(),
  date: isoDate.optional(),
  channel: text(50).optional(), // 推荐 / 招聘会 / 自谋 …
  reasonNotYet: text(200).optional(),
  confirmedAt,
});

export const sectionSchemas = {
  unemployment: unemploymentSection,
  skills: skillsSection,
  training: trainingSection,
  preferences: preferencesSection,
  income: incomeSection,
  outcome: outcomeSection,
} as const;

export type SixClears = { [K in SectionKey]?: z.infer<(typeof sectionSchemas)[K]> | null };

export const sixClearsSchema = z.object({
  unemployment: unemploymentSection.nullable().optional(),
  skills: skillsSection.nullable().optional(),
  training: trainingSection.nullable().optional(),
  preferences: preferencesSection.nullable().optional(),
  income: incomeSection.nullable().optional(),
  outcome: outcomeSection.nullable().optional(),
});

export interface SixClearsState {
  complete: boolean;
  missing: SectionKey[];
  stale: SectionKey[];
  /** The oldest confirmation among recorded sections, or null when none is recorded. */
  oldestConfirmedAt: string | null;
}

/** Default age of a confirmation before it must be checked again (configurable per station). */
export const DEFAULT_STALE_AFTER_DAYS = 180;

/**
 * Is the resident six-clear as of `asOf`? Every section must be recorded and confirmed within
 * `staleAfterDays`; a confirmation dated after `asOf` counts as current (clocks differ between PCs).
 */
export function evaluateSixClears(
  clears: SixClears,
  asOf: string,
  staleAfterDays: number = DEFAULT_STALE_AFTER_DAYS,
): SixClearsState {
  const missing: SectionKey[] = [];
  const stale: SectionKey[] = [];
  let oldest: string | null = null;
  for (const key of SECTION_KEYS) {
    const section = clears[key];
    if (!section) {
      missing.push(key);
      continue;
    }
    if (oldest === null || section.confirmedAt < oldest) oldest = section.confirmedAt;
    if (daysBetween(section.confirmedAt, asOf) > staleAfterDays) stale.push(key);
  }
  return { complete: missing.length === 0 && stale.length === 0, missing, stale, oldestConfirmedAt: oldest };
}
