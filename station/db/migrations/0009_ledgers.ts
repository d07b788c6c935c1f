// Migration 0009 — frozen once released: never import app code here.
// Ledgers in and out (issue 12), all local to this PC and never synced: import batches (what was imported
// from which file, by whom, and whether it was undone), which outbox entries each batch wrote (so history
// can say "导入：<file>" and undo can check its rows are unchanged since), the column mappings the station
// remembers per kind, and the business/tax register facts that have no synced column (legal representative,
// registration date, status and the deregistered flag).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_size', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('uploading','inspected','previewed','committed','undone','cancelled','refused','failed')`,
        ),
    )
    .addColumn('sheet', 'text')
    .addColumn('layout', 'text') // JSON: header rows, first data row, the columns and their fields
    .addColumn('counts', 'text') // JSON: created, updated, unchanged, rejected, skipped, flagged
    .addColumn('choices', 'text') // JSON: field group → keep | overwrite, as confirmed
    .addColumn('reason', 'text') // why a file was refused or a commit failed
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'text')
    .execute();
  await sql`create index import_batches_created on import_batches(created_at)`.execute(db);

  await db.schema
    .createTable('import_entries')
    .addColumn('seq', 'integer', (c) => c.primaryKey()) // the outbox entry's seq
    .addColumn('batch_id', 'text', (c) => c.notNull().references('import_batches.id'))
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('import','undo')`))
    .execute();
  await sql`create index import_entries_batch on import_entries(batch_id, seq)`.execute(db);

  await db.schema
    .createTable('import_mappings')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull()) // normalised header text
    .addColumn('field', 'text', (c) => c.notNull()) // '' = do not import this column
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_mappings_pk', ['kind', 'header'])
    .execute();

  await db.schema
    .createTable('employer_registrations')
    .addColumn('credit_code', 'text', (c) => c.primaryKey())
    .addColumn('legal_rep', 'text')
    .addColumn('industry_code', 'text')
    .addColumn('registered_on', 'text')
    .addColumn('status', 'text')
    .addColumn('deregistered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('batch_id', 'text') // the import that wrote this version
    .addColumn('previous', 'text') // JSON of the version before it (null: none), for undo
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['employer_registrations', 'import_mappings', 'import_entries', 'import_batches'])
    await db.schema.dropTable(t).execute();
}
