// Methods of the station core: session, operators, residents, households, employers, vacancies, reference
// data, settings and the work list. Every input is parsed here before a handler sees it.
import { z } from 'zod';
import { method } from './define';
import {
  residentCreateSchema,
  residentUpdateSchema,
  type Resident,
  type ResidentRow,
  SUBSISTENCE_STATUSES,
} from '../domain/resident';
import { householdCreateSchema, householdUpdateSchema, type Household } from '../domain/household';

/** What a resident's income section says against their household (issue 15); no amount in it. */
export interface HouseholdIncomeCheck {
  headName: string | null;
  size: number;
  subsistence: 'none' | 'dibao' | 'dibian';
  /** Recorded on the household (its amount is not sent). */
  hasIncome: boolean;
  differs: Array<'size' | 'income' | 'subsistence'>;
}
import {
  employerCreateSchema,
  employerUpdateSchema,
  vacancyCreateSchema,
  vacancyUpdateSchema,
  VACANCY_STATUSES,
  type Employer,
  type Vacancy,
} from '../domain/employer';
import { SECTION_KEYS, type SectionKey } from '../domain/sixClears';
import { LIFECYCLE_STATES, lifecycleSchema } from '../domain/lifecycle';
import type { MeasureKind } from '../domain/assistance/card';

const id = z.object({ id: z.string().uuid({ message: 'id 格式不正确' }) });
const username = z
  .string()
  .trim()
  .min(2, { message: '用户名至少 2 个字符' })
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/, { message: '用户名只能包含字母、数字和 _ . -' });
const password = z.string().min(8, { message: '密码至少 8 位' }).max(128);
const communityCode = z.string().regex(/^\d{12}$/, { message: '社区代码应为 12 位数字' });
const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
};

export type Role = 'assistant' | 'admin';
export interface Operator {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  /** pre-fills the contact cards this operator makes (issue 15) */
  phone?: string | null;
}
export interface SessionInfo {
  operator: Operator;
  communityCode: string;
  communityName: string;
  streetName: string;
  stationName: string;
  stationNumber: number;
}
export interface Community {
  code: string;
  name: string;
  streetCode: string;
  streetName: string;
}
export interface HistoryEntry {
  seq: number;
  at: string;
  operator: string;
  op: 'create' | 'update' | 'delete' | 'confirm' | 'reveal';
  /**
   * Values as stored, except: six-clears sections (`clear_*`) come as objects (or null), the ID number is
   * always masked, and income (`clear_income.monthlyIncome`, `monthly_income`) is masked unless revealed.
   */
  changes: Array<{ field: string; old: unknown; new: unknown }>;
  /** Where the change came from when it was not typed at the desk: "导入：<file>", "撤销导入：<file>". */
  source?: string;
}
/** An open plan measure past its due date, on a holder's valid assistance card. */
export interface WorkItemMeasure {
  id: string;
  cardId: string;
  cardNumber: string;
  kind: MeasureKind;
  owner: string;
  dueDate: string;
  note: string | null;
  daysOverdue: number;
}
/**
 * One line of today's work. `kind: 'measure'` — an overdue plan measure (a promise already made to the
 * holder, `resident`): `measure` is set, `reason` is 'overdue', `sections` is empty and `priority` 0.
 * `kind: 'clears'` — the resident's six clears are incomplete ('missing') or out of date ('stale').
 */
export interface WorkItem {
  kind: 'clears' | 'measure';
  resident: ResidentRow;
  reason: 'missing' | 'stale' | 'overdue';
  sections: SectionKey[];
  priority: number;
  measure?: WorkItemMeasure;
}

export const RESIDENT_SORT_FIELDS = [
  'name',
  'age',
  'birthDate',
  'updatedAt',
  'sixClears',
  'oldestConfirmedAt',
] as const;
export const SIX_CLEAR_FILTERS = ['complete', 'incomplete', 'missing', 'stale'] as const;
/** Employment status as the unemployment section records it, or 'unknown' where it is not recorded. */
export const EMPLOYMENT_FILTERS = ['employed', 'flexible', 'unemployed', 'unknown'] as const;
/**
 * Age bands whose limits come from the reference data (the 大龄失业 category's thresholds by sex):
 * '4050' — women from 40, men from 50, to retirement; 'working' — 16 to retirement; 'beyond' — past it.
 */
