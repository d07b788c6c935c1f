// Lands pulled changes and snapshot rows in the station database, inside the caller's transaction. Pulled
// changes never create outbox entries (they came from the server), and a field with a pending local edit
// keeps the local value: that edit is still to be pushed and merged by the server.
import { CompiledQuery, sql, type Transaction } from 'kysely';
import { ENTITIES, REGISTRY, entityLabel, rowChecker, type EntityName } from '../../shared/sync/entities';
import { HOLD_NOTICE_ENTITY, type PulledChange } from '../../shared/sync/protocol';
import { landHoldNotice } from './holds';
import type { StationDB } from '../db/schema';
import {
  ENTITY_ORDER,
  LOCAL_IDENTITY,
  columnValue,
  derivedColumnsSince,
  isEntity,
  referencesTo,
  tableInfo,
} from './rows';
import { constraintReason, inSavepoint, isConstraintError, recordPulled } from './aside';
import { columnLabel } from '../../shared/sync/labels';
import { noteReprint } from '../cards/provisional';

type Trx = Transaction<StationDB>;
type Row = Record<string, unknown>;

export { ENTITY_ORDER };

export interface ApplyContext {
  trx: Trx;
  now: string;
  /** `${entity}:${rowId}` → fields with a pending (unpushed) local edit. */
  pending: Map<string, Set<string>>;
  /** Rows set aside in this transaction (aside.ts); whether any row was set aside before it began. */
  asideBefore?: boolean;
}

export async function loadPending(trx: Trx): Promise<Map<string, Set<string>>> {
  const rows = await trx
    .selectFrom('outbox')
    .select(['entity', 'row_id', 'fields'])
    .where('state', '=', 'pending')
    .execute();
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = `${r.entity}:${r.row_id}`;
    let set = out.get(key);
    if (!set) out.set(key, (set = new Set()));
    for (const f of Object.keys(JSON.parse(r.fields) as object)) set.add(f);
  }
  return out;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function selectByIds(trx: Trx, entity: EntityName, ids: string[]): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  // one JSON parameter instead of thousands: binding is what costs with the sqlite3 driver
  const rows =
    await sql<Row>`select * from ${sql.table(entity)} where id in (select value from json_each(${JSON.stringify(ids)}))`.execute(
      trx,
    );
  for (const r of rows.rows) out.set(String(r.id), r);
  return out;
}

/**
 * Local-only redirect: references and pending outbox entries move from `oldId` to `newId`, the old row is
 * soft-deleted. If the kept row is not here yet, the old one is copied under the new id.
 */
export async function redirectRow(
  a: ApplyContext,
  entity: EntityName,
  oldId: string,
  newId: string,
  sseq: number,
): Promise<void> {
  const { trx, now } = a;
  if (oldId === newId) return;
  if ((await tableInfo(trx, entity)).size === 0) return;
  const old = (await sql<Row>`select * from ${sql.table(entity)} where id = ${oldId}`.execute(trx)).rows[0];
  const kept = (await sql<Row>`select id from ${sql.table(entity)} where id = ${newId}`.execute(trx)).rows[0];
  if (old) await softDelete(a, entity, oldId);
  if (old && !kept && (old as Row).deleted_at == null) {
    const copy: Row = { ...(old as Row), id: newId };
    if ('deleted_at' in copy) copy.deleted_at = null;
    if ('updated_at' in copy) copy.updated_at = now;
    await insertRows(trx, entity, [copy], false);
  }
  for (const ref of await referencesTo(trx, entity)) {
    await sql`update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${newId} where ${sql.ref(ref.column)} = ${oldId}`.execute(
      trx,
    );
  }
  // An unpushed create moving onto a row the server already has becomes an update of it.
  await trx
    .updateTable('outbox')
    .set({ row_id: newId, op: sql`case when op = 'create' then 'update' else op end` })
    .where('entity', '=', entity)
    .where('row_id', '=', oldId)
    .where('state', '=', 'pending')
    .execute();
  const moved = a.pending.get(`${entity}:${oldId}`);
  if (moved) {
    const key = `${entity}:${newId}`;
    const into = a.pending.get(key) ?? new Set<string>();
    for (const f of moved) into.add(f);
    a.pending.set(key, into);
    a.pending.delete(`${entity}:${oldId}`);
  }
  await trx
    .insertInto('sync_redirects')
    .values({ entity, old_id: oldId, new_id: newId, sseq, at: now })
    .onConflict((oc) => oc.columns(['entity', 'old_id']).doUpdateSet({ new_id: newId, sseq, at: now }))
    .execute();
  // The holder's plan has the person's id, so it follows the person (the server does the same): when the
  // kept person already has a plan here, the old plan goes and its measures and services join the kept one.
  for (const follower of PERSON_FOLLOWERS[entity] ?? []) await redirectRow(a, follower, oldId, newId, sseq);
}

