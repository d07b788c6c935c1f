// Employer (用人单位) and Vacancy (岗位) — the employer database (用人单位信息数据库).
import { z } from 'zod';
import { numberError } from '../i18n/zodMessages';
import { parseCreditCode } from '../validators/creditCode';
import { isRealDate } from './dates';

export const creditCodeField = z.string({ message: '请填写统一社会信用代码' }).transform((raw, ctx) => {
  const r = parseCreditCode(raw);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error.message, params: { check: r.error.code } });
    return z.NEVER;
  }
  return r.value.creditCode;
});

export const EMPLOYER_SIZES = ['micro', 'small', 'medium', 'large'] as const;
const contactSchema = z.object({
  name: z.string().trim().min(1, { message: '请填写联系人' }).max(30),
  phone: z.string().trim().max(20).optional(),
  role: z.string().trim().max(30).optional(),
});

const employerFields = z.object({
  creditCode: creditCodeField,
  name: z.string().trim().min(1, { message: '请填写单位名称' }).max(100),
  industry: z.string().trim().max(50).nullable().optional(),
  size: z.enum(EMPLOYER_SIZES).nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  contacts: z.array(contactSchema).max(10),
});
export const employerCreateSchema = employerFields.extend({
  contacts: employerFields.shape.contacts.default([]),
});
// No defaults in the update: inside .partial() a default still fires and would wipe the contacts of an
// employer whose address alone was edited.
export const employerUpdateSchema = employerFields.partial().extend({ id: z.string().uuid() });

export interface Employer {
  id: string;
  communityCode: string;
  creditCode: string;
  name: string;
  industry: string | null;
  size: (typeof EMPLOYER_SIZES)[number] | null;
  address: string | null;
  contacts: Array<z.infer<typeof contactSchema>>;
  openPositions: number;
  createdAt: string;
  updatedAt: string;
}

const isoDate = z.string().refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且为真实日期' });
export const VACANCY_STATUSES = ['open', 'filled', 'closed'] as const;

const vacancyFields = z.object({
  employerId: z.string().uuid({ message: '请选择用人单位' }),
  title: z.string().trim().min(1, { message: '请填写岗位名称' }).max(60),
  occupation: z.string().trim().max(60).nullable().optional(),
  positions: z
    .number({ error: numberError('招聘人数应为数字') })
    .int()
    .min(1, { message: '招聘人数至少 1 人' })
    .max(10_000),
  wageMin: z.number().min(0).max(1_000_000).nullable().optional(),
  wageMax: z.number().min(0).max(1_000_000).nullable().optional(),
  requirements: z.string().trim().max(500).nullable().optional(),
  validFrom: isoDate,
  validTo: isoDate,
  status: z.enum(VACANCY_STATUSES),
});

type VacancyRange = {
  wageMin?: number | null;
  wageMax?: number | null;
  validFrom?: string;
  validTo?: string;
};
function checkRanges(v: VacancyRange, ctx: z.RefinementCtx) {
  if (v.wageMin != null && v.wageMax != null && v.wageMin > v.wageMax)
    ctx.addIssue({ code: 'custom', path: ['wageMax'], message: '最高工资不能低于最低工资' });
  if (v.validFrom && v.validTo && v.validFrom > v.validTo)
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: '截止日期不能早于开始日期' });
}
export const vacancyCreateSchema = vacancyFields
  .extend({ status: vacancyFields.shape.status.default('open') })
  .superRefine(checkRanges);
// Without the default: an update that does not mention the status must not reopen a filled vacancy.
export const vacancyUpdateSchema = vacancyFields
  .omit({ employerId: true })
  .partial()
  .extend({ id: z.string().uuid() })
  .superRefine(checkRanges);

export interface Vacancy {
  id: string;
  communityCode: string;
  employerId: string;
  employerName: string;
  title: string;
  occupation: string | null;
  positions: number;
  wageMin: number | null;
  wageMax: number | null;
  requirements: string | null;
  validFrom: string;
  validTo: string;
  status: (typeof VACANCY_STATUSES)[number];
  expired: boolean;
  createdAt: string;
  updatedAt: string;
}
