// Migration 0014_contacts — frozen once released: never import app code here, never edit after release.
// Issue 15, the desk's second pass: a contact mark on 今日工作 is a service on the person's plan
// (plan_services) that carries the date the person is due again (`next_due`; the work list leaves the row
// out until then), and an operator's phone (operators.phone), which pre-fills the contact cards they make.
// The two indexes serve the work list's "marked until" look-ups per person and per measure.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('plan_services').addColumn('next_due', 'text').execute();
  await db.schema.alterTable('operators').addColumn('phone', 'text').execute();
  await sql`create index plan_services_due_person on plan_services(plan_id, next_due) where next_due is not null`.execute(
    db,
  );
  await sql`create index plan_services_due_measure on plan_services(measure_id, next_due) where next_due is not null and measure_id is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists plan_services_due_measure`.execute(db);
  await sql`drop index if exists plan_services_due_person`.execute(db);
  await db.schema.alterTable('operators').dropColumn('phone').execute();
  await db.schema.alterTable('plan_services').dropColumn('next_due').execute();
}
