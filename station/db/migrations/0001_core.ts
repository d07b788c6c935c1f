// Migration 0001 — frozen: never import app code here, never edit after release; add a new file instead.
// Station core tables: meta, operators, reference data, residents, households, employers, vacancies, and
// the outbox (sync queue and audit trail in one).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('operators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('assistant','admin')`))
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ref_streets')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ref_communities')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text', (c) => c.notNull().references('ref_streets.code'))
    .execute();

  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('head_name', 'text')
    .addColumn('monthly_income', 'real')
    .addColumn('subsistence', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();

  await db.schema
    .createTable('residents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_pinyin', 'text', (c) => c.notNull()) // full pinyin, no spaces: "zhangsan"
    .addColumn('name_initials', 'text', (c) => c.notNull()) // "zs"
    .addColumn('id_number', 'text', (c) => c.notNull())
    .addColumn('id_number_rev', 'text', (c) => c.notNull()) // reversed, for "trailing digits" prefix search
    .addColumn('birth_date', 'text', (c) => c.notNull())
    .addColumn('sex', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('hukou_type', 'text')
    .addColumn('address', 'text')
    .addColumn('household_id', 'text', (c) => c.references('households.id'))
    .addColumn('household_relation', 'text')
    .addColumn('landless_farmer', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('disability', 'text') // JSON or null
    .addColumn('subsistence', 'text', (c) => c.notNull().defaultTo('none'))
    .addColumn('veteran', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('single_parent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('released_or_rehab', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('graduate_year', 'integer')
    .addColumn('note', 'text')
    // the six clears: one JSON section each (with its own confirmedAt), merged by sync as one field group
    .addColumn('clear_unemployment', 'text')
    .addColumn('clear_skills', 'text')
    .addColumn('clear_training', 'text')
    .addColumn('clear_preferences', 'text')
    .addColumn('clear_income', 'text')
    .addColumn('clear_outcome', 'text')
    // derived on every write, for grid filters and the work list without parsing JSON
    .addColumn('clears_missing', 'integer', (c) => c.notNull().defaultTo(6))
    .addColumn('clears_oldest_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  // One person, one record per station: the ID number is unique among live rows.
  await sql`create unique index residents_id_number on residents(id_number) where deleted_at is null`.execute(
    db,
  );
  await sql`create index residents_id_number_rev on residents(id_number_rev)`.execute(db);
  await sql`create index residents_name on residents(name)`.execute(db);
  await sql`create index residents_name_pinyin on residents(name_pinyin)`.execute(db);
  await sql`create index residents_name_initials on residents(name_initials)`.execute(db);
  await sql`create index residents_phone on residents(phone)`.execute(db);
  await sql`create index residents_household on residents(household_id)`.execute(db);
  await sql`create index residents_birth on residents(birth_date, name)`.execute(db);
  await sql`create index residents_clears on residents(clears_missing, clears_oldest_at)`.execute(db);
  await sql`create index residents_updated on residents(updated_at)`.execute(db);

  await db.schema
    .createTable('employers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('credit_code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_pinyin', 'text', (c) => c.notNull())
    .addColumn('name_initials', 'text', (c) => c.notNull())
    .addColumn('industry', 'text')
    .addColumn('size', 'text')
    .addColumn('address', 'text')
    .addColumn('contacts', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create unique index employers_credit_code on employers(credit_code) where deleted_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('vacancies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull().references('employers.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('occupation', 'text')
    .addColumn('positions', 'integer', (c) => c.notNull())
    .addColumn('wage_min', 'real')
    .addColumn('wage_max', 'real')
    .addColumn('requirements', 'text')
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index vacancies_employer on vacancies(employer_id)`.execute(db);
  await sql`create index vacancies_valid_to on vacancies(status, valid_to)`.execute(db);

  // The outbox: every local write appends here in the same transaction. `fields` is JSON
  // {field: [old, new]}; `state` goes pending → acked (kept as audit) or set_aside (shown to a person).
  await db.schema
    .createTable('outbox')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('op', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('hlc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('verdict', 'text')
    .addColumn('reason', 'text')
    .execute();
  await sql`create index outbox_row on outbox(entity, row_id, seq)`.execute(db);
  await sql`create index outbox_state on outbox(state, seq)`.execute(db);

  // Who looked at a full ID number, and when. Local only: it records access, not data.
  await db.schema
    .createTable('access_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('row_id', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'access_log',
    'outbox',
    'vacancies',
    'employers',
    'residents',
    'households',
    'ref_communities',
    'ref_streets',
    'operators',
    'meta',
  ])
    await db.schema.dropTable(t).execute();
}
