// The district's copy of synced rows: load many at once (locked on PostgreSQL, so two instances merging
// into one row take turns), keep them in memory for a batch, write back the ones that changed.
import type { Transaction } from 'kysely';
import type { StoreKind } from '../db/open';
import type { ServerDB } from '../db/schema';

/** Per field: [community sequence of its last change (-1 until this batch's log is numbered), station]. */
export type FieldVersions = Record<string, [number, string]>;

export interface RowState {
  entity: string;
  rowId: string;
  community: string;
  fields: Record<string, unknown>;
  versions: FieldVersions;
  deleted: boolean;
  updatedSeq: number;
  isNew: boolean;
}

export const rowKey = (entity: string, rowId: string) => `${entity}\u0000${rowId}`;
const CHUNK = 500;

export async function loadRows(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  keys: Iterable<[string, string]>,
  into: Map<string, RowState>,
): Promise<void> {
  const byEntity = new Map<string, string[]>();
  for (const [entity, rowId] of keys) {
    if (into.has(rowKey(entity, rowId))) continue;
    const list = byEntity.get(entity) ?? [];
    list.push(rowId);
    byEntity.set(entity, list);
  }
  for (const entity of [...byEntity.keys()].sort()) {
    const ids = [...new Set(byEntity.get(entity))].sort();
    for (let i = 0; i < ids.length; i += CHUNK) {
      let q = trx
        .selectFrom('sync_rows')
        .selectAll()
        .where('entity', '=', entity)
        .where('row_id', 'in', ids.slice(i, i + CHUNK))
        .orderBy('row_id');
      if (kind === 'postgres') q = q.forUpdate();
      for (const r of await q.execute()) into.set(rowKey(r.entity, r.row_id), fromDb(r));
    }
  }
}

function fromDb(r: ServerDB['sync_rows']): RowState {
  return {
    entity: r.entity,
    rowId: r.row_id,
    community: r.community_code,
    fields: JSON.parse(r.fields) as Record<string, unknown>,
    versions: JSON.parse(r.field_versions) as FieldVersions,
    deleted: Number(r.deleted) === 1,
    updatedSeq: Number(r.updated_seq),
    isNew: false,
  };
}

export async function saveRows(trx: Transaction<ServerDB>, rows: RowState[], now: string): Promise<void> {
  const values = rows.map((r) => ({
    entity: r.entity,
    row_id: r.rowId,
    community_code: r.community,
    fields: JSON.stringify(r.fields),
    field_versions: JSON.stringify(r.versions),
    deleted: r.deleted ? 1 : 0,
    updated_seq: r.updatedSeq,
    updated_at: now,
  }));
  for (let i = 0; i < values.length; i += CHUNK) {
    await trx
      .insertInto('sync_rows')
      .values(values.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['entity', 'row_id']).doUpdateSet((eb) => ({
          community_code: eb.ref('excluded.community_code'),
          fields: eb.ref('excluded.fields'),
          field_versions: eb.ref('excluded.field_versions'),
          deleted: eb.ref('excluded.deleted'),
          updated_seq: eb.ref('excluded.updated_seq'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Residents seen by a community other than their own (open merge task) travel without household links:
 * the household belongs to the other community and does not exist on that station. */
export function fieldsFor(row: RowState, community: string): Record<string, unknown> {
  if (row.entity !== 'residents' || row.community === community) return row.fields;
  return { ...row.fields, household_id: null, household_relation: null };
}
