// Migration 0005_sync_aside — frozen once released: never import app code here; add a new file instead.
// Pulled rows the station could not apply are set aside with their reason instead of failing the page
// (DESIGN.md "Invariants"): kept here until a later version lands or a person discards them, and reported
// to the district with the next push. Cards whose number changed after printing (renumbered at enrolment
// or by the district) get a reprint task.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_pulled_aside')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('sseq', 'integer', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reported_at', 'text')
    .addPrimaryKeyConstraint('sync_pulled_aside_pk', ['entity', 'row_id'])
    .execute();

  await db.schema
    .createTable('card_reprints')
    .addColumn('card_id', 'text', (c) => c.primaryKey())
    .addColumn('old_number', 'text', (c) => c.notNull())
    .addColumn('new_number', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('card_reprints').execute();
  await db.schema.dropTable('sync_pulled_aside').execute();
}
