// Migration 0012 — frozen: never import app code here, never edit after release; add a new file instead.
// Training (issue 10). `training_courses`: the district's course board — every community's courses in one
// district-wide sequence (`bseq`, head in `training_head`), read by every other station after its cursor.
// `training_facts`: one narrow row per enrolment the district holds (course, person, completion and the last
// day a hire counts), so the training employment rate over a year of the whole district is one indexed scan
// with two indexed lookups per completion, not a parse of every synced row.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('row_id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('bseq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index training_courses_bseq on training_courses(bseq)`.execute(db);
  await sql`create index training_courses_provider on training_courses(provider)`.execute(db);
  await db.schema
    .createTable('training_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_bseq', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('training_head').values({ id: 1, last_bseq: 0 }).execute();

  await db.schema
    .createTable('training_facts')
    .addColumn('row_id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('completed_on', 'text')
    // completed_on + 6 months: the last day a hire counts for the rate
    .addColumn('employ_by', 'text')
    .execute();
  await sql`create index training_facts_completed on training_facts(completed_on, course_id)`.execute(db);
  await sql`create index training_facts_course on training_facts(course_id)`.execute(db);
  // the rate looks up each completer's hires and recorded outcome
  await sql`create index training_report_recommendations_resident on report_recommendations(resident_id, hired_on)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index training_report_recommendations_resident`.execute(db);
  await db.schema.dropTable('training_facts').execute();
  await db.schema.dropTable('training_head').execute();
  await db.schema.dropTable('training_courses').execute();
}
