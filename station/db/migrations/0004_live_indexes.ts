// Migration 0004 — frozen once released: never import app code here.
// Partial covering indexes over live rows (where deleted_at is null), so the desk's list queries (count, a page sorted by name or by
// last update, the six-clears filters) and the contains-anywhere name search read indexes, not the 250 MB
// table. Measured in bench/station.ts on 100k residents: count ~150 → ~5 ms, deep page 240 → ~20–50 ms,
// name search ~150 → ~12 ms. They replace the two plain indexes they cover (the plain pinyin index stays: the initials-or-pinyin
// search needs it for its multi-index OR).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Partial, not led by deleted_at: an index led by deleted_at offers the planner an equality match on every
  // live-row query, and without statistics it then prefers it even to the ID-suffix or phone index. The
  // trailing deleted_at makes each one covering (SQLite wants every column the query names inside it).
  const live = sql`where deleted_at is null`;
  await sql`create index residents_live_name_pinyin on residents(name_pinyin, id, clears_missing, clears_oldest_at, deleted_at) ${live}`.execute(
    db,
  );
  await sql`create index residents_live_updated on residents(updated_at, id, clears_missing, clears_oldest_at, deleted_at) ${live}`.execute(
    db,
  );
  await sql`create index residents_live_clears on residents(clears_missing, clears_oldest_at, deleted_at) ${live}`.execute(
    db,
  );
  await sql`create index residents_live_name on residents(name, deleted_at) ${live}`.execute(db);
  for (const superseded of ['residents_name', 'residents_clears'])
    await sql`drop index ${sql.ref(superseded)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index residents_name on residents(name)`.execute(db);
  await sql`create index residents_clears on residents(clears_missing, clears_oldest_at)`.execute(db);
  for (const name of [
    'residents_live_name_pinyin',
    'residents_live_updated',
    'residents_live_clears',
    'residents_live_name',
  ])
    await sql`drop index ${sql.ref(name)}`.execute(db);
}
