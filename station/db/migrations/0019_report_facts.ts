// Migration 0019_report_facts — frozen once released: never import app code here; add a new file instead.
// Report speed (issue 11): what the reports read of the six clears becomes plain derived columns of
// `residents`, like clears_missing, so a community report is a scan of columns instead of a JSON parse of
// three sections per resident per report. Kept by deriveResidentColumns on every write and synced row;
// filled here once from the JSON with the same rules (shared/reports/facts.ts clearsFacts).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table residents add column unemployed integer not null default 0`.execute(db);
  await sql`alter table residents add column unemployed_registered integer not null default 0`.execute(db);
  await sql`alter table residents add column unemployed_since text`.execute(db);
  await sql`alter table residents add column unemployment_confirmed_at text`.execute(db);
  await sql`alter table residents add column placed_on text`.execute(db);
  await sql`alter table residents add column income_subsistence text`.execute(db);
  await sql`update residents set
      unemployed = case when json_extract(clear_unemployment, '$.status') = 'unemployed' then 1 else 0 end,
      unemployed_registered = case when json_extract(clear_unemployment, '$.status') = 'unemployed'
        and json_extract(clear_unemployment, '$.registered') = 1 then 1 else 0 end,
      unemployed_since = nullif(json_extract(clear_unemployment, '$.since'), ''),
      unemployment_confirmed_at = nullif(json_extract(clear_unemployment, '$.confirmedAt'), ''),
      placed_on = case when nullif(json_extract(clear_outcome, '$.result'), '') <> 'not_yet'
        then nullif(json_extract(clear_outcome, '$.date'), '') end,
      income_subsistence = nullif(json_extract(clear_income, '$.subsistence'), '')
    where clear_unemployment is not null or clear_outcome is not null or clear_income is not null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of [
    'unemployed',
    'unemployed_registered',
    'unemployed_since',
    'unemployment_confirmed_at',
    'placed_on',
    'income_subsistence',
  ])
    await sql`alter table residents drop column ${sql.ref(c)}`.execute(db);
}
