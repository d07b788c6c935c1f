// Migration 0006 — frozen: never import app code here, never edit after release; add a new file instead.
// The district console (issue 11): report tables kept beside the synced rows (plain columns of what the
// report definitions count, so a year's district report is an indexed scan, not 300,000 JSON parses), and
// the console's own accounts, sessions and audit log. Portable: text and integer columns only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('report_residents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text')
    .addColumn('clears_missing', 'integer', (c) => c.notNull())
    .addColumn('clears_oldest_at', 'text')
    .addColumn('unemployed', 'integer', (c) => c.notNull())
    .addColumn('unemployed_registered', 'integer', (c) => c.notNull())
    .addColumn('unemployed_since', 'text')
    .addColumn('unemployment_confirmed_at', 'text')
    .addColumn('placed_on', 'text')
    .addColumn('landless_farmer', 'integer', (c) => c.notNull())
    .addColumn('disability', 'integer', (c) => c.notNull())
    .addColumn('subsistence', 'text', (c) => c.notNull())
    .addColumn('income_subsistence', 'text')
    .addColumn('veteran', 'integer', (c) => c.notNull())
    .addColumn('single_parent', 'integer', (c) => c.notNull())
    .addColumn('released_or_rehab', 'integer', (c) => c.notNull())
    .addColumn('graduate_year', 'integer')
    .execute();
  await db.schema
    .createIndex('report_residents_community')
    .on('report_residents')
    .columns(['community_code'])
    .execute();
  await db.schema
    .createIndex('report_residents_household')
    .on('report_residents')
    .columns(['household_id'])
    .execute();

  await db.schema
    .createTable('report_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_cards_resident')
    .on('report_cards')
    .columns(['resident_id', 'status'])
    .execute();
  await db.schema
    .createIndex('report_cards_issued')
    .on('report_cards')
    .columns(['community_code', 'issued_on'])
    .execute();

  await db.schema
    .createTable('report_vacancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('positions', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_vacancies_from')
    .on('report_vacancies')
    .columns(['community_code', 'valid_from'])
    .execute();

  await db.schema
    .createTable('report_recommendations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('vacancy_title', 'text', (c) => c.notNull())
    .addColumn('employer_name', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('recommended_on', 'text', (c) => c.notNull())
    .addColumn('hired_on', 'text')
    .execute();
  await db.schema
    .createIndex('report_recommendations_on')
    .on('report_recommendations')
    .columns(['community_code', 'recommended_on'])
    .execute();
  await db.schema
    .createTable('report_visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('visitors', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_visits_date')
    .on('report_visits')
    .columns(['community_code', 'date'])
    .execute();

  // console accounts: role district | street | viewer; a street account sees one street
  await db.schema
    .createTable('console_users')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('must_change', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
  // the token itself is never stored, only its SHA-256
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createTable('console_login_failures')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('console_login_failures_user')
    .on('console_login_failures')
    .columns(['username', 'at'])
    .execute();
  // who read whose full ID number, who decided what, and every refused attempt (never a value)
  await db.schema
    .createTable('console_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('console_audit_at').on('console_audit').columns(['at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'console_audit',
    'console_login_failures',
    'console_sessions',
    'console_users',
    'report_visits',
    'report_recommendations',
    'report_vacancies',
    'report_cards',
    'report_residents',
  ])
    await db.schema.dropTable(t).execute();
}
