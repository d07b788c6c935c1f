// What several benchmark suites do alike: load rows fast, and time a call per item.
import { CompiledQuery } from 'kysely';

/**
 * One `INSERT … VALUES (…), (…), …` with bound parameters, written by hand: Kysely's compiler costs about
 * 45 µs per row at this width, more than SQLite's own work, and would hide the raw limit.
 */
export function multiRowInsert(table: string, rows: ReadonlyArray<Record<string, unknown>>): CompiledQuery {
  const columns = Object.keys(rows[0]!);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  const params: unknown[] = [];
  for (const r of rows) for (const c of columns) params.push(r[c] ?? null);
  return CompiledQuery.raw(
    `insert into ${table} (${columns.join(',')}) values ${rows.map(() => tuple).join(',')}`,
    params,
  );
}

/** Milliseconds of `fn` for each item, one after the other. */
export async function timeEach<T>(items: readonly T[], fn: (item: T) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const item of items) {
    const t = performance.now();
    await fn(item);
    out.push(performance.now() - t);
  }
  return out;
}
