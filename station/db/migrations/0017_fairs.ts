// Migration 0017_fairs — frozen once released: never import app code here; add a new file instead.
// Job fairs (招聘会, issue 10): fairs held by the community, the street or the district; the employers taking
// part with the vacancies (and positions) they bring; residents signed up; intents reached (each also a
// recommendation). `fair_id` and `employer_id` carry no foreign key: a street or district fair may be another
// community's, held here only as the district's read-only copy (`shared_fairs`), and an employer at it may be
// on the board only. One sign-up per person and fair, one intent per person, fair and vacancy: the handlers
// check it and the row ids are made from those columns, so two offline PCs make one row (same-row).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('community','street','district')`))
    .addColumn('street_code', 'text')
    .addColumn('organiser', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index fairs_date on fairs(date)`.execute(db);

  await db.schema
    .createTable('fair_employers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('fair_id', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull())
    .addColumn('employer_name', 'text', (c) => c.notNull())
    .addColumn('vacancy_ids', 'text', (c) => c.notNull()) // JSON array of vacancy ids
    .addColumn('positions', 'integer', (c) => c.notNull()) // positions those vacancies brought, when added
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index fair_employers_fair on fair_employers(fair_id)`.execute(db);

  await db.schema
    .createTable('fair_signups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('fair_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('signed_up_on', 'text', (c) => c.notNull())
    .addColumn('signed_up_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index fair_signups_fair on fair_signups(fair_id)`.execute(db);
  await sql`create index fair_signups_resident on fair_signups(resident_id)`.execute(db);

  await db.schema
    .createTable('fair_intents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('fair_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('vacancy_id', 'text', (c) => c.notNull())
    .addColumn('vacancy_title', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull())
    .addColumn('employer_name', 'text', (c) => c.notNull())
    .addColumn('recommendation_id', 'text', (c) => c.notNull())
    .addColumn('reached_on', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index fair_intents_fair on fair_intents(fair_id)`.execute(db);
  await sql`create index fair_intents_pair on fair_intents(resident_id, vacancy_id)`.execute(db);

  // Street and district fairs as the district last sent them (POST /v1/fairs): read-only here, with every
  // community's employers at the fair in `employers` (JSON).
  await db.schema
    .createTable('shared_fairs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('organiser', 'text', (c) => c.notNull())
    .addColumn('employers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('fseq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['shared_fairs', 'fair_intents', 'fair_signups', 'fair_employers', 'fairs'])
    await db.schema.dropTable(t).execute();
}
