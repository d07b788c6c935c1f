// What the district store takes, table by table (indexes counted with their table), and how many residents
// it holds: `npm run server -- store-size`. SQLite from its dbstat table (pages in use; free pages are
// reported apart — SQLite reuses them before it grows the file), PostgreSQL from pg_total_relation_size.
import { sql } from 'kysely';
import type { ServerContext } from '../context';

export interface StoreSize {
  kind: 'sqlite' | 'postgres';
  tables: Array<{ table: string; bytes: number; rows: number }>;
  totalBytes: number;
  /** SQLite: pages freed (by compaction or deletes) that new rows will fill first. */
  freeBytes: number;
  residents: number;
  bytesPerResident: number | null;
}

const COUNTED = ['sync_rows', 'sync_log', 'receipts', 'identities', 'redirects', 'conflicts'];

export async function storeSize(ctx: ServerContext): Promise<StoreSize> {
  const { db, kind } = ctx.store;
  const sizes = new Map<string, number>();
  let free = 0;
  if (kind === 'sqlite') {
    const r = await sql<{ t: string; b: number }>`select m.tbl_name as t, sum(s.pgsize) as b
      from dbstat s join sqlite_master m on m.name = s.name group by m.tbl_name`.execute(db);
    for (const x of r.rows) sizes.set(x.t, Number(x.b));
    const f = await sql<{ n: number }>`select (select freelist_count from pragma_freelist_count) *
      (select page_size from pragma_page_size) as n`.execute(db);
    free = Number(f.rows[0]?.n ?? 0);
  } else {
    const r = await sql<{ t: string; b: string }>`select c.relname as t, pg_total_relation_size(c.oid) as b
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and n.nspname = current_schema()`.execute(db);
    for (const x of r.rows) sizes.set(x.t, Number(x.b));
  }
  const tables = [];
  for (const [table, bytes] of [...sizes].sort((a, b) => b[1] - a[1])) {
    if (table.startsWith('kysely_') || table.startsWith('sqlite_')) continue;
    let rows = -1;
    if (COUNTED.includes(table)) {
      const c = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      rows = Number(c.rows[0]?.n ?? 0);
    }
    tables.push({ table, bytes, rows });
  }
  const totalBytes = tables.reduce((s, t) => s + t.bytes, 0);
  const res = await db
    .selectFrom('sync_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entity', '=', 'residents')
    .where('deleted', '=', 0)
    .executeTakeFirst();
  const residents = Number(res?.n ?? 0);
  return {
    kind,
    tables,
    totalBytes,
    freeBytes: free,
    residents,
    bytesPerResident: residents ? Math.round(totalBytes / residents) : null,
  };
}
