// The district's copy of synced rows: load many at once (locked on PostgreSQL, so two instances merging
// into one row take turns), keep them in memory for a batch, write back the ones that changed.
import type { Transaction } from 'kysely';
import type { StoreKind } from '../db/open';
import type { ServerDB } from '../db/schema';
import { bulkInsert, idList } from '../db/bulk';
import { projectRows } from '../reports/projection';
import { PERSON_ROWS as REGISTRY_PERSON_ROWS } from '../../shared/sync/entities';
import { parseVersions, serialiseVersions, type RowVersions } from './versions';
import { decodeFields, encodeRows, knowLayouts } from './rowCodec';

export interface RowState {
  entity: string;
  rowId: string;
  community: string;
  fields: Record<string, unknown>;
  versions: RowVersions;
  deleted: boolean;
  updatedSeq: number;
  isNew: boolean;
}

export const rowKey = (entity: string, rowId: string) => `${entity}\u0000${rowId}`;
// rows per statement: big enough to amortise the round trip, small enough to keep one JSON parameter modest
const CHUNK = 5000;

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
    // ordered, so two instances lock the same rows in the same order and never deadlock on them
    let q = trx
      .selectFrom('sync_rows')
      .selectAll()
      .where('entity', '=', entity)
      .where('row_id', 'in', idList(kind, ids))
      .orderBy('row_id');
    if (kind === 'postgres') q = q.forUpdate();
    const found = await q.execute();
    await knowLayouts(
      trx,
      found.map((r) => r.fields),
    );
    for (const r of found) into.set(rowKey(r.entity, r.row_id), fromDb(r));
  }
}

function fromDb(r: ServerDB['sync_rows']): RowState {
  return {
    entity: r.entity,
    rowId: r.row_id,
    community: r.community_code,
    fields: decodeFields(r.fields),
    versions: parseVersions(r.field_versions),
    deleted: Number(r.deleted) === 1,
    updatedSeq: Number(r.updated_seq),
    isNew: false,
  };
}

const ROW_COLUMNS = [
  'entity',
  'row_id',
  'community_code',
  'fields',
  'field_versions',
  'deleted',
  'updated_seq',
  'updated_at',
] as const;

export async function saveRows(
  trx: Transaction<ServerDB>,
  kind: StoreKind,
  rows: RowState[],
  now: string,
  /** The fields a batch changed in a row it neither created nor sent whole (the report skips the row when
   * none of them is one its facts read). */
  changedOf?: (row: RowState) => ReadonlySet<string> | undefined,
): Promise<void> {
  const stored = await encodeRows(trx, rows);
  const values = rows.map((r, i) => [
    r.entity,
    r.rowId,
    r.community,
    stored[i]!,
    serialiseVersions(r.versions),
    r.deleted ? 1 : 0,
    r.updatedSeq,
    now,
  ]);
  for (let i = 0; i < values.length; i += CHUNK) {
    await bulkInsert(trx, kind, 'sync_rows', ROW_COLUMNS, values.slice(i, i + CHUNK), {
      keys: ['entity', 'row_id'],
      update: ROW_COLUMNS.slice(2),
    });
  }
  // the report tables follow in the same transaction (residents, cards, vacancies)
  await projectRows(trx, kind, changedOf ? rows.map((r) => ({ ...r, changed: changedOf(r) })) : rows);
}

/**
 * Entities whose row id IS the person's id (a holder's plan: one per person, id = resident id). They follow
 * the person: a redirect of the resident redirects them too. Derived from the registry (`personRow`).
 */
export const PERSON_ROWS: readonly string[] = REGISTRY_PERSON_ROWS;
