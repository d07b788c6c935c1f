// Migration 0004 — frozen: never import app code here, never edit after release; add a new file instead.
// A person registered at a second community is held, not shared (DESIGN.md "Scope is the community, also
// through identity"): the merge task records whether it holds a registration and what the district decided,
// and the second community's entries wait on the task as proposals, with who and when.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // 1 = the second registration is kept as its own row in its community until the district decides;
  // 0 = an older task whose second registration was redirected onto the first at once.
  await db.schema
    .alterTable('merge_tasks')
    .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('merge_tasks').addColumn('kept_community', 'text').execute();
  await db.schema.alterTable('merge_tasks').addColumn('decided_at', 'text').execute();
  await db.schema.alterTable('merge_tasks').addColumn('decided_by', 'text').execute();
  // a registration arriving with an ID number finds the open task (and held row) of its community by number
  await db.schema
    .createIndex('merge_tasks_id_number')
    .on('merge_tasks')
    .columns(['id_number', 'status'])
    .execute();
  await db.schema
    .createIndex('merge_tasks_merged')
    .on('merge_tasks')
    .columns(['merged_id', 'status'])
    .execute();

  await db.schema
    .createTable('merge_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull()) // JSON: field → [base, new] as the station sent it
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull()) // the station's time of the edit
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | applied | dropped
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('merge_proposals_task').on('merge_proposals').columns(['task_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('merge_proposals').execute();
  await db.schema.dropIndex('merge_tasks_merged').execute();
  await db.schema.dropIndex('merge_tasks_id_number').execute();
  for (const c of ['decided_by', 'decided_at', 'kept_community', 'held'])
    await sql`alter table merge_tasks drop column ${sql.ref(c)}`.execute(db);
}
