// The outbox is the sync queue and the audit trail: every write appends its entry in the same transaction
// as the row change, so neither can exist without the other. Read DESIGN.md "Sync" before changing it.
import { ENTITIES, expandGroups, type EntityName, type FieldChanges } from '../../shared/sync/entities';
import type { Executor } from './schema';

export interface Actor {
  id: string;
  name: string;
}

/** Hybrid logical clock: wall time, bumped so local order never goes backwards when the PC clock does. */
export class Hlc {
  #last = 0;
  #counter = 0;
  constructor(private readonly now: () => number = Date.now) {}
  seed(hlc: string | undefined): void {
    if (!hlc) return;
    const [ms, counter] = hlc.split('-');
    this.#last = Number(ms) || 0;
    this.#counter = Number(counter) || 0;
  }
  next(): string {
    const wall = this.now();
    if (wall > this.#last) {
      this.#last = wall;
      this.#counter = 0;
    } else {
      this.#counter += 1;
    }
    return `${String(this.#last).padStart(15, '0')}-${String(this.#counter).padStart(5, '0')}`;
  }
}

export type OutboxOp = 'create' | 'update' | 'delete' | 'confirm';

export interface OutboxWrite {
  entity: EntityName | string;
  rowId: string;
  op: OutboxOp;
  changes: FieldChanges;
}

/** Only synced columns whose value really changed; JSON-ish values compared by their text. */
export function diffRow(entity: EntityName, beforeRow: object | null, afterRow: object): FieldChanges {
  // rows come typed as table interfaces, which carry no index signature; only synced names are read
  const before = beforeRow as Record<string, unknown> | null;
  const after = afterRow as Record<string, unknown>;
  const changes: FieldChanges = {};
  for (const f of ENTITIES[entity].fields) {
    if (!(f in after)) continue;
    const old = before ? (before[f] ?? null) : null;
    const nu = after[f] ?? null;
    if (old !== nu) changes[f] = [old, nu];
  }
  return expandGroups(ENTITIES[entity], changes, { ...before, ...after });
}

export async function appendOutbox(
  trx: Executor,
  actor: Actor,
  hlc: Hlc,
  write: OutboxWrite,
  now: Date = new Date(),
): Promise<number> {
  const row = await trx
    .insertInto('outbox')
    .values({
      entity: write.entity,
      row_id: write.rowId,
      op: write.op,
      fields: JSON.stringify(write.changes),
      operator_id: actor.id,
      operator_name: actor.name,
      hlc: hlc.next(),
      created_at: now.toISOString(),
      verdict: null,
      reason: null,
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return row.seq;
}
