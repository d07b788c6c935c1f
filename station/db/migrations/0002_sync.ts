// Migration 0002_sync — frozen once released: never import app code here, never edit after release.
// What the station keeps about its link to the district server: enrolment and cursor (sync_state), entries
// set aside for a person to review, conflicts pulled down, receipts of each upload, and redirects applied.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row (id = 1) once the station is enrolled. `seq_offset`: local outbox seqs at or below it were
  // pushed under an earlier enrolment; the wire seq is `local seq - seq_offset` so a re-enrolled station
  // starts at 1 again. `deadline_*`: the weekly upload deadline in China time (weekday 1 = Monday).
  await db.schema
    .createTable('sync_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('server_url', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('station_number', 'integer', (c) => c.notNull())
    .addColumn('credential', 'text', (c) => c.notNull())
    .addColumn('seq_offset', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cursor', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enrolled_at', 'text', (c) => c.notNull())
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_full_upload_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('reachable', 'integer')
    .addColumn('clock_skew_ms', 'integer')
    .addColumn('deadline_weekday', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('deadline_time', 'text', (c) => c.notNull().defaultTo('17:00'))
    .execute();

  // A rejected outbox entry waits here for a person: retry (a new entry against the current row) or discard.
  await db.schema
    .createTable('sync_set_aside')
    .addColumn('seq', 'integer', (c) => c.primaryKey().references('outbox.seq'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text', (c) => c.check(sql`resolution in ('retried','discarded')`))
    .addColumn('retried_as', 'integer')
    .execute();
  await sql`create index sync_set_aside_open on sync_set_aside(resolved_at, seq)`.execute(db);

  // A field whose local edit lost at the district: the losing value stays here until someone decides.
  await db.schema
    .createTable('sync_conflicts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('mine', 'text') // JSON
    .addColumn('theirs', 'text') // JSON
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text', (c) => c.check(sql`resolution in ('mine','theirs')`))
    .execute();
  await sql`create index sync_conflicts_open on sync_conflicts(resolved_at, id)`.execute(db);

  // What the district acknowledged, per upload and entity: the station's receipt.
  await db.schema
    .createTable('sync_receipts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('first_seq', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('applied', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('conflict', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('rejected', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('duplicate', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index sync_receipts_at on sync_receipts(at)`.execute(db);

  // Redirects applied locally (same person registered twice): old id → kept id, for history and support.
  await db.schema
    .createTable('sync_redirects')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('old_id', 'text', (c) => c.notNull())
    .addColumn('new_id', 'text', (c) => c.notNull())
    .addColumn('sseq', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sync_redirects_pk', ['entity', 'old_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sync_redirects', 'sync_receipts', 'sync_conflicts', 'sync_set_aside', 'sync_state'])
    await db.schema.dropTable(t).execute();
}
