// Migration 0010_matching — frozen once released: never import app code here; add a new file instead.
// Into work (issue 9): the occupation and industry vocabularies (reference data from the district), coded
// job wishes of vacancies, recommendations (推荐单) followed to a lasting job, employer visits and
// cooperation agreements (synced), and the district's shared vacancies of other communities (a local,
// read-only copy the station refreshes from the district and never pushes).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['ref_occupations', 'ref_industries']) {
    await db.schema
      .createTable(table)
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_code', 'text')
      .addColumn('name_pinyin', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('name_initials', 'text', (c) => c.notNull().defaultTo(''))
      // 0: the district's list no longer has it; values already recorded stay readable
      .addColumn('in_force', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }

  await db.schema.alterTable('vacancies').addColumn('occupation_code', 'text').execute();
  await db.schema.alterTable('vacancies').addColumn('industry_code', 'text').execute();
  await db.schema.alterTable('vacancies').addColumn('age_min', 'integer').execute();
  await db.schema.alterTable('vacancies').addColumn('age_max', 'integer').execute();
  await db.schema.alterTable('vacancies').addColumn('education', 'text').execute();
  await db.schema
    .alterTable('vacancies')
    .addColumn('shared', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // hires counted by the district from recommendations of every community (never typed at a station)
  await db.schema
    .alterTable('vacancies')
    .addColumn('hired', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index vacancies_open on vacancies(status, valid_to) where deleted_at is null`.execute(db);

  await db.schema
    .createTable('recommendations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    // no foreign key: the vacancy may be another community's, held only in board_vacancies
    .addColumn('vacancy_id', 'text', (c) => c.notNull())
    .addColumn('vacancy_community', 'text', (c) => c.notNull())
    .addColumn('vacancy_title', 'text', (c) => c.notNull())
    .addColumn('employer_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('recommended','interviewed','hired','not_hired','declined','retained_3m','left')`,
        ),
    )
    .addColumn('recommended_on', 'text', (c) => c.notNull())
    .addColumn('interviewed_on', 'text')
    .addColumn('hired_on', 'text')
    .addColumn('closed_on', 'text') // not hired, declined, retained or left: the day it was recorded
    .addColumn('reason', 'text')
    .addColumn('note', 'text')
    .addColumn('recommended_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index recommendations_resident on recommendations(resident_id)`.execute(db);
  await sql`create index recommendations_vacancy on recommendations(vacancy_id)`.execute(db);
  await sql`create index recommendations_status on recommendations(status, recommended_on)`.execute(db);

  await db.schema
    .createTable('employer_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull().references('employers.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('visitors', 'text', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('vacancy_ids', 'text', (c) => c.notNull().defaultTo('[]')) // JSON: vacancies collected
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index employer_visits_employer on employer_visits(employer_id, date)`.execute(db);

  await db.schema
    .createTable('cooperation_agreements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull().references('employers.id'))
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('committed_hires', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index cooperation_agreements_employer on cooperation_agreements(employer_id)`.execute(db);

  // Other communities' shared vacancies as the district sent them: read-only here, replaced on every refresh.
  await db.schema
    .createTable('board_vacancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull())
    .addColumn('employer_name', 'text', (c) => c.notNull())
    .addColumn('employer_address', 'text')
    .addColumn('employer_contacts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('occupation', 'text')
    .addColumn('occupation_code', 'text')
    .addColumn('industry_code', 'text')
    .addColumn('positions', 'integer', (c) => c.notNull())
    .addColumn('hired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('wage_min', 'real')
    .addColumn('wage_max', 'real')
    .addColumn('requirements', 'text')
    .addColumn('age_min', 'integer')
    .addColumn('age_max', 'integer')
    .addColumn('education', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bseq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index board_vacancies_open on board_vacancies(status, valid_to)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'board_vacancies',
    'cooperation_agreements',
    'employer_visits',
    'recommendations',
    'ref_industries',
    'ref_occupations',
  ])
    await db.schema.dropTable(t).execute();
  await sql`drop index vacancies_open`.execute(db);
  for (const c of ['hired', 'shared', 'education', 'age_max', 'age_min', 'industry_code', 'occupation_code'])
    await db.schema.alterTable('vacancies').dropColumn(c).execute();
}
