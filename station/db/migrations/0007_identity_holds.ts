// Migration 0007_identity_holds — frozen once released: never import app code here, never edit after release.
// The district's notices about a resident also registered at another community (DESIGN.md "Scope is the
// community, also through identity"): where, and the masked number — never that community's record. Written
// only by the pull (never by a desk write, never into the outbox); keyed by this station's own resident id.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identity_holds')
    .addColumn('resident_id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    // held: registered here second, edits wait at the district as proposals; kept: held here, also registered there
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('community', 'text', (c) => c.notNull())
    .addColumn('community_name', 'text')
    .addColumn('id_number_masked', 'text', (c) => c.notNull())
    .addColumn('since', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('identity_holds').execute();
}
