// Employers for the import, by credit code: the community's employer list and the business/tax register
// extract. The register's facts without a synced column (legal representative, registration date, status,
// deregistered) live in employer_registrations on this PC, each version remembering the one before it so
// an undo can put it back.
import type { EmployersTable, Executor } from '../../db/schema';
import { insertRecorded, updateRecorded } from '../../db/recorded';
import { uuidv7 } from '../../ids';
import { pinyinKeys } from '../../residents/pinyin';
import { stableJson } from '../../../shared/domain/ledgers/merge';
import type { Existing, KindStore, WriteCtx } from './types';

export interface Registration {
  legalRep: string | null;
  industryCode: string | null;
  registeredOn: string | null;
  status: string | null;
  deregistered: boolean;
}

function employerValues(r: EmployersTable): Record<string, unknown> {
  return {
    name: r.name,
    industry: r.industry,
    size: r.size,
    address: r.address,
    contacts: JSON.parse(r.contacts) as unknown,
  };
}

async function registrations(db: Executor, codes: readonly string[]): Promise<Map<string, Registration>> {
  const rows = codes.length
    ? await db
        .selectFrom('employer_registrations')
        .selectAll()
        .where('credit_code', 'in', codes as string[])
        .execute()
    : [];
  return new Map(
    rows.map((r) => [
      r.credit_code,
      {
        legalRep: r.legal_rep,
        industryCode: r.industry_code,
        registeredOn: r.registered_on,
        status: r.status,
        deregistered: !!r.deregistered,
      },
    ]),
  );
}

async function saveRegistration(w: WriteCtx, code: string, next: Registration, before: Registration | null) {
  if (before && stableJson(before) === stableJson(next)) return false;
  const row = {
    credit_code: code,
    legal_rep: next.legalRep,
    industry_code: next.industryCode,
    registered_on: next.registeredOn,
    status: next.status,
    deregistered: next.deregistered ? 1 : 0,
    batch_id: w.batchId,
    previous: before ? JSON.stringify(before) : null,
    updated_at: w.now.toISOString(),
  };
  await w.trx
    .insertInto('employer_registrations')
    .values(row)
    .onConflict((oc) => oc.column('credit_code').doUpdateSet(row))
    .execute();
  return true;
}

const COLS = { name: 'name', industry: 'industry', size: 'size', address: 'address' } as const;

function makeStore(withRegister: boolean): KindStore {
  return {
    entity: 'employers',

    async load(db, keys) {
      const out = new Map<string, Existing>();
      if (!keys.length) return out;
      const rows = await db
        .selectFrom('employers')
        .selectAll()
        .where('credit_code', 'in', keys as string[])
        .where('deleted_at', 'is', null)
        .execute();
      const regs = withRegister ? await registrations(db, keys) : new Map<string, Registration>();
      for (const r of rows) {
        const values = employerValues(r);
        if (withRegister) values.registration = regs.get(r.credit_code) ?? null;
        out.set(r.credit_code, { id: r.id, stamp: r.updated_at, values });
      }
      return out;
    },

    async create(w, key, values) {
      const name = String(values.name);
      const keys = pinyinKeys(name);
      const stamp = w.now.toISOString();
      const row: EmployersTable = {
        id: uuidv7(w.now.getTime()),
        community_code: w.communityCode,
        credit_code: key,
        name,
        name_pinyin: keys.full,
        name_initials: keys.initials,
        industry: (values.industry as string | undefined) ?? null,
        size: (values.size as string | undefined) ?? null,
        address: (values.address as string | undefined) ?? null,
        contacts: JSON.stringify(values.contacts ?? []),
        created_at: stamp,
        updated_at: stamp,
        deleted_at: null,
      };
      await insertRecorded(w.trx, w.record, 'employers', row);
      if (withRegister && values.registration) {
        const before = (await registrations(w.trx, [key])).get(key) ?? null;
        await saveRegistration(w, key, values.registration as Registration, before);
      }
    },

    async update(w, existing, values) {
      const before = await w.trx
        .selectFrom('employers')
        .selectAll()
        .where('id', '=', existing.id)
        .executeTakeFirstOrThrow();
      const after: EmployersTable = { ...before };
      for (const [k, col] of Object.entries(COLS))
        if (values[k] !== undefined) after[col] = values[k] as never;
      if (values.contacts !== undefined) after.contacts = JSON.stringify(values.contacts);
      const keys = pinyinKeys(after.name);
      after.name_pinyin = keys.full;
      after.name_initials = keys.initials;
      after.updated_at = w.now.toISOString();
      const wrote = await updateRecorded(w.trx, w.record, 'employers', before, after);
      let registered = false;
      if (withRegister && values.registration)
        registered = await saveRegistration(
          w,
          before.credit_code,
          values.registration as Registration,
          (existing.values.registration as Registration | null) ?? null,
        );
      return wrote || registered;
    },
  };
}

export const employerStore = makeStore(false);
export const registerStore = makeStore(true);
