// Migration 0009 — frozen: never import app code here, never edit after release; add a new file instead.
// Subsidy claims (issue 10): one row per subsidy application the district holds, beside its synced row, so
// "the same policy for the same person over an overlapping period only once" is a query on (resident,
// policy) and the person-times and amounts per policy and period are a scan of one narrow table.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('subsidy_claims')
    .addColumn('row_id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text')
    .addColumn('employer_id', 'text')
    .addColumn('policy_code', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    // submitted | approved | refused | paid | set_aside; a deleted (withdrawn) application is 'withdrawn'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('arrived_at', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text')
    .addColumn('paid_on', 'text')
    .execute();
  await sql`create index subsidy_claims_person on subsidy_claims(resident_id, policy_code)`.execute(db);
  await sql`create index subsidy_claims_period on subsidy_claims(period_from, policy_code, status)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subsidy_claims').execute();
}
