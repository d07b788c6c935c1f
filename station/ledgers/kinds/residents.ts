// Residents for the import: found by ID number, written as `residents.create` and `residents.update` write
// them (same row builder, same derived columns, same outbox entries).
import { residentCreateSchema } from '../../../shared/domain/resident';
import type { ResidentRowDb } from '../../db/schema';
import { insertRecorded, updateRecorded } from '../../db/recorded';
import { uuidv7 } from '../../ids';
import {
  clearsOf,
  deriveResidentColumns,
  newResidentRow,
  residentColumnsFromInput,
  withOneSubsistence,
} from '../../residents/repository';
import type { Existing, KindStore } from './types';

export function residentValues(row: ResidentRowDb): Record<string, unknown> {
  return {
    name: row.name,
    phone: row.phone,
    address: row.address,
    hukouType: row.hukou_type,
    householdRelation: row.household_relation,
    landlessFarmer: !!row.landless_farmer,
    disability: row.disability ? (JSON.parse(row.disability) as unknown) : null,
    subsistence: row.subsistence,
    veteran: !!row.veteran,
    singleParent: !!row.single_parent,
    releasedOrRehab: !!row.released_or_rehab,
    graduateYear: row.graduate_year,
    note: row.note,
    ...clearsOf(row),
  };
}

function withoutMeta(values: Record<string, unknown>): Record<string, unknown> {
  const { confirmedAt: _c, ...rest } = values;
  return rest;
}

export const residentStore: KindStore = {
  entity: 'residents',

  async load(db, keys) {
    const out = new Map<string, Existing>();
    if (!keys.length) return out;
    const rows = await db
      .selectFrom('residents')
      .selectAll()
      .where('id_number', 'in', keys as string[])
      .where('deleted_at', 'is', null)
      .execute();
    for (const r of rows) out.set(r.id_number, { id: r.id, stamp: r.updated_at, values: residentValues(r) });
    return out;
  },

  async create(w, key, values) {
    const input = residentCreateSchema.parse({ ...withoutMeta(values), idNumber: key });
    const row = newResidentRow(input, w.communityCode, uuidv7(w.now.getTime()), w.now.toISOString());
    await insertRecorded(w.trx, w.record, 'residents', row);
  },

  async update(w, existing, values) {
    const before = await w.trx
      .selectFrom('residents')
      .selectAll()
      .where('id', '=', existing.id)
      .executeTakeFirstOrThrow();
    const input = withoutMeta(values);
    const merged = withOneSubsistence(
      { ...before, ...residentColumnsFromInput(input) },
      (input as { subsistence?: string }).subsistence,
    );
    const after = { ...merged, ...deriveResidentColumns(merged), updated_at: w.now.toISOString() };
    return updateRecorded(w.trx, w.record, 'residents', before, after);
  },
};