export const AGE_BANDS = ['4050', 'working', 'beyond'] as const;

export const residentListInput = z.object({
  ...page,
  sort: z
    .array(z.object({ field: z.enum(RESIDENT_SORT_FIELDS), dir: z.enum(['asc', 'desc']) }))
    .max(3)
    .optional(),
  filter: z
    .object({
      quick: z.string().max(50).optional(),
      name: z.string().max(30).optional(),
      idNumber: z.string().max(18).optional(),
      sex: z.enum(['M', 'F']).optional(),
      ageMin: z.number().int().min(0).max(150).optional(),
      ageMax: z.number().int().min(0).max(150).optional(),
      sixClears: z.enum(SIX_CLEAR_FILTERS).optional(),
      householdId: z.string().uuid().optional(),
      // issue 15: the desk's grid columns and quick filters
      employment: z.enum(EMPLOYMENT_FILTERS).optional(),
      phone: z.string().max(20).optional(),
      address: z.string().max(50).optional(),
      household: z.enum(['yes', 'no']).optional(),
      card: z.enum(['valid', 'none']).optional(),
      category: z.string().max(40).optional(),
      ageBand: z.enum(AGE_BANDS).optional(),
      lifecycle: z.enum(['active', 'left', ...LIFECYCLE_STATES]).optional(),
    })
    .optional(),
});

