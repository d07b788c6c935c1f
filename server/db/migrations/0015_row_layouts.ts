// Migration 0015 — frozen: never import app code here, never edit after release; add a new file instead.
// A district store that costs what it carries (issue 14): in sync_rows.fields every object (the row and the
// objects inside it) goes from `{…}` to `["<layout>", v1, v2, …]` (trailing nulls left out) and every array
// to `[0, item, …]`; a key list is kept once in row_layouts under the first 8 hex digits of the SHA-256 of
// the keys joined by commas (server/sync/rowCodec.ts makes the same ids; its row keys are in the registry's
// column order, here in the order the row holds them — both decode alike).
// Rows are rewritten in keyset pages, one UPDATE … FROM (VALUES …) per page (SQLite ≥ 3.33 and PostgreSQL).
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

const PAGE = 1000;

function layoutId(keys: readonly string[]): string {
  return createHash('sha256').update(keys.join(',')).digest('hex').slice(0, 8);
}

/** Rewrites sync_rows.fields page by page with `convert` (null: leave the row as it is). */
async function rewrite(db: Kysely<any>, convert: (fields: string) => string | null): Promise<void> {
  let after: { entity: string; row_id: string } | null = null;
  for (;;) {
    let q = db
      .selectFrom('sync_rows')
      .select(['entity', 'row_id', 'fields'])
      .orderBy('entity')
      .orderBy('row_id')
      .limit(PAGE);
    if (after) {
      const a = after;
      q = q.where((eb: any) =>
        eb.or([
          eb('entity', '>', a.entity),
          eb.and([eb('entity', '=', a.entity), eb('row_id', '>', a.row_id)]),
        ]),
      );
    }
    const rows = (await q.execute()) as Array<{ entity: string; row_id: string; fields: string }>;
    if (rows.length === 0) return;
    const changed: Array<[string, string, string]> = [];
    for (const r of rows) {
      const next = convert(r.fields);
      if (next !== null && next !== r.fields) changed.push([r.entity, r.row_id, next]);
    }
    if (changed.length) {
      const values = sql.join(changed.map(([e, id, f]) => sql`(${e}, ${id}, ${f})`));
      await sql`update sync_rows set fields = v.column3 from (values ${values}) as v
        where sync_rows.entity = v.column1 and sync_rows.row_id = v.column2`.execute(db);
    }
    const last = rows[rows.length - 1]!;
    after = { entity: last.entity, row_id: last.row_id };
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function pack(value: Json, layouts: Map<string, string[]>): Json {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return [0, ...value.map((v) => pack(v, layouts))];
  const keys = Object.keys(value);
  const id = layoutId(keys);
  layouts.set(id, keys);
  const values = keys.map((k) => pack(value[k]!, layouts));
  while (values.length > 0 && values[values.length - 1] === null) values.pop();
  return [id, ...values];
}

function unpack(value: Json, layouts: Map<string, string[]>): Json {
  if (value === null || typeof value !== 'object' || !Array.isArray(value)) return value;
  const [head, ...rest] = value;
  if (head === 0) return rest.map((v) => unpack(v, layouts));
  const keys = layouts.get(head as string)!;
  return Object.fromEntries(keys.map((k, i) => [k, i < rest.length ? unpack(rest[i]!, layouts) : null]));
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('row_layouts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('columns', 'text', (c) => c.notNull()) // JSON array of the row's keys, in stored order
    .execute();
  const layouts = new Map<string, string>();
  await rewrite(db, (text) => {
    if (!text.startsWith('{')) return null;
    const found = new Map<string, string[]>();
    const packed = pack(JSON.parse(text) as Json, found);
    for (const [id, keys] of found) {
      const held = layouts.get(id);
      if (held !== undefined && held !== JSON.stringify(keys)) return null; // one hash, two key lists
    }
    for (const [id, keys] of found) layouts.set(id, JSON.stringify(keys));
    return JSON.stringify(packed);
  });
  for (const [id, columns] of layouts) await db.insertInto('row_layouts').values({ id, columns }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const layouts = new Map<string, string[]>();
  for (const r of (await db.selectFrom('row_layouts').select(['id', 'columns']).execute()) as Array<{
    id: string;
    columns: string;
  }>)
    layouts.set(r.id, JSON.parse(r.columns) as string[]);
  await rewrite(db, (text) =>
    text.startsWith('[') ? JSON.stringify(unpack(JSON.parse(text) as Json, layouts)) : null,
  );
  await db.schema.dropTable('row_layouts').execute();
}
