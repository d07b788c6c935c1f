// Vacancies for the import: the employer by credit code (it must be in the employer book), and the
// vacancy by employer and title — the latest live one of that title is updated, otherwise one is created.
import type { RowIssue } from '../../../shared/domain/ledgers/row';
import type { Executor, VacanciesTable } from '../../db/schema';
import { insertRecorded, updateRecorded } from '../../db/recorded';
import { uuidv7 } from '../../ids';
import type { Existing, KindStore } from './types';

const COLS = {
  title: 'title',
  occupation: 'occupation',
  positions: 'positions',
  wageMin: 'wage_min',
  wageMax: 'wage_max',
  requirements: 'requirements',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  status: 'status',
} as const;

const split = (key: string) => {
  const i = key.indexOf('|');
  return { code: key.slice(0, i), title: key.slice(i + 1) };
};

async function employerIds(db: Executor, codes: readonly string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db
    .selectFrom('employers')
    .select(['id', 'credit_code'])
    .where('credit_code', 'in', codes as string[])
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(rows.map((r) => [r.credit_code, r.id]));
}

export const vacancyStore: KindStore = {
  entity: 'vacancies',

  async load(db, keys) {
    const out = new Map<string, Existing>();
    const parts = keys.map(split);
    const employers = await employerIds(db, [...new Set(parts.map((p) => p.code))]);
    const ids = [...employers.values()];
    if (!ids.length) return out;
    const rows = await db
      .selectFrom('vacancies')
      .selectAll()
      .where('employer_id', 'in', ids)
      .where('title', 'in', [...new Set(parts.map((p) => p.title))])
      .where('deleted_at', 'is', null)
      .orderBy('updated_at', 'desc')
      .execute();
    const codeOf = new Map([...employers].map(([code, id]) => [id, code]));
    for (const r of rows) {
      const key = `${codeOf.get(r.employer_id)}|${r.title}`;
      if (out.has(key)) continue;
      out.set(key, {
        id: r.id,
        stamp: r.updated_at,
        values: {
          title: r.title,
          occupation: r.occupation,
          positions: r.positions,
          wageMin: r.wage_min,
          wageMax: r.wage_max,
          requirements: r.requirements,
          validFrom: r.valid_from,
          validTo: r.valid_to,
          status: r.status,
        },
      });
    }
    return out;
  },

  async check(db, rows) {
    const employers = await employerIds(db, [...new Set(rows.map((r) => split(r.key).code))]);
    const out = new Map<string, RowIssue[]>();
    for (const r of rows) {
      const { code } = split(r.key);
      if (!employers.has(code))
        out.set(r.key, [
          { field: 'creditCode', reason: `用人单位（统一社会信用代码 ${code}）尚未登记：请先导入用人单位` },
        ]);
    }
    return out;
  },

  async create(w, key, values) {
    const employerId = (await employerIds(w.trx, [split(key).code])).get(split(key).code);
    if (!employerId) throw new Error('employer vanished');
    const stamp = w.now.toISOString();
    const row: VacanciesTable = {
      id: uuidv7(w.now.getTime()),
      community_code: w.communityCode,
      employer_id: employerId,
      title: String(values.title),
      occupation: (values.occupation as string | undefined) ?? null,
      positions: Number(values.positions),
      wage_min: (values.wageMin as number | null | undefined) ?? null,
      wage_max: (values.wageMax as number | null | undefined) ?? null,
      requirements: (values.requirements as string | undefined) ?? null,
      valid_from: String(values.validFrom),
      valid_to: String(values.validTo),
      status: (values.status as string | undefined) ?? 'open',
      created_at: stamp,
      updated_at: stamp,
      deleted_at: null,
    };
    await insertRecorded(w.trx, w.record, 'vacancies', row);
  },

  async update(w, existing, values) {
    const before = await w.trx
      .selectFrom('vacancies')
      .selectAll()
      .where('id', '=', existing.id)
      .executeTakeFirstOrThrow();
    const after: VacanciesTable = { ...before, updated_at: w.now.toISOString() };
    for (const [k, col] of Object.entries(COLS)) if (values[k] !== undefined) after[col] = values[k] as never;
    return updateRecorded(w.trx, w.record, 'vacancies', before, after);
  },
};
