// Employer (用人单位) and Vacancy (岗位) — the employer database (用人单位信息数据库).
import { z } from 'zod';
import { numberError } from '../i18n/zodMessages';
import { parseCreditCode } from '../validators/creditCode';
import { isRealDate } from './dates';
import { INDUSTRY_CODE, OCCUPATION_CODE } from './vocabulary';

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
/** The least schooling a vacancy asks for (学历要求), lowest first. */
export const EDUCATION_LEVELS = [
  'none',
  'junior',
  'senior',
  'vocational',
  'college',
  'bachelor',
  'postgraduate',
] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
/** Working age as the labour law and the desk know it: younger or older is a typing error. */
export const WORK_AGE_MIN = 16;
export const WORK_AGE_MAX = 75;
const age = (what: string) =>
  z
    .number({ message: `${what}应为数字` })
    .int({ message: `${what}应为整数` })
    .min(WORK_AGE_MIN, { message: `${what}不能小于 ${WORK_AGE_MIN} 岁（法定最低就业年龄）` })
    .max(WORK_AGE_MAX, { message: `${what}不能大于 ${WORK_AGE_MAX} 岁` });

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
  // ADDED: (issue 9) coded occupation and industry, age range, schooling, and whether the district shares it
  occupationCode: z.string().regex(OCCUPATION_CODE, { message: '职业代码格式不正确' }).nullable().optional(),
  industryCode: z.string().regex(INDUSTRY_CODE, { message: '行业代码格式不正确' }).nullable().optional(),
  ageMin: age('最低年龄').nullable().optional(),
  ageMax: age('最高年龄').nullable().optional(),
  education: z.enum(EDUCATION_LEVELS, { message: '请选择学历要求' }).nullable().optional(),
  shared: z.boolean().optional(),
});

type VacancyRange = {
  wageMin?: number | null;
  wageMax?: number | null;
  validFrom?: string;
  validTo?: string;
  ageMin?: number | null;
  ageMax?: number | null;
};
function checkRanges(v: VacancyRange, ctx: z.RefinementCtx) {
  if (v.wageMin != null && v.wageMax != null && v.wageMin > v.wageMax)
    ctx.addIssue({ code: 'custom', path: ['wageMax'], message: '最高工资不能低于最低工资' });
  if (v.validFrom && v.validTo && v.validFrom > v.validTo)
    ctx.addIssue({ code: 'custom', path: ['validTo'], message: '截止日期不能早于开始日期' });
  if (v.ageMin != null && v.ageMax != null && v.ageMin > v.ageMax)
    ctx.addIssue({ code: 'custom', path: ['ageMax'], message: '最高年龄不能低于最低年龄' });
}
export const vacancyCreateSchema = vacancyFields
  .extend({ status: vacancyFields.shape.status.default('open'), shared: z.boolean().default(true) })
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
  occupationCode: string | null;
  /** The vocabulary's name of the code (null when the code is not in the list this station holds). */
  occupationName: string | null;
  industryCode: string | null;
  industryName: string | null;
  ageMin: number | null;
  ageMax: number | null;
  education: EducationLevel | null;
  shared: boolean;
  /** Hires the district counted from recommendations of every community. */
  hired: number;
  /** Positions still open: positions less hires (never below 0). */
  openPositions: number;
  /** Another community's shared vacancy: read-only here. */
  foreign: boolean;
  /** Where it comes from: the employer's community and street, and whom to call. */
  communityName: string | null;
  streetName: string | null;
  employerAddress: string | null;
  employerContacts: Array<{ name: string; phone?: string }>;
  createdAt: string;
  updatedAt: string;
}
