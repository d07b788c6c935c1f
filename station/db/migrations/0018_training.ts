// Migration 0018_training — frozen once released: never import app code here; add a new file instead.
// Training (issue 10): courses entered at this community (synced up, shared to every station by the
// district), the district's copy of other communities' courses (read-only, refreshed after each sync), and
// enrolments of this community's residents. One enrolment per person and course is the handler's check and,
// across PCs, the same row (its id is made from the pair), so no UNIQUE index is needed.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('training_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('order','directed','post','startup','upskilling')`),
    )
    .addColumn('occupation_code', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text', (c) => c.notNull())
    .addColumn('hours', 'integer', (c) => c.notNull())
    .addColumn('subsidy_per_person', 'real')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index training_courses_start on training_courses(start_on)`.execute(db);

  // other communities' courses, as the district's course board sends them
  await db.schema
    .createTable('board_courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occupation_code', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('start_on', 'text', (c) => c.notNull())
    .addColumn('end_on', 'text', (c) => c.notNull())
    .addColumn('hours', 'integer', (c) => c.notNull())
    .addColumn('subsidy_per_person', 'real')
    .addColumn('bseq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('training_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    // no foreign key: the course may be another community's, held only on the board
    .addColumn('course_id', 'text', (c) => c.notNull())
    .addColumn('course_name', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('enrolled','completed','dropped')`))
    .addColumn('enrolled_on', 'text', (c) => c.notNull())
    .addColumn('attended_hours', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completed_on', 'text')
    .addColumn('certificate_kind', 'text')
    .addColumn('certificate_level', 'text')
    .addColumn('certificate_number', 'text')
    .addColumn('enrolled_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index training_enrolments_course on training_enrolments(course_id)`.execute(db);
  await sql`create index training_enrolments_resident on training_enrolments(resident_id)`.execute(db);
  await sql`create index training_enrolments_completed on training_enrolments(completed_on)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('training_enrolments').execute();
  await db.schema.dropTable('board_courses').execute();
  await db.schema.dropTable('training_courses').execute();
}
