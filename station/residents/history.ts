// A resident's history as a person reads it: outbox entries turned into "who changed what from what to
// what". Income and ID numbers are sensitive: the ID number is always masked here (residents.get reveals
// it), income only when the caller asked to see it, and that reveal is logged.
import type { HistoryEntry } from '../../shared/contract/core';
import { maskIdNumber } from '../../shared/validators/idNumber';
import type { Executor } from '../db/schema';
import { MASKED_INCOME, maskIncomeAmount, maskIncomeSection } from '../../shared/domain/privacy';

export { MASKED_INCOME };

const SECTION_FIELDS = new Set([
  'clear_unemployment',
  'clear_skills',
  'clear_training',
  'clear_preferences',
  'clear_income',
  'clear_outcome',
]);

/** Sections are stored as JSON text; a value that does not parse is shown as its text, never thrown on. */
function parseSection(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

export function maskHistoryValue(field: string, v: unknown, revealIncome: boolean): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (field === 'id_number') return typeof v === 'string' ? maskIdNumber(v) : v;
  if (field === 'monthly_income') return revealIncome ? v : maskIncomeAmount(v);
  if (!SECTION_FIELDS.has(field)) return v;
  const section = parseSection(v);
  if (field !== 'clear_income' || revealIncome) return section;
  // income text that does not parse might still hold the amount: mask it whole
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return MASKED_INCOME;
  return maskIncomeSection(section);
}

export async function residentHistory(
  db: Executor,
  residentId: string,
  revealIncome: boolean,
): Promise<HistoryEntry[]> {
  const entries = await db
    .selectFrom('outbox')
    // an entry an import batch wrote (or undid) says so: "导入：<file>" (station/ledgers)
    .leftJoin('import_entries as ie', 'ie.seq', 'outbox.seq')
    .leftJoin('import_batches as ib', 'ib.id', 'ie.batch_id')
    .select([
      'outbox.seq',
      'outbox.created_at',
      'outbox.operator_name',
      'outbox.op',
      'outbox.fields',
      'ie.phase',
      'ib.file_name',
    ])
    .where('outbox.entity', '=', 'residents')
    .where('outbox.row_id', '=', residentId)
    .orderBy('outbox.seq', 'desc')
    .limit(500)
    .execute();
  const out = entries.map((e) => ({
    seq: e.seq,
    at: e.created_at,
    operator: e.operator_name,
    op: e.op as HistoryEntry['op'],
    ...(e.file_name ? { source: `${e.phase === 'undo' ? '撤销导入' : '导入'}：${e.file_name}` } : {}),
    changes: Object.entries(JSON.parse(e.fields) as Record<string, [unknown, unknown]>)
      .filter(([, [o, n]]) => o !== n)
      .map(([field, [o, n]]) => ({
        field,
        old: maskHistoryValue(field, o, revealIncome),
        new: maskHistoryValue(field, n, revealIncome),
      })),
  }));
  return householdsAsNames(db, out);
}

/** A household is shown as its head and address, never as its id (a deleted or unknown one: 已删除的家庭). */
async function householdsAsNames(db: Executor, entries: HistoryEntry[]): Promise<HistoryEntry[]> {
  const ids = new Set<string>();
  for (const e of entries)
    for (const c of e.changes)
      if (c.field === 'household_id')
        for (const v of [c.old, c.new]) if (typeof v === 'string' && v) ids.add(v);
  if (ids.size === 0) return entries;
  const rows = await db
    .selectFrom('households')
    .select(['id', 'head_name', 'address'])
    .where('id', 'in', [...ids])
    .execute();
  const names = new Map(rows.map((r) => [r.id, householdName(r.head_name, r.address)]));
  const name = (v: unknown) => (typeof v === 'string' && v ? (names.get(v) ?? '已删除的家庭') : v);
  for (const e of entries)
    for (const c of e.changes)
      if (c.field === 'household_id') {
        c.old = name(c.old);
        c.new = name(c.new);
      }
  return entries;
}

export function householdName(head: string | null, address: string | null): string {
  if (head && address) return `${head}户（${address}）`;
  if (head) return `${head}户`;
  return address ?? '未填户主的家庭';
}
