// The whole record an import would write, checked by the same zod schemas as the desk's forms (one rule
// for a typed and an imported resident), after the merge with what the station knows. Each problem is
// put back on a column of the sheet, in Chinese, with the six-clears section it belongs to.
import { residentCreateSchema } from '../resident';
import { householdCreateSchema } from '../household';
import { employerCreateSchema, vacancyCreateSchema } from '../employer';
import { SECTION_KEYS } from '../sixClears';
import { KIND_SPECS, type LedgerKind } from './kinds';
import type { RowIssue } from './row';

/** Fields of the stored record → the columns (input fields) that feed them, first the most telling. */
const SOURCES: Record<LedgerKind, Record<string, string[]>> = {
  residents: {
    disability: ['disabilityLevel'],
    unemployment: ['u.status', 'u.since', 'u.registered', 'u.reason'],
    preferences: ['p.occupations', 'p.industries', 'p.area', 'p.hours', 'p.expectedWage'],
    income: ['i.householdSize', 'i.monthlyIncome'],
    outcome: ['o.result', 'o.employer', 'o.date', 'o.channel', 'o.reasonNotYet'],
  },
  employers: { contacts: ['contactName', 'contactPhone', 'contactRole'] },
  register: { contacts: ['legalRep'], industry: ['industryCode'], registration: ['status', 'registeredOn'] },
  households: {},
  vacancies: { wageMin: ['wageMin', 'wage'], wageMax: ['wageMax', 'wage'] },
};

const SECTION_PREFIX: Record<string, string> = {
  unemployment: 'u.',
  preferences: 'p.',
  income: 'i.',
  outcome: 'o.',
};

/** The column to blame for a problem with `path` of the stored record; `mapped` says which columns exist. */
export function sourceField(
  kind: LedgerKind,
  path: readonly PropertyKey[],
  mapped: (f: string) => boolean,
): string {
  const top = String(path[0] ?? '');
  const prefix = SECTION_PREFIX[top];
  if (prefix && path[1] !== undefined && mapped(prefix + String(path[1]))) return prefix + String(path[1]);
  const candidates = SOURCES[kind][top] ?? [top];
  return candidates.find(mapped) ?? candidates[0] ?? top;
}

/** 失业状况清 for a problem inside that section, so the reason says which part of the six clears it is. */
function sectionLabel(kind: LedgerKind, top: string): string | null {
  if (kind !== 'residents' || !(SECTION_KEYS as readonly string[]).includes(top)) return null;
  return KIND_SPECS.residents.groups.find((g) => g.key === top)?.label ?? null;
}

const HAN = /\p{Script=Han}/u;

function checkSections(
  values: Record<string, unknown>,
  out: Array<{ path: string[]; message: string }>,
): void {
  const u = values.unemployment as Record<string, unknown> | null | undefined;
  if (u && !u.status)
    out.push({ path: ['unemployment', 'status'], message: '请填写就业状况（就业、灵活就业或失业）' });
  const i = values.income as Record<string, unknown> | null | undefined;
  if (i && i.householdSize == null)
    out.push({ path: ['income', 'householdSize'], message: '填写家庭月收入时须同时填写家庭人口' });
  if (i && i.monthlyIncome == null)
    out.push({ path: ['income', 'monthlyIncome'], message: '填写家庭人口时须同时填写家庭月收入' });
  const o = values.outcome as Record<string, unknown> | null | undefined;
  if (o && !o.result) out.push({ path: ['outcome', 'result'], message: '请填写就业去向' });
}

const ANY_UUID = '00000000-0000-7000-8000-000000000000';

/** Problems of the merged record, each on a column; empty when it can be written. */
export function validateRecord(
  kind: LedgerKind,
  key: string,
  values: Record<string, unknown>,
  mapped: (field: string) => boolean,
): RowIssue[] {
  const found: Array<{ path: readonly PropertyKey[]; message: string }> = [];
  let result: {
    success: boolean;
    error?: { issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }> };
  };
  switch (kind) {
    case 'residents': {
      const pre: Array<{ path: string[]; message: string }> = [];
      checkSections(values, pre);
      if (pre.length) {
        found.push(...pre);
        result = { success: true };
      } else {
        const { confirmedAt: _c, ...rest } = values;
        result = residentCreateSchema.safeParse({ ...rest, idNumber: key });
      }
      break;
    }
    case 'employers':
    case 'register':
      result = employerCreateSchema.safeParse({ ...values, creditCode: key });
      break;
    case 'households':
      result = householdCreateSchema.safeParse(values);
      break;
    case 'vacancies':
      result = vacancyCreateSchema.safeParse({ ...values, employerId: ANY_UUID });
      break;
  }
  if (!result.success && result.error) found.push(...result.error.issues);
  return found.map((i) => {
    const top = String(i.path[0] ?? '');
    const section = sectionLabel(kind, top);
    const message = HAN.test(i.message) ? i.message : '内容不符合要求';
    return { field: sourceField(kind, i.path, mapped), reason: section ? `${section}：${message}` : message };
  });
}
