// Pulled rows that cannot be applied are set aside, never allowed to fail a page (DESIGN.md "Invariants"):
// one malformed row, a card number another local card still holds, a contact card that collides — the rest
// of the page lands and the cursor moves on. A set-aside row is retried after every pull (a later page
// often brings what it was waiting for), cleared as soon as a version of it lands, shown on the 同步 page
// with its reason, and reported to the district with the next push.
import { sql, type Transaction } from 'kysely';
import { REGISTRY, entityLabel, isEntity, type EntityName } from '../../shared/sync/entities';
import { columnLabel } from '../../shared/sync/labels';
import type { DB, StationDB } from '../db/schema';

type Trx = Transaction<StationDB>;
type Row = Record<string, unknown>;

let savepoints = 0;

/** Runs `fn` inside a savepoint: a failure rolls back only what `fn` did. */
export async function inSavepoint<T>(trx: Trx, fn: () => Promise<T>): Promise<T> {
  const name = sql.raw(`sp_aside_${++savepoints}`);
  await sql`savepoint ${name}`.execute(trx);
  try {
    const out = await fn();
    await sql`release ${name}`.execute(trx);
    return out;
  } catch (e) {
    await sql`rollback to ${name}`.execute(trx);
    await sql`release ${name}`.execute(trx);
    throw e;
  }
}

export function isConstraintError(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT';
}

/** The refused rule in plain words: the registry's uniqueness rule where the index is one of them. */
export function constraintReason(entity: EntityName, e: Error): string {
  const label = entityLabel(entity);
  const unique = /UNIQUE constraint failed: \w+\.(\w+)/.exec(e.message);
  if (unique) {
    const rule = REGISTRY[entity].unique.find((u) => u.columns.includes(unique[1]!));
    return `${label}与本机已有的一条记录冲突（${rule?.describe ?? columnLabel(unique[1]!)}），等区里的更新到达后会自动重试`;
  }
  const notNull = /NOT NULL constraint failed: \w+\.(\w+)/.exec(e.message);
  if (notNull) return `${label}缺少${columnLabel(notNull[1]!)}，无法保存`;
  return `${label}的数据不符合本机的规则，无法保存`;
}

/** Sets aside the rows that could not land and clears the ones that did. */
export async function recordPulled(
  a: { trx: Trx; now: string; asideBefore?: boolean },
  entity: EntityName,
  incoming: Array<{ rowId: string; fields: Row }>,
  aside: Array<{ rowId: string; fields: Row; reason: string }>,
  sseq: number,
): Promise<void> {
  const asideIds = new Set(aside.map((r) => r.rowId));
  const landed = incoming.map((r) => r.rowId).filter((id) => !asideIds.has(id));
  if (landed.length && a.asideBefore !== false)
    await sql`delete from sync_pulled_aside where entity = ${entity}
      and row_id in (select value from json_each(${JSON.stringify(landed)}))`.execute(a.trx);
  for (const r of aside) {
    await a.trx
      .insertInto('sync_pulled_aside')
      .values({
        entity,
        row_id: r.rowId,
        sseq,
        fields: JSON.stringify(r.fields),
        reason: r.reason.slice(0, 300),
        at: a.now,
        reported_at: null,
      })
      .onConflict((oc) =>
        oc.columns(['entity', 'row_id']).doUpdateSet((eb) => ({
          sseq: eb.ref('excluded.sseq'),
          fields: eb.ref('excluded.fields'),
          reason: eb.ref('excluded.reason'),
          attempts: sql`attempts + 1`,
          reported_at: sql`case when reason = excluded.reason then reported_at else null end`,
        })),
      )
      .execute();
  }
  if (aside.length) a.asideBefore = true;
}

export async function hasPulledAside(db: DB | Trx): Promise<boolean> {
  const r = await db.selectFrom('sync_pulled_aside').select('row_id').limit(1).executeTakeFirst();
  return r !== undefined;
}

/** The set-aside rows, entity by entity in dependency order, to be landed again. */
export async function pulledAsideRows(
  db: DB | Trx,
): Promise<Array<{ entity: EntityName; rowId: string; fields: Row; sseq: number }>> {
  const rows = await db.selectFrom('sync_pulled_aside').selectAll().orderBy('sseq').execute();
  return rows
    .filter((r) => isEntity(r.entity))
    .map((r) => ({
      entity: r.entity as EntityName,
      rowId: r.row_id,
      fields: JSON.parse(r.fields) as Row,
      sseq: r.sseq,
    }));
}

export interface PulledAsideView {
  entity: string;
  entityLabel: string;
  rowId: string;
  reason: string;
  at: string;
  attempts: number;
}

export async function listPulledAside(db: DB): Promise<PulledAsideView[]> {
  const rows = await db
    .selectFrom('sync_pulled_aside')
    .selectAll()
    .orderBy('at', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    entity: r.entity,
    entityLabel: entityLabel(r.entity),
    rowId: r.row_id,
    reason: r.reason,
    at: r.at,
    attempts: Number(r.attempts),
  }));
}

/** What to tell the district with the next push: set-aside rows it has not heard of yet. */
export async function unreportedPulledAside(
  db: DB,
): Promise<Array<{ entity: string; rowId: string; sseq: number; reason: string }>> {
  const rows = await db
    .selectFrom('sync_pulled_aside')
    .select(['entity', 'row_id', 'sseq', 'reason'])
    .where('reported_at', 'is', null)
    .limit(500)
    .execute();
  return rows.map((r) => ({ entity: r.entity, rowId: r.row_id, sseq: r.sseq, reason: r.reason }));
}

export async function markReported(db: DB, rows: Array<{ entity: string; rowId: string }>, at: string) {
  for (const r of rows)
    await db
      .updateTable('sync_pulled_aside')
      .set({ reported_at: at })
      .where('entity', '=', r.entity)
      .where('row_id', '=', r.rowId)
      .execute();
}

/** A person gives up on a set-aside row: the next snapshot or a later version brings it back if the district still has it. */
export async function discardPulledAside(db: DB, entity: string, rowId: string): Promise<boolean> {
  const r = await db
    .deleteFrom('sync_pulled_aside')
    .where('entity', '=', entity)
    .where('row_id', '=', rowId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