export const coreContract = {
  'session.state': method<{ setupDone: boolean; communityCode: string | null; stationName: string | null }>()(
    z.object({}),
    'public',
  ),
  'session.setup': method<SessionInfo>()(
    z.object({
      communityCode,
      stationName: z.string().trim().max(50).optional(),
      stationNumber: z.number().int().min(1).max(99).optional(),
      admin: z.object({
        username,
        password,
        displayName: z.string().trim().min(1, { message: '请填写姓名' }).max(30),
      }),
    }),
    'public',
  ),
  'session.login': method<{ token: string; session: SessionInfo }>()(
    z.object({
      username: z.string().trim().min(1, { message: '请填写用户名' }),
      password: z.string().min(1, { message: '请填写密码' }),
    }),
    'public',
  ),
  'session.logout': method<{ ok: true }>()(z.object({})),
  'session.me': method<SessionInfo>()(z.object({})),

  'operators.create': method<Operator>()(
    z.object({
      username,
      password,
      displayName: z.string().trim().min(1).max(30),
      role: z.enum(['assistant', 'admin']),
    }),
    'admin',
  ),
  'operators.list': method<{ items: Operator[] }>()(z.object({}), 'admin'),
  'operators.setDisabled': method<Operator>()(id.extend({ disabled: z.boolean() }), 'admin'),
  // both end the operator's other sessions: a changed password must lock out whoever knew the old one
  'operators.changePassword': method<{ ok: true }>()(
    z.object({ oldPassword: z.string(), newPassword: password }),
  ),
  'operators.resetPassword': method<{ ok: true }>()(id.extend({ newPassword: password }), 'admin'),

  'residents.create': method<Resident>()(residentCreateSchema),
  'residents.update': method<Resident>()(residentUpdateSchema),
  // ID number and income come masked unless `reveal`, which is logged (shared/domain/privacy.ts)
  'residents.get': method<Resident>()(id.extend({ reveal: z.boolean().optional() })),
  'residents.search': method<{ items: ResidentRow[] }>()(
    z.object({
      query: z.string().max(50, { message: '搜索词最多 50 个字符' }),
      limit: z.number().int().min(1).max(100).default(20),
    }),
  ),
  'residents.list': method<{ items: ResidentRow[]; total: number }>()(residentListInput),
  'residents.remove': method<{ ok: true }>()(id),
  // moved away / retired / deceased / left working age, or back in the book (null); never a deletion
  'residents.setLifecycle': method<Resident>()(id.extend({ lifecycle: lifecycleSchema.nullable() })),
  'residents.confirmClears': method<Resident>()(
    id.extend({ sections: z.array(z.enum(SECTION_KEYS)).min(1, { message: '请选择要确认的部分' }) }),
  ),
  // income in the history is masked unless `reveal` (which is logged, like residents.get's reveal)
  'residents.history': method<{ items: HistoryEntry[]; incomeMasked: boolean }>()(
    id.extend({ reveal: z.boolean().optional() }),
  ),
  'residents.findByIdNumber': method<{ resident: ResidentRow | null }>()(
    z.object({ idNumber: z.string().max(20) }),
  ),
  'residents.possibleDuplicates': method<{ items: ResidentRow[] }>()(
    z.object({
      name: z.string().trim().min(1).max(30),
      birthDate: z.string().max(10),
      excludeId: z.string().uuid().optional(),
    }),
  ),

  'households.create': method<Household>()(householdCreateSchema),
  'households.update': method<Household>()(householdUpdateSchema),
  // income and per-capita income masked unless `reveal` (logged); writes and the list answer masked
  'households.get': method<Household>()(id.extend({ reveal: z.boolean().optional() })),
  // issue 15: does a resident's 家庭收入清 agree with the household? The household's amount is compared at the
  // station and never answered (masked data stays masked); the answer names what differs.
  'households.checkIncome': method<HouseholdIncomeCheck>()(
    z.object({
      id: z.string().uuid({ message: '请选择家庭' }),
      householdSize: z.number().int().min(0).max(1000).optional(),
      monthlyIncome: z.number().min(0).max(1e9).optional(),
      /** Without monthlyIncome (masked on the desk): the amount stored in this resident's income section. */
      residentId: z.string().uuid().optional(),
      subsistence: z.enum(SUBSISTENCE_STATUSES).optional(),
    }),
  ),
  'households.list': method<{ items: Household[]; total: number }>()(
    z.object({ ...page, query: z.string().max(50).optional() }),
  ),
  'households.setMember': method<Household>()(
    z.object({
      householdId: z.string().uuid(),
      residentId: z.string().uuid(),
      relation: z.string().trim().max(20).nullable().optional(),
    }),
  ),
  'households.removeMember': method<Household>()(
    z.object({ householdId: z.string().uuid(), residentId: z.string().uuid() }),
  ),

  'employers.create': method<Employer>()(employerCreateSchema),
  'employers.update': method<Employer>()(employerUpdateSchema),
  'employers.get': method<Employer>()(id),
  'employers.search': method<{ items: Employer[] }>()(
    z.object({ query: z.string().max(50), limit: z.number().int().min(1).max(100).default(20) }),
  ),
  'employers.list': method<{ items: Employer[]; total: number }>()(
    z.object({ ...page, query: z.string().max(50).optional() }),
  ),

  'vacancies.create': method<Vacancy>()(vacancyCreateSchema),
  'vacancies.update': method<Vacancy>()(vacancyUpdateSchema),
  'vacancies.get': method<Vacancy>()(id),
  'vacancies.list': method<{ items: Vacancy[]; total: number }>()(
    z.object({
      ...page,
      employerId: z.string().uuid().optional(),
      status: z.enum(VACANCY_STATUSES).optional(),
      includeExpired: z.boolean().default(true),
      query: z.string().max(50).optional(),
      // ADDED: (issue 9) 'shared': other communities' vacancies the district shares (read-only here)
      scope: z.enum(['own', 'shared']).default('own'),
    }),
  ),

  'reference.communities': method<{ items: Community[] }>()(
    z.object({ streetCode: z.string().optional() }),
    'public',
  ),
  'reference.streets': method<{ items: Array<{ code: string; name: string }> }>()(z.object({}), 'public'),

  'settings.get': method<{ staleAfterDays: number; stationName: string }>()(z.object({})),
  'settings.update': method<{ staleAfterDays: number; stationName: string }>()(
    z.object({
      staleAfterDays: z.number().int().min(7).max(3650).optional(),
      stationName: z.string().trim().min(1).max(50).optional(),
    }),
    'admin',
  ),

  'worklist.today': method<{ items: WorkItem[]; total: number }>()(z.object({ ...page })),
};
