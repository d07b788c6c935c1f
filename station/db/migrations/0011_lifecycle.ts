// Migration 0011_lifecycle — frozen once released: never import app code here, never edit after release.
// A resident's lifecycle (moved away, retired, deceased, left working age; issue 15) as one JSON column
// (state, date, reason, destination): synced as one field, null while the person is in the book. The
// partial index serves the lists that leave such people out (work list, working-age counts).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('residents').addColumn('lifecycle', 'text').execute();
  await sql`create index residents_lifecycle on residents(id) where lifecycle is not null and deleted_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists residents_lifecycle`.execute(db);
  await db.schema.alterTable('residents').dropColumn('lifecycle').execute();
}
