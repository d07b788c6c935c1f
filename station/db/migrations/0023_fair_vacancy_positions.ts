// Migration 0023_fair_vacancy_positions — frozen once released: never import app code here; add a new file
// instead. A fair's positions count each vacancy once (issue 10): fair_employers.vacancy_positions holds the
// positions of each vacancy an entry brought, as JSON {vacancyId: positions}, synced with vacancy_ids and
// positions as one group, so two entries naming overlapping vacancies (the same employer brought by two
// communities of a street) add up each vacancy once at the desk and at the district. Rows written before
// stay null: they are counted by their total as before (no row is rewritten here, so nothing unsynced).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table fair_employers add column vacancy_positions text`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table fair_employers drop column vacancy_positions`.execute(db);
}