const PERSON_FOLLOWERS: Partial<Record<EntityName, EntityName[]>> = { residents: ['card_plans'] };

/**
 * Many rows per statement as multi-row VALUES, compiled here as plain text (Kysely would build a node per
 * value). Measured against one JSON parameter unpacked by json_each: binding wide rows is the faster of the
 * two. Column names come from the table itself (tableInfo), never from the wire.
 */
async function insertRows(trx: Trx, entity: EntityName, rows: Row[], upsert: boolean): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const update = cols.filter((c) => c !== 'id' && c !== 'created_at');
  const head = `insert into ${quote(entity)} (${cols.map(quote).join(',')}) values `;
  const tuple = `(${cols.map(() => '?').join(',')})`;
  const tail = upsert
    ? ` on conflict (id) do update set ${update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(',')}`
    : '';
  for (const part of chunks(rows, Math.floor(SQLITE_MAX_VARIABLES / cols.length))) {
    const params: unknown[] = [];
    for (const r of part) for (const c of cols) params.push(r[c] ?? null);
    await trx.executeQuery(CompiledQuery.raw(head + Array(part.length).fill(tuple).join(',') + tail, params));
  }
}

const SQLITE_MAX_VARIABLES = 32_766;

/** Upserts rows of one entity with their synced fields, keeping locally pending fields and recomputing derived ones. */
export async function upsertRows(
  a: ApplyContext,
  entity: EntityName,
  incomingAll: Array<{ rowId: string; fields: Row; partial?: boolean }>,
  sseq: number,
): Promise<number> {
  let incoming = incomingAll;
  if (incoming.length === 0) return 0;
  const info = await tableInfo(a.trx, entity);
  if (info.size === 0) return 0; // this station's schema does not hold the entity yet: skip, never wedge
  const fields = ENTITIES[entity].fields.filter((f) => info.has(f));
  // a row whose values this station would refuse is set aside with the reason; the rest lands
  const aside: Array<{ rowId: string; fields: Row; reason: string }> = [];
  const valid: typeof incoming = [];
  const rowProblem = rowChecker(entity);
  for (const r of incoming) {
    const problem = rowProblem(r.fields);
    if (problem)
      aside.push({
        ...r,
        reason: `${entityLabel(entity)}的${columnLabel(problem.column, entity)}有误（${problem.reason}），无法保存`,
      });
    else valid.push(r);
  }
  incoming = valid;
  const identity = LOCAL_IDENTITY[entity];
  if (identity) await clearIdentityCollisions(a, entity, identity, incoming, sseq);
  const existing = await selectByIds(
    a.trx,
    entity,
    incoming.map((r) => r.rowId),
  );
  const out: Row[] = [];
  const changed: Changed[] = [];
  const required = REGISTRY[entity].required;
  const fieldFallbacks = fields.map((f) => (info.get(f)!.notNull ? (info.get(f)!.fallback ?? null) : null));
  for (const { rowId, fields: incomingFields, partial } of incoming) {
    const before = existing.get(rowId);
    if (partial && !before) {
      // a delta for a row this station does not hold (pull.ts fetches those whole first): it waits
      aside.push({
        rowId,
        fields: incomingFields,
        reason: `${entityLabel(entity)}的修改先于记录本身到达本机，下次同步时会补上`,
      });
      continue;
    }
    const keep = a.pending.get(`${entity}:${rowId}`);
    const row: Row = before ? { ...before } : { id: rowId };
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (before && keep?.has(f)) continue;
      if (f in incomingFields) row[f] = columnValue(incomingFields[f]);
      if (row[f] == null) row[f] = fieldFallbacks[i];
    }
    const missing = required.find((f) => info.has(f) && row[f] == null);
    if (missing) {
      aside.push({
        rowId,
        fields: incomingFields,
        reason: `${entityLabel(entity)}缺少${columnLabel(missing, entity)}，无法保存`,
      });
      continue;
    }
    if (entity === 'cards' && before && before.card_number !== row.card_number)
      await noteReprint(
        a.trx,
        rowId,
        String(before.card_number),
        String(row.card_number),
        '区里发现卡号与另一张卡重复，已改为新卡号',
        a.now,
      );
    const derived = derivedColumnsSince(entity, row, before);
    Object.assign(row, derived);
    if (before) {
      // a row held here: only the columns whose value changes are written (the pinyin, the match index
      // and the other indexes of unchanged columns are left alone)
      const set: Row = {};
      for (const f of [...fields, ...Object.keys(derived)]) if (before[f] !== row[f]) set[f] = row[f];
      if (Object.keys(set).length === 0) continue;
      if (info.has('updated_at')) set.updated_at = a.now;
      changed.push({ id: rowId, set });
      continue;
    }
    if (info.has('created_at')) row.created_at = a.now;
    if (info.has('updated_at')) row.updated_at = a.now;
    out.push(row);
  }
  // one column list for the whole statement: every column the table has that any row carries
  // (one pass over the rows for the columns they carry, not one a column: a snapshot page is 5,000 rows)
  const carried = new Set<string>();
  for (const r of out) for (const c in r) carried.add(c);
  const cols = [...info.keys()].filter((c) => carried.has(c));
  const fallbacks = cols.map((c) => (info.get(c)!.notNull ? (info.get(c)!.fallback ?? null) : null));
  const rows = out.map((r) => {
    const row: Row = {};
    for (let i = 0; i < cols.length; i++) row[cols[i]!] = r[cols[i]!] ?? fallbacks[i];
    return row;
  });
  const failed = await writeOrSetAside(a.trx, entity, changed, rows);
  for (const f of failed) {
    const r = incoming.find((x) => x.rowId === f.rowId);
    aside.push({ rowId: f.rowId, fields: r?.fields ?? {}, reason: f.reason });
  }
  // A delta is not a version of the whole row: a row set aside earlier takes it into its waiting copy (so the
  // retry lands the newest values) and stays aside; only a whole row clears it.
  const deltas = incomingAll.filter((r) => r.partial);
  if (deltas.length && a.asideBefore !== false) await patchPulledAside(a, entity, deltas, sseq);
  await recordPulled(
    a,
    entity,
    deltas.length ? incomingAll.filter((r) => !r.partial) : incomingAll,
    aside,
    sseq,
  );
  return out.length + changed.length - failed.length;
}

