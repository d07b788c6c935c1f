// Migration 0025_training_dropout — frozen once released: never import app code here; add a new file instead.
// A trainee who left a course after it started (退学/中途退出, issue 10 corrections): the day they left and
// why, beside status 'dropped' (synced in the status group). A person who never started is withdrawn
// instead (the enrolment is deleted); neither counts as completed in the training employment rate.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('training_enrolments').addColumn('dropped_on', 'text').execute();
  await db.schema.alterTable('training_enrolments').addColumn('drop_reason', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('training_enrolments').dropColumn('drop_reason').execute();
  await db.schema.alterTable('training_enrolments').dropColumn('dropped_on').execute();
}
