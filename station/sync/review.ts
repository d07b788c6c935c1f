// What a person reviews after sync: entries the district set aside (retry or discard) and conflicts
// (keep mine or keep theirs). Retrying or keeping mine is a new local edit: it goes through `write`, so the
// row change and its new outbox entry commit together and carry the operator who decided.
import { maskIncomeAmount, maskIncomeSection } from '../../shared/domain/privacy';
import { sql, type Transaction } from 'kysely';
import { ApiError } from '../../shared/errors';
import { expandGroups, ENTITIES, type FieldChanges } from '../../shared/sync/entities';
import type { SetAsideEntry, SyncConflict, SyncReceipt } from '../../shared/contract/sync';
import { write, type Ctx } from '../context';
import type { Executor, StationDB } from '../db/schema';
import type { OutboxOp } from '../db/outbox';
import { columnValue, derivedColumns, isEntity, tableInfo } from './rows';

type Row = Record<string, unknown>;

async function currentId(db: Executor, entity: string, rowId: string): Promise<string> {
  let id = rowId;
  // follow redirects (same person registered twice) to the row the district kept
  for (let i = 0; i < 5; i++) {
    const r = await db
      .selectFrom('sync_redirects')
      .select('new_id')
      .where('entity', '=', entity)
      .where('old_id', '=', id)
      .executeTakeFirst();
    if (!r) break;
    id = r.new_id;
  }
  return id;
}

async function loadRow(db: Executor, entity: string, id: string): Promise<Row | undefined> {
  if (!isEntity(entity)) return undefined;
  const r = await sql<Row>`select * from ${sql.table(entity)} where id = ${id}`.execute(db);
  return r.rows[0];
}

export function labelOf(entity: string, row: Row | undefined): string {
  if (!row) return '（本机已无此记录）';
  switch (entity) {
    case 'residents':
      return String(row.name ?? '');
    case 'households':
      return String(row.head_name ?? row.address ?? '家庭');
    case 'employers':
      return String(row.name ?? '');
    case 'vacancies':
      return String(row.title ?? '');
    default:
      return entity;
  }
}

export async function listSetAside(db: Executor): Promise<SetAsideEntry[]> {
  const rows = await db
    .selectFrom('sync_set_aside as s')
    .innerJoin('outbox as o', 'o.seq', 's.seq')
    .select([
      'o.seq',
      'o.entity',
      'o.row_id',
      'o.op',
      'o.fields',
      'o.operator_name',
      'o.created_at',
      's.reason',
    ])
    .where('s.resolved_at', 'is', null)
    .orderBy('o.seq')
    .limit(500)
    .execute();
  const out: SetAsideEntry[] = [];
  for (const r of rows) {
    out.push({
      seq: r.seq,
      entity: r.entity,
      rowId: r.row_id,
      label: labelOf(r.entity, await loadRow(db, r.entity, await currentId(db, r.entity, r.row_id))),
      op: r.op,
      fields: Object.keys(JSON.parse(r.fields) as object),
      reason: r.reason,
      operator: r.operator_name,
      at: r.created_at,
    });
  }
  return out;
}

async function openSetAside(trx: Transaction<StationDB>, seq: number) {
  const r = await trx
    .selectFrom('sync_set_aside as s')
    .innerJoin('outbox as o', 'o.seq', 's.seq')
    .select(['o.seq', 'o.entity', 'o.row_id', 'o.op', 'o.fields', 's.resolved_at'])
    .where('s.seq', '=', seq)
    .executeTakeFirst();
  if (!r) throw new ApiError('not_found', '找不到这条被退回的记录');
  if (r.resolved_at) throw new ApiError('conflict', '这条记录已经处理过了');
  return r;
}

/** Writes `values` onto the row (derived columns recomputed) without touching the outbox. */
async function setColumns(
  trx: Executor,
  entity: string,
  id: string,
  values: Row,
  now: string,
): Promise<void> {
  if (!isEntity(entity) || Object.keys(values).length === 0) return;
  const row = await loadRow(trx, entity, id);
  if (!row) return;
  const after = { ...row, ...values };
  const set = { ...values, ...derivedColumns(entity, after), updated_at: now };
  await sql`update ${sql.table(entity)} set ${sql.join(Object.entries(set).map(([c, v]) => sql`${sql.ref(c)} = ${v as never}`))} where id = ${id}`.execute(
    trx,
  );
}

/** A new outbox entry carrying the same change against the current row; the old one is marked resolved. */
export async function retrySetAside(ctx: Ctx, seq: number): Promise<{ seq: number; newSeq: number | null }> {
  const now = ctx.now.toISOString();
  return write(ctx, async (trx, record) => {
    const entry = await openSetAside(trx, seq);
    const id = await currentId(trx, entry.entity, entry.row_id);
    const row = (await loadRow(trx, entry.entity, id)) ?? {};
    const old = JSON.parse(entry.fields) as FieldChanges;
    const changes: FieldChanges = {};
    const values: Row = {};
    for (const [f, [base, nu]] of Object.entries(old)) {
      const cur = row[f] ?? null;
      changes[f] = [cur !== nu ? cur : base, nu];
      values[f] = columnValue(nu);
    }
    await setColumns(trx, entry.entity, id, values, now);
    const newSeq = await record({ entity: entry.entity, rowId: id, op: entry.op as OutboxOp, changes });
    await trx.updateTable('outbox').set({ state: 'resolved' }).where('seq', '=', seq).execute();
    await trx
      .updateTable('sync_set_aside')
      .set({ resolved_at: now, resolution: 'retried', retried_as: newSeq })
      .where('seq', '=', seq)
      .execute();
    return { seq, newSeq };
  });
}

