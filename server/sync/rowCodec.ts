// How the district stores a synced row's fields (issue 14: a store that costs what it carries). The text in
// `sync_rows.fields` was the row as a JSON object: its ~30 column names, and the keys of the six-clears
// sections inside it, made up about half of it. Every object (the row, and any object inside it) is now
// stored as a JSON array `["<layout>", v1, v2, …]` whose first element names a layout — the ordered list of
// the object's keys, kept once in `row_layouts` (server migration 0015) — and whose trailing nulls are left
// out; a real array is stored as `[0, item, …]`. A layout is the hash of its key list, so every server
// instance names it alike without talking to the others. Text that starts with `{` is a row in the older
// form and is still read as is.
// Every reader of sync_rows.fields goes through `decodeFields` after `knowLayouts`; every writer through
// `encodeRows` (rows.ts). Read migrations/0015_row_layouts.ts before changing the format.
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { REGISTRY, isEntity } from '../../shared/sync/entities';
import type { ServerDB } from '../db/schema';

/** Layouts this process has met: id → key list. An id is a hash of its keys, so it means the same in every
 * store; whether a store holds it is asked of that store when writing (encodeRows). */
const known = new Map<string, readonly string[]>();

/** Key lists already hashed (a batch meets the same few thousands of times); bounded, cleared when full. */
const ids = new Map<string, string>();

/** The layout id of a key list (the same function is frozen in migration 0015). */
export function layoutId(keys: readonly string[]): string {
  const joined = keys.join(',');
  let id = ids.get(joined);
  if (id === undefined) {
    id = createHash('sha256').update(joined).digest('hex').slice(0, 8);
    if (ids.size >= 10_000) ids.clear();
    ids.set(joined, id);
  }
  return id;
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

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A value in the stored form, its objects' layouts added to `layouts` (the row itself: `top`). */
function pack(value: unknown, layouts: Map<string, readonly string[]>, top?: readonly string[]): Json {
  if (value === null || value === undefined || typeof value !== 'object') return (value ?? null) as Json;
  if (Array.isArray(value)) return [0, ...value.map((v) => pack(v, layouts))];
  const obj = value as Record<string, unknown>;
  const keys = top ?? Object.keys(obj);
  const id = layoutId(keys);
  layouts.set(id, keys);
  const values = keys.map((k) => pack(obj[k], layouts));
  let end = values.length;
  while (end > 0 && values[end - 1] === null) end--;
  return [id, ...values.slice(0, end)];
}

function unpack(value: Json): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!Array.isArray(value)) return value; // an object inside a row of the older form
  const [head, ...rest] = value;
  if (head === 0) return rest.map(unpack);
  const keys = known.get(head as string);
  if (!keys) throw new Error(`row layout ${String(head)} is not in row_layouts`);
  const out: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = i < rest.length ? unpack(rest[i]!) : null;
  return out;
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
  const wanted = new Map<string, readonly string[]>();
  const packedRows = rows.map((r) => {
    const layouts = new Map<string, readonly string[]>();
    const text = JSON.stringify(pack(r.fields, layouts, keysOf(r.entity, r.fields)));
    for (const [id, keys] of layouts) wanted.set(id, keys);
    return { text, layouts };
  });
  // every store holds its own layouts: the ones of this batch are looked up (one small query) every time
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
    [...packedRows[i]!.layouts.keys()].some((id) => clash.has(id))
      ? JSON.stringify(r.fields)
      : packedRows[i]!.text,
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
    // `["` never occurs inside a JSON string (its quote would be escaped): each match opens a packed object
    for (const m of t.matchAll(LAYOUT_REF)) if (!known.has(m[1]!)) missing.add(m[1]!);
  }
  if (missing.size === 0) return;
  const held = await db
    .selectFrom('row_layouts')
    .select(['id', 'columns'])
    .where('id', 'in', [...missing])
    .execute();
  for (const h of held) known.set(h.id, JSON.parse(h.columns) as string[]);
}

const LAYOUT_REF = /\["([0-9a-f]{8})"/g;

/** The row's fields as an object, from either stored form (its layouts loaded by knowLayouts). */
export function decodeFields(text: string): Record<string, unknown> {
  if (text.charCodeAt(0) !== 91 /* [ */) return JSON.parse(text) as Record<string, unknown>;
  return unpack(JSON.parse(text) as Json) as Record<string, unknown>;
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
