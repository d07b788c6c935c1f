// Migration 0003_cards — frozen once released: never import app code here; add a new file instead.
// Employment assistance: versioned category reference data, cards with a per-station yearly sequence,
// contact cards, one plan per holder (measures and services given) and the print log.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Reference data: one row per version of a category; `params` is the rule and its thresholds (JSON).
  await db.schema
    .createTable('ref_assistance_categories')
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('effective_to', 'text') // last day in force, inclusive; null = open-ended
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('params', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ref_assistance_categories_pk', ['code', 'version'])
    .execute();

  // Local only, never synced: the last sequence this station used in a year. Allocated inside the
  // issuing transaction, so a rolled-back issue gives its number back.
  await db.schema
    .createTable('card_sequences')
    .addColumn('station_number', 'integer', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('card_sequences_pk', ['station_number', 'year'])
    .execute();

  await db.schema
    .createTable('cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('card_number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('valid','replaced','cancelled')`))
    .addColumn('categories', 'text', (c) => c.notNull()) // JSON [{code,name,version,reason,suggested}]
    .addColumn('issue_reason', 'text')
    .addColumn('issued_on', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('replaces_id', 'text', (c) => c.references('cards.id'))
    .addColumn('replaced_by_id', 'text')
    .addColumn('status_reason', 'text')
    .addColumn('status_changed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  // Unique across the district by construction (community + station + year + sequence); the index makes
  // a bug loud instead of silent. "One valid card per person" is checked by the handler, not an index:
  // two offline stations may both issue one, and sync must still be able to land both for review.
  await sql`create unique index cards_card_number on cards(card_number)`.execute(db);
  await sql`create index cards_resident on cards(resident_id, status)`.execute(db);

  await db.schema
    .createTable('contact_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull().references('cards.id'))
    .addColumn('officer_name', 'text', (c) => c.notNull())
    .addColumn('officer_phone', 'text', (c) => c.notNull())
    .addColumn('hours', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index contact_cards_card on contact_cards(card_id)`.execute(db);

  // One plan per holder: its id is the resident's id, so two stations that open a plan for the same
  // person offline make the same row, and sync merges it instead of duplicating it.
  await db.schema
    .createTable('card_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull().references('residents.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_measures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('card_plans.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open','done')`),
    )
    .addColumn('completed_on', 'text')
    .addColumn('result', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await sql`create index plan_measures_plan on plan_measures(plan_id, due_date)`.execute(db);
  await sql`create index plan_measures_due on plan_measures(status, due_date)`.execute(db);

  await db.schema
    .createTable('plan_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('card_plans.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('measure_id', 'text')
    .addColumn('given_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index plan_services_plan on plan_services(plan_id, date)`.execute(db);

  await db.schema
    .createTable('card_prints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull().references('cards.id'))
    .addColumn('layout', 'text', (c) => c.notNull())
    .addColumn('printed_at', 'text', (c) => c.notNull())
    .addColumn('operator_id', 'text', (c) => c.notNull())
    .addColumn('operator_name', 'text', (c) => c.notNull())
    .addColumn('reprint', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create index card_prints_card on card_prints(card_id)`.execute(db);
  await sql`create index card_prints_at on card_prints(printed_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'card_prints',
    'plan_services',
    'plan_measures',
    'card_plans',
    'contact_cards',
    'cards',
    'card_sequences',
    'ref_assistance_categories',
  ])
    await db.schema.dropTable(t).execute();
}
