// Many rows or ids in one statement, without Kysely compiling a node per value (that compile was a large
// part of a push's CPU). PostgreSQL: one JSON parameter unpacked by json_populate_recordset over the table's
// own row type (column types come from the table), one round trip per table per batch. SQLite: multi-row
// VALUES up to its variable limit. Id lists: one parameter (json_each / any(array)) instead of one per id.
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';
import type { StoreKind } from './open';

export interface Upsert {
  /** The conflict target (primary or unique key). */
  keys: readonly string[];
  /** Columns overwritten from the incoming row on conflict. */
  update: readonly string[];
}

/** Inserts `rows` (values in `columns` order) into `table`; with `upsert`, existing keys are overwritten. */
export async function bulkInsert(
  db: Kysely<any>,
  kind: StoreKind,
  table: string,
  columns: readonly string[],
  rows: ReadonlyArray<readonly unknown[]>,
  upsert?: Upsert,
): Promise<void> {
  if (rows.length === 0) return;
  if (kind === 'postgres') {
    const cols = sql.join(columns.map((c) => sql.ref(c)));
    const tail = upsert
      ? sql` on conflict (${sql.join(upsert.keys.map((c) => sql.ref(c)))}) do update set ${sql.join(upsert.update.map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`))}`
      : sql``;
    const data = JSON.stringify(
      rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))),
    );
    await sql`insert into ${sql.table(table)} (${cols}) select ${cols} from json_populate_recordset(null::${sql.table(table)}, ${data}::json)${tail}`.execute(
      db,
    );
    return;
  }
  // SQLite: multi-row VALUES as one precompiled text, bypassing Kysely's per-value compile; the driver binds
  // wide text values (stored JSON) faster than SQLite could unpack them from a JSON parameter.
  const head = `insert into ${quote(table)} (${columns.map(quote).join(',')}) values `;
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const tailText = upsert
    ? ` on conflict (${upsert.keys.map(quote).join(',')}) do update set ${upsert.update.map((c) => `${quote(c)} = excluded.${quote(c)}`).join(',')}`
    : '';
  const perStatement = Math.floor(SQLITE_MAX_VARIABLES / columns.length);
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const params: unknown[] = [];
    for (const r of part) for (let c = 0; c < columns.length; c++) params.push(r[c] ?? null);
    await db.executeQuery(
      CompiledQuery.raw(head + Array(part.length).fill(tuple).join(',') + tailText, params),
    );
  }
}

const SQLITE_MAX_VARIABLES = 32_766;
/** Identifiers here are table and column names from this code base, never input; quoted all the same. */
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The right-hand side of `column in …` for a list of text ids, as one parameter. */
export function idList(kind: StoreKind, ids: readonly string[]): RawBuilder<string> {
  return kind === 'postgres'
    ? sql<string>`(select unnest(${[...ids]}::text[]))`
    : sql<string>`(select value from json_each(${JSON.stringify(ids)}))`;
}
