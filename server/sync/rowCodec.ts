// How the district stores a synced row's fields (issue 14: a store that costs what it carries). The text in
// `sync_rows.fields` was the row as a JSON object: its ~30 column names made up about 40% of it. A row is
// now stored as a JSON array, `["<layout>", v1, v2, …]`, whose first element names a layout — the ordered
// list of the row's keys, kept once in `row_layouts` (server migration 0015) — and whose trailing nulls are
// left out. A layout is the hash of its key list, so every server instance names it alike without talking
// to the others. Text that starts with `{` is a row in the older form and is still read as is.
// Every reader of sync_rows.fields goes through `decodeFields` after `knowLayouts`; every writer through
// `encodeRows` (rows.ts). Read migrations/0015_row_layouts.ts before changing the format.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { REGISTRY, isEntity } from '../../shared/sync/entities';
import type { ServerDB } from '../db/schema';

/** Layouts this process has met: id → key list. An id is a hash of its keys, so it means the same in every
 * store; whether a store holds it is asked of that store when writing (encodeRows). */
const known = new Map<string, readonly string[]>();

/** The layout id of a key list (the same function is frozen in migration 0015). */
export function layoutId(keys: readonly string[]): string {
  return createHash('sha256').update(keys.join(',')).digest('hex').slice(0, 8);
}

const ORDER: Map<string, Map<string, number>> = new Map(
  Object.entries(REGISTRY).map(([entity, def]) => [
    entity,
    new Map(Object.keys(def.columns).map((c, i) => [c, i] as [string, number])),
  ]),
);

/** The row's keys in the registry's column order (unknown keys last, by name): few layouts per entity. */
function keysOf(entity: string, fields: Record<string, unknown>): string[] {
  const order = isEntity(entity) ? ORDER.get(entity)! : new Map<string, number>();
  return Object.keys(fields).sort((a, b) => {
    const x = order.get(a) ?? Infinity;
    const y = order.get(b) ?? Infinity;
    return x === y ? (a < b ? -1 : a > b ? 1 : 0) : x - y;
  });
}

function packed(id: string, keys: readonly string[], fields: Record<string, unknown>): string {
  const values: unknown[] = keys.map((k) => fields[k] ?? null);
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end--;
  return JSON.stringify([id, ...values.slice(0, end)]);
}

/**
 * The stored text of each row's fields, registering in `trx` the layouts the store does not hold yet (in
 * the same transaction as the rows, so no reader ever meets a row whose layout is missing).
 */
export async function encodeRows(
  trx: Transaction<ServerDB> | Kysely<ServerDB>,
  rows: ReadonlyArray<{ entity: string; fields: Record<string, unknown> }>,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const layouts = rows.map((r) => {
    const keys = keysOf(r.entity, r.fields);
    return { keys, id: layoutId(keys) };
  });
  // every store holds its own layouts: the ones of this batch are looked up (one small query) every time
  const wanted = new Map<string, readonly string[]>();
  for (const l of layouts) wanted.set(l.id, l.keys);
  const held = await trx
    .selectFrom('row_layouts')
    .select(['id', 'columns'])
    .where('id', 'in', [...wanted.keys()])
    .execute();
  const heldById = new Map(held.map((h) => [h.id, h.columns]));
  const clash = new Set<string>();
  for (const [id, keys] of wanted) {
    const text = JSON.stringify(keys);
    const have = heldById.get(id);
    if (have === undefined)
      await trx
        .insertInto('row_layouts')
        .values({ id, columns: text })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    else if (have !== text) clash.add(id); // two key lists, one hash: such rows keep the object form
    if (!clash.has(id)) known.set(id, keys);
  }
  return rows.map((r, i) =>
    clash.has(layouts[i]!.id) ? JSON.stringify(r.fields) : packed(layouts[i]!.id, layouts[i]!.keys, r.fields),
  );
}

/** Loads the layouts of these stored texts that this process has not read yet (call before decodeFields). */
export async function knowLayouts(
  db: Transaction<ServerDB> | Kysely<ServerDB>,
  texts: Iterable<string>,
): Promise<void> {
  const missing = new Set<string>();
  for (const t of texts) {
    if (t.charCodeAt(0) !== 91 /* [ */) continue;
    const id = t.slice(2, 10);
    if (!known.has(id)) missing.add(id);
  }
  if (missing.size === 0) return;
  const held = await db
    .selectFrom('row_layouts')
    .select(['id', 'columns'])
    .where('id', 'in', [...missing])
    .execute();
  for (const h of held) known.set(h.id, JSON.parse(h.columns) as string[]);
}

/** The row's fields as an object, from either stored form (its layout loaded by knowLayouts). */
export function decodeFields(text: string): Record<string, unknown> {
  if (text.charCodeAt(0) !== 91 /* [ */) return JSON.parse(text) as Record<string, unknown>;
  const [id, ...values] = JSON.parse(text) as [string, ...unknown[]];
  const keys = known.get(id);
  if (!keys) throw new Error(`row layout ${id} is not in row_layouts`);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = i < values.length ? values[i] : null;
  return out;
}

/** Rows whose fields are still in the object form (migration 0015 converts them; for tests and store-size). */
export async function objectRows(db: Kysely<ServerDB>): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from sync_rows where fields like '{%'`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** One stored row's fields as an object, its layout read from `db` if needed (tests, tools). */
export async function readStoredFields(
  db: Transaction<ServerDB> | Kysely<ServerDB>,
  text: string,
): Promise<Record<string, unknown>> {
  await knowLayouts(db, [text]);
  return decodeFields(text);
}
