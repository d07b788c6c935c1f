// Migration 0007 — frozen: never import app code here, never edit after release; add a new file instead.
// Delivery to the fleet (issue 13): the releases the district publishes for electron-updater (version, file,
// sha512, staged rollout percentage), each station's app and schema version as its last sync told them, and
// the USB bundles imported for stations whose line is down (one row per bundle, so a second import is seen).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('releases')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('sha512', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('rollout', 'integer', (c) => c.notNull())
    .addColumn('published_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('stations').addColumn('app_version', 'text').execute();
  await db.schema.alterTable('stations').addColumn('schema_version', 'text').execute();
  await db.schema
    .createTable('bundle_imports')
    .addColumn('bundle_id', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('entries', 'integer', (c) => c.notNull())
    .addColumn('last_applied_seq', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('bundle_imports').execute();
  await db.schema.alterTable('stations').dropColumn('schema_version').execute();
  await db.schema.alterTable('stations').dropColumn('app_version').execute();
  await db.schema.dropTable('releases').execute();
}
