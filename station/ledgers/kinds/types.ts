// What the import needs from each kind of record at the station: find the stored records a chunk of rows
// names, see problems only the database can see, and write a record through the recorded-write helpers.
import type { Transaction } from 'kysely';
import type { RowIssue } from '../../../shared/domain/ledgers/row';
import type { Record as RecordOutbox } from '../../context';
import type { Executor, StationDB } from '../../db/schema';

/** A stored record as the import compares it: its values in the ledger's shape, and its version stamp. */
export interface Existing {
  id: string;
  /** updated_at when read: a commit refuses a record changed after its preview. */
  stamp: string;
  values: Record<string, unknown>;
}

export interface WriteCtx {
  trx: Transaction<StationDB>;
  record: RecordOutbox;
  now: Date;
  communityCode: string;
  batchId: string;
}

export interface KindStore {
  /** The outbox entity a record of this kind is written as. */
  entity: string;
  load(db: Executor, keys: readonly string[]): Promise<Map<string, Existing>>;
  /** Problems the database sees (an unknown employer, an unregistered household head), per key. */
  check?(
    db: Executor,
    rows: ReadonlyArray<{ key: string; values: Record<string, unknown> }>,
  ): Promise<Map<string, RowIssue[]>>;
  create(w: WriteCtx, key: string, values: Record<string, unknown>): Promise<void>;
  /** Writes `values` over the record; false when nothing changed. */
  update(w: WriteCtx, existing: Existing, values: Record<string, unknown>): Promise<boolean>;
}
