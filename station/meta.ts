// The station's key/value facts (community, station number, settings), read once at start and after a change.
import type { Executor } from './db/schema';

export async function readMeta(db: Executor): Promise<Record<string, string>> {
  const rows = await db.selectFrom('meta').selectAll().execute();
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function setMeta(db: Executor, values: Record<string, string>): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    await db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }
}
