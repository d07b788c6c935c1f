// Households for the import, found through their head: the row's key is the head's ID number, the head must
// already be a registered resident, and the household is the one the head belongs to (or a new one, with the
// head linked as 户主). Members named by ID number are linked; none is taken from another household.
import { maskIdNumber } from '../../../shared/validators/idNumber';
import type { RowIssue } from '../../../shared/domain/ledgers/row';
import type { Executor, HouseholdsTable, ResidentRowDb } from '../../db/schema';
import { insertRecorded, updateRecorded } from '../../db/recorded';
import { uuidv7 } from '../../ids';
import { deriveResidentColumns } from '../../residents/repository';
import type { Existing, KindStore, WriteCtx } from './types';

const COLS = {
  headName: 'head_name',
  address: 'address',
  monthlyIncome: 'monthly_income',
  subsistence: 'subsistence',
  note: 'note',
} as const;

async function residentsByIdNumber(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, ResidentRowDb>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('residents')
    .selectAll()
    .where('id_number', 'in', ids as string[])
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.id_number, r]));
}

async function link(w: WriteCtx, resident: ResidentRowDb, householdId: string, relation: string | null) {
  if (resident.household_id === householdId) return false;
  const merged = {
    ...resident,
    household_id: householdId,
    household_relation: relation ?? resident.household_relation,
  };
  const after = { ...merged, ...deriveResidentColumns(merged), updated_at: w.now.toISOString() };
  return updateRecorded(w.trx, w.record, 'residents', resident, after);
}

async function linkMembers(w: WriteCtx, householdId: string, members: unknown): Promise<boolean> {
  const ids = (members as string[] | undefined) ?? [];
  let wrote = false;
  for (const r of (await residentsByIdNumber(w.trx, ids)).values())
    wrote = (await link(w, r, householdId, null)) || wrote;
  return wrote;
}

export const householdStore: KindStore = {
  entity: 'households',

  async load(db, keys) {
    const out = new Map<string, Existing>();
    const heads = await residentsByIdNumber(db, keys);
    const householdIds = [...heads.values()].map((h) => h.household_id).filter((x): x is string => !!x);
    if (!householdIds.length) return out;
    const households = await db
      .selectFrom('households')
      .selectAll()
      .where('id', 'in', householdIds)
      .where('deleted_at', 'is', null)
      .execute();
    const members = await db
      .selectFrom('residents')
      .select(['household_id', 'id_number'])
      .where('household_id', 'in', householdIds)
      .where('deleted_at', 'is', null)
      .orderBy('birth_date')
      .execute();
    const byId = new Map(households.map((h) => [h.id, h]));
    for (const [key, head] of heads) {
      const h = head.household_id ? byId.get(head.household_id) : undefined;
      if (!h) continue;
      out.set(key, {
        id: h.id,
        stamp: h.updated_at,
        values: {
          headName: h.head_name,
          address: h.address,
          monthlyIncome: h.monthly_income,
          subsistence: h.subsistence,
          note: h.note,
          members: members
            .filter((m) => m.household_id === h.id && m.id_number !== key)
            .map((m) => m.id_number),
        },
      });
    }
    return out;
  },

  async check(db, rows) {
    const ids = new Set<string>();
    for (const r of rows) {
      ids.add(r.key);
      for (const m of (r.values.members as string[] | undefined) ?? []) ids.add(m);
    }
    const found = await residentsByIdNumber(db, [...ids]);
    const out = new Map<string, RowIssue[]>();
    for (const r of rows) {
      const issues: RowIssue[] = [];
      const head = found.get(r.key);
      if (!head)
        issues.push({
          field: 'headIdNumber',
          reason: `户主（身份证号 ${maskIdNumber(r.key)}）尚未登记为居民：请先导入居民台账`,
        });
      for (const m of (r.values.members as string[] | undefined) ?? []) {
        const member = found.get(m);
        if (!member)
          issues.push({ field: 'members', reason: `家庭成员（身份证号 ${maskIdNumber(m)}）尚未登记为居民` });
        else if (member.household_id && member.household_id !== head?.household_id)
          issues.push({
            field: 'members',
            reason: `家庭成员 ${member.name} 已属于另一个家庭，请先在该家庭中移除`,
          });
      }
      if (issues.length) out.set(r.key, issues);
    }
    return out;
  },

  async create(w, key, values) {
    const head = (await residentsByIdNumber(w.trx, [key])).get(key);
    if (!head) throw new Error('household head vanished');
    const stamp = w.now.toISOString();
    const row: HouseholdsTable = {
      id: uuidv7(w.now.getTime()),
      community_code: w.communityCode,
      address: (values.address as string | undefined) ?? head.address,
      head_name: (values.headName as string | undefined) ?? head.name,
      monthly_income: (values.monthlyIncome as number | undefined) ?? null,
      subsistence: (values.subsistence as string | undefined) ?? 'none',
      note: (values.note as string | undefined) ?? null,
      created_at: stamp,
      updated_at: stamp,
      deleted_at: null,
    };
    await insertRecorded(w.trx, w.record, 'households', row);
    await link(w, head, row.id, '户主');
    await linkMembers(w, row.id, values.members);
  },

  async update(w, existing, values) {
    const before = await w.trx
      .selectFrom('households')
      .selectAll()
      .where('id', '=', existing.id)
      .executeTakeFirstOrThrow();
    const after: HouseholdsTable = { ...before, updated_at: w.now.toISOString() };
    for (const [k, col] of Object.entries(COLS)) if (values[k] !== undefined) after[col] = values[k] as never;
    const wrote = await updateRecorded(w.trx, w.record, 'households', before, after);
    return (await linkMembers(w, existing.id, values.members)) || wrote;
  },
};
