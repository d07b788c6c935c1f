// Migration 0001 — frozen: never import app code here, never edit after release; add a new file instead.
// The district server's tables. Portable on purpose (SQLite and PostgreSQL run the same file): text and
// integer columns only, JSON kept as text, ids made by the application, no database-specific defaults.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reference')
    .addColumn('kind', 'text', (c) => c.notNull()) // streets | communities | categories | …
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reference_pk', ['kind', 'code'])
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('station_number', 'integer', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('credential_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('enrolled_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('last_applied_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pulled_cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_seen_at', 'text')
    .addColumn('clock_skew_ms', 'bigint') // a PC clock can be years off
    .addUniqueConstraint('stations_number', ['community_code', 'station_number'])
    .execute();

  await db.schema
    .createTable('enrollment_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  // The district's copy of every synced row: all synced fields as JSON, and per field the community
  // sequence and station of its last change (to tell `merged` from `applied`).
  await db.schema
    .createTable('sync_rows')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('field_versions', 'text', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_rows_pk', ['entity', 'row_id'])
    .execute();
  await db.schema
    .createIndex('sync_rows_community')
    .on('sync_rows')
    .columns(['community_code', 'entity', 'row_id'])
    .execute();

  // One person in the district per normalised ID number.
  await db.schema
    .createTable('identities')
    .addColumn('id_number', 'text', (c) => c.primaryKey())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identities_row').on('identities').column('row_id').execute();

  await db.schema
    .createTable('redirects')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('old_id', 'text', (c) => c.notNull())
    .addColumn('new_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('redirects_pk', ['entity', 'old_id'])
    .execute();

  // Per-community log head: the row lock on it orders sequence assignment across server instances.
  await db.schema
    .createTable('log_heads')
    .addColumn('community_code', 'text', (c) => c.primaryKey())
    .addColumn('last_sseq', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sync_log')
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('sseq', 'integer', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('fields', 'text')
    .addColumn('redirect_to', 'text')
    .addColumn('origin', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_log_pk', ['community_code', 'sseq'])
    .execute();

  // The verdict given to each pushed entry, so a retried batch gets the same answer without re-applying.
  await db.schema
    .createTable('receipts')
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('receipts_pk', ['station_id', 'seq'])
    .execute();

  await db.schema
    .createTable('conflicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('kept_value', 'text')
    .addColumn('losing_value', 'text')
    .addColumn('losing_station', 'text', (c) => c.notNull())
    .addColumn('losing_seq', 'integer', (c) => c.notNull())
    .addColumn('operator_id', 'text')
    .addColumn('operator', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .execute();
  await db.schema.createIndex('conflicts_row').on('conflicts').columns(['entity', 'row_id']).execute();

  await db.schema
    .createTable('merge_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('kept_id', 'text', (c) => c.notNull())
    .addColumn('merged_id', 'text', (c) => c.notNull())
    .addColumn('communities', 'text', (c) => c.notNull()) // JSON array of community codes
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | resolved
    .execute();
  await db.schema.createIndex('merge_tasks_kept').on('merge_tasks').columns(['kept_id', 'status']).execute();

  await db.schema
    .createTable('transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('from_community', 'text', (c) => c.notNull())
    .addColumn('to_community', 'text', (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'transfers',
    'merge_tasks',
    'conflicts',
    'receipts',
    'sync_log',
    'log_heads',
    'redirects',
    'identities',
    'sync_rows',
    'enrollment_codes',
    'stations',
    'reference',
    'meta',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
