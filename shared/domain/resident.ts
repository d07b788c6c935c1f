// Resident — a working-age person of the community in the labour-force database (人力资源信息库).
// Only name and ID number are required: door-to-door surveys fill the six clears over time.
import { z } from 'zod';
import { parseIdNumber } from '../validators/idNumber';
import { parsePhone } from '../validators/phone';
import { sixClearsSchema, type SixClears, type SixClearsState } from './sixClears';
import type { MaskedIncome } from './privacy';
import type { Lifecycle } from './lifecycle';

export const HUKOU_TYPES = ['local_urban', 'local_rural', 'nonlocal_urban', 'nonlocal_rural'] as const;
export const SUBSISTENCE_STATUSES = ['none', 'dibao', 'dibian'] as const;

export const idNumberField = z.string({ message: '请填写身份证号' }).transform((raw, ctx) => {
  const r = parseIdNumber(raw);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error.message, params: { check: r.error.code } });
    return z.NEVER;
  }
  return r.value.idNumber;
});

// An empty phone (or null) clears the number: a wrong number must be removable, not only replaceable.
export const phoneField = z.string().transform((raw, ctx) => {
  if (raw.trim() === '') return null;
  const r = parsePhone(raw);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', message: r.error.message });
    return z.NEVER;
  }
  return r.value.phone;
});

const nameField = z
  .string({ message: '请填写姓名' })
  .trim()
  .min(1, { message: '请填写姓名' })
  .max(30, { message: '姓名最多 30 个字' })
  .regex(/^[\p{Script=Han}A-Za-z·•.\s]+$/u, { message: '姓名只能包含汉字、字母和间隔号' });

const disabilitySchema = z
  .object({
    level: z.number().int().min(1).max(4).optional(), // 残疾等级 一级–四级
    kind: z.string().trim().max(30).optional(), // 视力/听力/言语/肢体/智力/精神/多重
    certificate: z.string().trim().max(40).optional(),
  })
  .nullable();

/** Fields a person types (everything but six clears). */
export const residentProfileSchema = z.object({
  phone: phoneField.nullable().optional(),
  hukouType: z.enum(HUKOU_TYPES).nullable().optional(),
  address: z.string().trim().max(200, { message: '地址最多 200 个字' }).nullable().optional(),
  householdId: z.string().uuid().nullable().optional(),
  householdRelation: z.string().trim().max(20).nullable().optional(), // 户主/配偶/子女/父母…
  landlessFarmer: z.boolean().optional(),
  disability: disabilitySchema.optional(),
  subsistence: z.enum(SUBSISTENCE_STATUSES).optional(),
  veteran: z.boolean().optional(), // 退役军人
  singleParent: z.boolean().optional(), // 单亲家庭抚养未成年子女
  releasedOrRehab: z.boolean().optional(), // 刑满释放/戒毒康复
  graduateYear: z.number().int().min(1950).max(2100).nullable().optional(), // 高校毕业年份
  note: z.string().trim().max(500).nullable().optional(),
});

export const residentCreateSchema = residentProfileSchema
  .extend({ name: nameField, idNumber: idNumberField })
  .extend(sixClearsSchema.shape);

export const residentUpdateSchema = residentProfileSchema
  .extend({ id: z.string().uuid(), name: nameField.optional(), idNumber: idNumberField.optional() })
  .extend(sixClearsSchema.shape);

export type ResidentCreateInput = z.input<typeof residentCreateSchema>;
export type ResidentCreate = z.output<typeof residentCreateSchema>;
export type ResidentUpdate = z.output<typeof residentUpdateSchema>;

/**
 * The district's notice that this person is also registered at another community (issue 8): `held` — this
 * community registered second, its edits wait at the district as proposals until the district decides the
 * merge; `kept` — this community holds the person, another community registered them too. Where, and the
 * masked number: never what the other community recorded.
 */
export interface ResidentHold {
  role: 'held' | 'kept';
  taskId: string;
  community: string;
  communityName: string | null;
  idNumberMasked: string;
  since: string;
}

type IncomeSection = NonNullable<SixClears['income']>;
/** The income section as an answer carries it: the amount is MASKED_INCOME unless revealed. */
export type ResidentIncome = Omit<IncomeSection, 'monthlyIncome'> & { monthlyIncome: number | MaskedIncome };

export interface Resident extends Omit<SixClears, 'income'> {
  id: string;
  communityCode: string;
  name: string;
  /** Masked unless the caller asked to reveal it (shared/domain/privacy.ts). */
  idNumber: string;
  idNumberMasked: boolean;
  income?: ResidentIncome | null;
  /** True when `income.monthlyIncome` is masked (always, unless the caller asked to reveal). */
  incomeMasked: boolean;
  birthDate: string;
  sex: 'M' | 'F';
  age: number;
  phone: string | null;
  hukouType: (typeof HUKOU_TYPES)[number] | null;
  address: string | null;
  householdId: string | null;
  householdRelation: string | null;
  landlessFarmer: boolean;
  disability: z.infer<typeof disabilitySchema>;
  subsistence: (typeof SUBSISTENCE_STATUSES)[number];
  veteran: boolean;
  singleParent: boolean;
  releasedOrRehab: boolean;
  graduateYear: number | null;
  note: string | null;
  /** Moved away, retired, deceased, left working age (issue 15); null while the person is in the book. */
  lifecycle: Lifecycle | null;
  sixClearsState: SixClearsState;
  createdAt: string;
  updatedAt: string;
  /** Set by the residents.* handlers from the district's notices; null when there is none. */
  hold?: ResidentHold | null;
}

/** A row of the residents grid: what a list needs, masked. */
export interface ResidentRow {
  id: string;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  age: number;
  birthDate: string;
  phone: string | null;
  communityCode: string;
  sixClearsState: SixClearsState;
  updatedAt: string;
  /** The district's notice about this person (see ResidentHold), for the list's mark. */
  hold?: ResidentHold | null;
  /** The lifecycle state, where the person has left the book (the grid's mark). */
  leftAs?: Lifecycle['state'] | null;
  /** The unemployment section's status (null when not recorded); the grid's column. */
  employmentStatus?: 'employed' | 'flexible' | 'unemployed' | null;
  address?: string | null;
  householdId?: string | null;
  /** Filled by residents.list: the household's head and size, for the grid. */
  household?: { id: string; headName: string | null; size: number } | null;
  /** Filled by residents.list: the person's valid assistance card and its category names. */
  card?: { id: string; cardNumber: string; categories: string[] } | null;
}
