// A synced row and its outbox entry are written together, inside the caller's write() transaction: the
// diff of synced fields decides both, so a change without its entry (or an entry for a no-op) cannot happen.
import type { Transaction } from 'kysely';
import type { EntityName } from '../../shared/sync/entities';
import type { Record as RecordOutbox } from '../context';
import type { StationDB } from './schema';
import { diffRow, type OutboxOp } from './outbox';

/** A whole row of a synced table, as read or about to be inserted. */
export type SyncedRow<E extends EntityName> = StationDB[E] & { id: string };

type AnyRow = globalThis.Record<string, unknown>;

/** Kysely cannot resolve column types through a generic table name; the signatures below check the rows. */
function untyped(trx: Transaction<StationDB>): Transaction<globalThis.Record<string, AnyRow>> {
  return trx as unknown as Transaction<globalThis.Record<string, AnyRow>>;
}

/** Inserts a new row and appends its 'create' entry. */
export async function insertRecorded<E extends EntityName>(
  trx: Transaction<StationDB>,
  record: RecordOutbox,
  entity: E,
  row: SyncedRow<E>,
): Promise<void> {
  await untyped(trx)
    .insertInto(entity as string)
    .values(row as object as AnyRow)
    .execute();
  await record({ entity, rowId: row.id, op: 'create', changes: diffRow(entity, null, row) });
}

/**
 * Writes `after` over the row and appends one entry with the synced fields that changed; when none did,
 * neither the UPDATE nor the entry happens. Returns whether it wrote.
 */
export async function updateRecorded<E extends EntityName>(
  trx: Transaction<StationDB>,
  record: RecordOutbox,
  entity: E,
  before: SyncedRow<E>,
  after: SyncedRow<E>,
  op: Exclude<OutboxOp, 'create'> = 'update',
): Promise<boolean> {
  const changes = diffRow(entity, before, after);
  if (Object.keys(changes).length === 0) return false;
  await untyped(trx)
    .updateTable(entity as string)
    .set(after as object as AnyRow)
    .where('id', '=', before.id)
    .execute();
  await record({ entity, rowId: before.id, op, changes });
  return true;
}