async function patchPulledAside(
  a: ApplyContext,
  entity: EntityName,
  deltas: Array<{ rowId: string; fields: Row }>,
  sseq: number,
): Promise<void> {
  const waiting = await a.trx
    .selectFrom('sync_pulled_aside')
    .select(['row_id', 'fields'])
    .where('entity', '=', entity)
    .where(
      'row_id',
      'in',
      deltas.map((d) => d.rowId),
    )
    .execute();
  for (const w of waiting) {
    const d = deltas.find((x) => x.rowId === w.row_id)!;
    await a.trx
      .updateTable('sync_pulled_aside')
      .set({ fields: JSON.stringify({ ...(JSON.parse(w.fields) as Row), ...d.fields }), sseq })
      .where('entity', '=', entity)
      .where('row_id', '=', w.row_id)
      .execute();
  }
}

/** A row this station holds and the columns of it that change. */
type Changed = { id: string; set: Row };

/**
 * Updates of held rows, grouped by the columns they change, as one statement per group: the incoming
 * values as multi-row VALUES joined by id (UPDATE … FROM). Column names come from the table (tableInfo).
 */
async function updateRows(trx: Trx, entity: EntityName, rows: Changed[]): Promise<void> {
  const groups = new Map<string, Changed[]>();
  for (const r of rows) {
    const key = Object.keys(r.set).sort().join('\u0000');
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
  for (const [key, group] of groups) {
    const cols = key.split('\u0000');
    const tuple = `(${['id', ...cols].map(() => '?').join(',')})`;
    const head = `with v(${['id', ...cols].map(quote).join(',')}) as (values `;
    const tail = `) update ${quote(entity)} set ${cols.map((c) => `${quote(c)} = v.${quote(c)}`).join(',')} from v where ${quote(entity)}.id = v.id`;
    for (const part of chunks(group, Math.floor(SQLITE_MAX_VARIABLES / (cols.length + 1)))) {
      const params: unknown[] = [];
      for (const r of part) {
        params.push(r.id);
        for (const c of cols) params.push(r.set[c] ?? null);
      }
      await trx.executeQuery(
        CompiledQuery.raw(head + Array(part.length).fill(tuple).join(',') + tail, params),
      );
    }
  }
}

/**
 * The whole batch in few statements (updates of held rows first, then new rows); when a constraint refuses
 * it (a card number another local card holds…), each row on its own, so only the rows that cannot land are
 * set aside and the rest lands.
 */
async function writeOrSetAside(
  trx: Trx,
  entity: EntityName,
  changed: Changed[],
  rows: Row[],
): Promise<Array<{ rowId: string; reason: string }>> {
  if (rows.length === 0 && changed.length === 0) return [];
  try {
    await inSavepoint(trx, async () => {
      await updateRows(trx, entity, changed);
      await insertRows(trx, entity, rows, true);
    });
    return [];
  } catch (e) {
    if (!isConstraintError(e)) throw e;
  }
  const failed: Array<{ rowId: string; reason: string }> = [];
  const each: Array<[string, () => Promise<void>]> = [
    ...changed.map((c): [string, () => Promise<void>] => [c.id, () => updateRows(trx, entity, [c])]),
    ...rows.map((r): [string, () => Promise<void>] => [
      String(r.id),
      () => insertRows(trx, entity, [r], true),
    ]),
  ];
  for (const [rowId, write] of each) {
    try {
      await inSavepoint(trx, write);
    } catch (e) {
      if (!isConstraintError(e)) throw e;
      failed.push({ rowId, reason: constraintReason(entity, e as Error) });
    }
  }
  return failed;
}

/**
 * The local partial unique index (ID number, credit code) admits one live row per value. A pulled row that
 * carries the value of another local row means the district decided they are the same: redirect ours onto it.
 */
async function clearIdentityCollisions(
  a: ApplyContext,
  entity: EntityName,
  identity: { column: string; live: boolean },
  incoming: Array<{ rowId: string; fields: Row }>,
  sseq: number,
) {
  const { column } = identity;
  const byValue = new Map<string, string>();
  for (const r of incoming) {
    const v = r.fields[column];
    if (typeof v === 'string' && r.fields.deleted_at == null) byValue.set(v, r.rowId);
  }
  if (byValue.size === 0) return;
  const incomingIds = new Set(incoming.map((r) => r.rowId));
  // one JSON parameter for all values (binding each one through the driver is what costs)
  const rows = await sql<{
    id: string;
    v: string;
  }>`select id, ${sql.ref(column)} as v from ${sql.table(entity)}
    where ${sql.ref(column)} in (select value from json_each(${JSON.stringify([...byValue.keys()])}))
    ${identity.live ? sql`and deleted_at is null` : sql``}`.execute(a.trx);
  for (const r of rows.rows) {
    const target = byValue.get(r.v);
    if (!target || target === r.id) continue;
    // the other row changes its own value in this same batch: no collision once both land
    const alsoIncoming = incoming.find((x) => x.rowId === r.id);
    if (
      incomingIds.has(r.id) &&
      alsoIncoming &&
      (alsoIncoming.fields[column] !== r.v || alsoIncoming.fields.deleted_at != null)
    ) {
      await sql`update ${sql.table(entity)} set ${sql.ref(column)} = ${'~' + r.id} where id = ${r.id}`.execute(
        a.trx,
      );
      continue;
    }
    await redirectRow(a, entity, r.id, target, sseq);
  }
}

/** Soft delete where the table keeps deleted rows; a table without `deleted_at` loses the row. */
async function softDelete(a: ApplyContext, entity: EntityName, rowId: string): Promise<void> {
  const info = await tableInfo(a.trx, entity);
  if (info.size === 0) return;
  if (info.has('deleted_at'))
    await sql`update ${sql.table(entity)} set deleted_at = coalesce(deleted_at, ${a.now}) where id = ${rowId}`.execute(
      a.trx,
    );
  else await sql`delete from ${sql.table(entity)} where id = ${rowId}`.execute(a.trx);
}

/** Applies one page of the community's log in order; consecutive upserts are written in batches. */
export async function applyChanges(a: ApplyContext, changes: PulledChange[]): Promise<number> {
  let buffer = new Map<
    string,
    { entity: EntityName; rowId: string; fields: Row; sseq: number; partial?: boolean }
  >();
  let applied = 0;
  const flush = async () => {
    for (const entity of ENTITY_ORDER) {
      const rows = [...buffer.values()].filter((r) => r.entity === entity);
      if (rows.length) await upsertRows(a, entity, rows, rows[rows.length - 1]!.sseq);
    }
    buffer = new Map();
  };
  for (const c of changes) {
    if (c.entity === HOLD_NOTICE_ENTITY) {
      // a district notice, not a row: it has no references, so log order with the rows does not matter
      await landHoldNotice(a.trx, c);
      applied++;
      continue;
    }
    if (!isEntity(c.entity)) continue; // an entity this station version does not know: skip, never wedge
    applied++;
    if (c.kind === 'upsert') {
      const key = `${c.entity}:${c.rowId}`;
      const prev = buffer.get(key);
      buffer.delete(key); // keep log order for a row updated twice in one page
      // a delta lands on what the page already brought for the row; a whole row replaces it
      const fields = c.partial && prev ? { ...prev.fields, ...(c.fields ?? {}) } : (c.fields ?? {});
      const partial = c.partial === true && (prev ? prev.partial === true : true);
      buffer.set(key, {
        entity: c.entity,
        rowId: c.rowId,
        fields,
        sseq: c.sseq,
        ...(partial ? { partial } : {}),
      });
      continue;
    }
    await flush();
    if (c.kind === 'delete' || c.kind === 'transfer_out') await softDelete(a, c.entity, c.rowId);
    else if (c.kind === 'redirect' && c.redirectTo)
      await redirectRow(a, c.entity, c.rowId, c.redirectTo, c.sseq);
  }
  await flush();
  await repairDanglingReferences(a);
  return applied;
}

/**
 * A resident moved in from another community may still point at a household this station does not hold.
 * Foreign keys are deferred inside the sync transaction; a dangling nullable reference is cleared locally,
 * a row that cannot live without its parent is dropped locally, so one dangling id never blocks a page.
 */
export async function repairDanglingReferences(a: ApplyContext): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const bad = await sql<{
      table: string;
      rowid: number;
      fkid: number;
    }>`select "table", rowid, fkid from pragma_foreign_key_check`.execute(a.trx);
    if (bad.rows.length === 0) return;
    for (const b of bad.rows) {
      const fk = await sql<{
        from: string;
      }>`select "from" from pragma_foreign_key_list(${b.table}) where id = ${b.fkid}`.execute(a.trx);
      const column = fk.rows[0]?.from;
      const info = await tableInfo(a.trx, b.table);
      if (column && !info.get(column)?.notNull)
        await sql`update ${sql.table(b.table)} set ${sql.ref(column)} = null where rowid = ${b.rowid}`.execute(
          a.trx,
        );
      else {
        // a synced row waits, set aside, for its parent to land (the retry after the pull brings it back)
        if (isEntity(b.table)) {
          const row = (
            await sql<Row>`select * from ${sql.table(b.table)} where rowid = ${b.rowid}`.execute(a.trx)
          ).rows[0];
          if (row) {
            const fields = Object.fromEntries(
              ENTITIES[b.table].fields.filter((f) => f in row).map((f) => [f, row[f]]),
            );
            await recordPulled(
              a,
              b.table,
              [],
              [
                {
                  rowId: String(row.id),
                  fields,
                  reason: `${entityLabel(b.table)}所属的记录还没有到达本机，到达后会自动补上`,
                },
              ],
              0,
            );
          }
        }
        await sql`delete from ${sql.table(b.table)} where rowid = ${b.rowid}`.execute(a.trx);
      }
    }
  }
}
