// Migration 0022_report_order — frozen once released: never import app code here; add a new file instead.
// A community report in under 300 ms at 100,000 residents (issue 11): the report counts residents grouped by
// household (nodelib/reports/compute.ts). This partial index over live residents holds every column the
// report reads, ordered by community and household, so the report reads them already grouped — no sort of
// the community, no lookup back into the 250 MB table. Trailing deleted_at: SQLite wants every column the
// query names (its WHERE included) inside a covering index.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index residents_live_report on residents(community_code, household_id, birth_date, sex,
    clears_missing, clears_oldest_at, unemployed, unemployed_registered, unemployed_since,
    unemployment_confirmed_at, placed_on, landless_farmer, disability, subsistence, income_subsistence,
    veteran, single_parent, released_or_rehab, graduate_year, lifecycle, id, deleted_at) where deleted_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index residents_live_report`.execute(db);
}
