// Migration 0012_delivery — frozen once released: never import app code here, never edit after release.
// USB bundles (issue 13): each bundle this station wrote for the district (the outbox seqs it carried) and
// when its receipt came back, so the 同步 page can say what is on its way and a receipt read twice is seen.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sync_bundles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('first_seq', 'integer')
    .addColumn('last_seq', 'integer')
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('receipt_at', 'text')
    .addColumn('accepted', 'integer')
    .addColumn('rejected', 'integer')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_bundles').execute();
}
