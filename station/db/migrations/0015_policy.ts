// Migration 0015_policy — frozen once released: never import app code here; add a new file instead.
// Policy support (issue 10): the district's policy catalogue as versioned reference data, and subsidy
// applications prepared here, decided at the district and synced back. "The same policy for the same person
// and an overlapping period only once" is the handler's check here and the district's verdict across PCs
// (an overlap is not something a UNIQUE index can say).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ref_policies')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text') // last day in force, inclusive; null = open-ended
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data', 'text', (c) => c.notNull()) // the whole version as JSON (unit, standard, documents, params)
    .addPrimaryKeyConstraint('ref_policies_pk', ['code', 'version'])
    .execute();

  await db.schema
    .createTable('subsidy_applications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('policy_code', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'integer', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.references('residents.id'))
    .addColumn('employer_id', 'text', (c) => c.references('employers.id'))
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('amount', 'real', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull()) // JSON [{name, provided}]
    .addColumn('eligibility_reason', 'text')
    .addColumn('prepared_by', 'text', (c) => c.notNull())
    .addColumn('prepared_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('submitted','approved','refused','paid','set_aside')`),
    )
    .addColumn('decision_reason', 'text')
    .addColumn('decided_on', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('paid_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index subsidy_applications_resident on subsidy_applications(resident_id, policy_code)`.execute(
    db,
  );
  await sql`create index subsidy_applications_employer on subsidy_applications(employer_id)`.execute(db);
  await sql`create index subsidy_applications_period on subsidy_applications(period_from, policy_code)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subsidy_applications').execute();
  await db.schema.dropTable('ref_policies').execute();
}
