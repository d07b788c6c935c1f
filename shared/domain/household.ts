// Household (家庭): members are residents pointing at it. Per-capita income and the zero-employment flag
// (零就业家庭: every member of working age who can work is without work) are derived, never stored.
import { z } from 'zod';
import { SUBSISTENCE_STATUSES } from './resident';
import type { SixClears } from './sixClears';
import type { IncomeAmount } from './privacy';

const householdFields = z.object({
  address: z.string().trim().max(200).nullable().optional(),
  headName: z.string().trim().max(30).nullable().optional(),
  /** Household income per month, yuan. */
  monthlyIncome: z.number().min(0, { message: '收入不能为负数' }).max(10_000_000).nullable().optional(),
  subsistence: z.enum(SUBSISTENCE_STATUSES),
  note: z.string().trim().max(500).nullable().optional(),
});
export const householdCreateSchema = householdFields.extend({
  subsistence: householdFields.shape.subsistence.default('none'),
});
// Built from the fields without defaults: a default inside .partial() would still fire and reset a field
// the caller did not send (an update of the address must not clear 低保 status).
export const householdUpdateSchema = householdFields.partial().extend({ id: z.string().uuid() });

export interface HouseholdMember {
  id: string;
  name: string;
  relation: string | null;
  age: number;
  sex: 'M' | 'F';
  employment: 'employed' | 'flexible' | 'unemployed' | null;
}

export interface Household {
  id: string;
  communityCode: string;
  address: string | null;
  headName: string | null;
  /** MASKED_INCOME unless the caller asked to reveal (shared/domain/privacy.ts); null when not recorded. */
  monthlyIncome: IncomeAmount;
  subsistence: (typeof SUBSISTENCE_STATUSES)[number];
  note: string | null;
  members: HouseholdMember[];
  size: number;
  /** Masked with monthlyIncome. */
  perCapitaIncome: IncomeAmount;
  incomeMasked: boolean;
  zeroEmployment: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Working age for the zero-employment rule: 16 to the statutory retirement age (60 men, 50/55 women). */
export interface WorkingAgeRule {
  min: number;
  maxMale: number;
  maxFemale: number;
}
export const DEFAULT_WORKING_AGE: WorkingAgeRule = { min: 16, maxMale: 60, maxFemale: 55 };

export function isWorkingAge(
  age: number,
  sex: 'M' | 'F',
  rule: WorkingAgeRule = DEFAULT_WORKING_AGE,
): boolean {
  return age >= rule.min && age < (sex === 'M' ? rule.maxMale : rule.maxFemale);
}

/**
 * 零就业家庭: at least one member of working age, and none of the working-age members employed
 * (flexible employment counts as employed). Members with no recorded status do not make it zero-employment.
 */
export function isZeroEmploymentHousehold(
  members: Array<{ age: number; sex: 'M' | 'F'; clears: Pick<SixClears, 'unemployment'> }>,
  rule: WorkingAgeRule = DEFAULT_WORKING_AGE,
): boolean {
  const working = members.filter((m) => isWorkingAge(m.age, m.sex, rule));
  if (working.length === 0) return false;
  return working.every((m) => m.clears.unemployment?.status === 'unemployed');
}

export function perCapitaIncome(monthlyIncome: number | null, size: number): number | null {
  if (monthlyIncome === null || size === 0) return null;
  return Math.round((monthlyIncome / size) * 100) / 100;
}