/** Gives up on a set-aside entry. A create the district never took is removed from this station too. */
export async function discardSetAside(ctx: Ctx, seq: number): Promise<void> {
  const now = ctx.now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const entry = await openSetAside(trx, seq);
    if (
      entry.op === 'create' &&
      isEntity(entry.entity) &&
      (await tableInfo(trx, entry.entity)).has('deleted_at')
    ) {
      const acked = await trx
        .selectFrom('outbox')
        .select('seq')
        .where('entity', '=', entry.entity)
        .where('row_id', '=', entry.row_id)
        .where('state', '=', 'acked')
        .executeTakeFirst();
      if (!acked)
        await sql`update ${sql.table(entry.entity)} set deleted_at = coalesce(deleted_at, ${now}) where id = ${entry.row_id}`.execute(
          trx,
        );
    }
    await trx.updateTable('outbox').set({ state: 'resolved' }).where('seq', '=', seq).execute();
    await trx
      .updateTable('sync_set_aside')
      .set({ resolved_at: now, resolution: 'discarded' })
      .where('seq', '=', seq)
      .execute();
  });
}

export async function listConflicts(db: Executor, now: string): Promise<SyncConflict[]> {
  const rows = await db
    .selectFrom('sync_conflicts')
    .selectAll()
    .where('resolved_at', 'is', null)
    .orderBy('id')
    .limit(500)
    .execute();
  const out: SyncConflict[] = [];
  for (const r of rows) {
    out.push({
      id: r.id,
      entity: r.entity,
      rowId: r.row_id,
      label: labelOf(r.entity, await loadRow(db, r.entity, await currentId(db, r.entity, r.row_id))),
      field: r.field,
      mine: maskField(r.field, parse(r.mine)),
      theirs: maskField(r.field, parse(r.theirs)),
      operator: r.operator_name,
      at: r.at,
    });
  }
  const unseen = rows.filter((r) => !r.seen_at).map((r) => r.id);
  if (unseen.length)
    await db.updateTable('sync_conflicts').set({ seen_at: now }).where('id', 'in', unseen).execute();
  return out;
}

function parse(v: string | null): unknown {
  return v === null ? null : JSON.parse(v);
}

/** An ID number and an income amount stay masked on the review page too (shared/domain/privacy.ts). */
function maskField(field: string, v: unknown): unknown {
  if (field === 'id_number' && typeof v === 'string' && v.length === 18)
    return `${v.slice(0, 6)}********${v.slice(14)}`;
  if (field === 'monthly_income') return maskIncomeAmount(v);
  if (field === 'clear_income' && v !== null && typeof v === 'object') return maskIncomeSection(v);
  if (field === 'clear_income' && typeof v === 'string') {
    try {
      return maskIncomeSection(JSON.parse(v) as object);
    } catch {
      return v;
    }
  }
  return v;
}

/** keep mine: my value written again as a new local edit (pushed and merged like any edit); keep theirs: done. */
export async function resolveConflict(ctx: Ctx, id: number, keep: 'mine' | 'theirs'): Promise<number | null> {
  const now = ctx.now.toISOString();
  return write(ctx, async (trx, record) => {
    const c = await trx.selectFrom('sync_conflicts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw new ApiError('not_found', '找不到这条冲突记录');
    if (c.resolved_at) throw new ApiError('conflict', '这条冲突已经处理过了');
    let newSeq: number | null = null;
    if (keep === 'mine' && isEntity(c.entity)) {
      const rowId = await currentId(trx, c.entity, c.row_id);
      const row = await loadRow(trx, c.entity, rowId);
      if (!row || row.deleted_at) throw new ApiError('not_found', '该记录已被删除，无法保留本机的值');
      const mine = columnValue(parse(c.mine));
      const cur = row[c.field] ?? null;
      if (cur !== mine) {
        const changes = expandGroups(
          ENTITIES[c.entity],
          { [c.field]: [cur, mine] },
          { ...row, [c.field]: mine },
        );
        await setColumns(trx, c.entity, rowId, { [c.field]: mine }, now);
        newSeq = await record({ entity: c.entity, rowId, op: 'update', changes });
      }
    }
    await trx
      .updateTable('sync_conflicts')
      .set({ resolved_at: now, resolution: keep })
      .where('id', '=', id)
      .execute();
    return newSeq;
  });
}

export async function receipts(db: Executor, now: Date): Promise<SyncReceipt[]> {
  const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const rows = await db
    .selectFrom('sync_receipts')
    .select((eb) => [
      'entity',
      eb.fn.max('at').as('at'),
      eb.fn.sum<number>('applied').as('applied'),
      eb.fn.sum<number>('merged').as('merged'),
      eb.fn.sum<number>('conflict').as('conflict'),
      eb.fn.sum<number>('rejected').as('rejected'),
      eb.fn.sum<number>('duplicate').as('duplicate'),
    ])
    .where('at', '>=', since)
    .groupBy('entity')
    .orderBy('entity')
    .execute();
  return rows.map((r) => ({
    entity: r.entity,
    at: String(r.at),
    since,
    applied: Number(r.applied),
    merged: Number(r.merged),
    conflict: Number(r.conflict),
    rejected: Number(r.rejected),
    duplicate: Number(r.duplicate),
  }));
}
