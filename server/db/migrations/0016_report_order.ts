// Migration 0016 — frozen: never import app code here, never edit after release; add a new file instead.
// District reports for a year under a second (issue 11). Two things the report query had to work out for
// every resident on every run are kept instead:
// - `report_residents.card_from`: the earliest issue date of the resident's valid cards ("holds a valid
//   card on d" is `card_from <= d`), kept by server/reports/projection.ts whenever a card or the resident
//   lands; filled here from the cards already projected.
// - SQLite only: an index that holds every column the report reads, ordered by community and household, so
//   the report reads residents already grouped the way it counts them (no sort of 300,000 rows, no lookup
//   back into the table). PostgreSQL groups by hashing and needs no such index.
// - PostgreSQL only: the text columns the report compares or groups by compare bytewise (collate "C"):
//   ISO dates and codes order the same either way, and a libc collation (even C.UTF-8) costs a strcoll per
//   comparison — about a fifth of the district report's time at 300,000 residents.
import { SqliteAdapter, sql, type Kysely } from 'kysely';

const REPORT_COLUMNS = [
  'community_code',
  'household_id',
  'birth_date',
  'sex',
  'clears_missing',
  'clears_oldest_at',
  'unemployed',
  'unemployed_registered',
  'unemployed_since',
  'unemployment_confirmed_at',
  'placed_on',
  'landless_farmer',
  'disability',
  'subsistence',
  'income_subsistence',
  'veteran',
  'single_parent',
  'released_or_rehab',
  'graduate_year',
  'card_from',
];

/** Text columns the report compares (dates, codes, statuses) or groups by. */
const COMPARED_TEXT = [
  'community_code',
  'household_id',
  'birth_date',
  'sex',
  'clears_oldest_at',
  'unemployed_since',
  'unemployment_confirmed_at',
  'placed_on',
  'subsistence',
  'income_subsistence',
  'card_from',
];

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('report_residents').addColumn('card_from', 'text').execute();
  await sql`update report_residents set card_from = (select min(c.issued_on) from report_cards c where c.resident_id = report_residents.id and c.status = 'valid')`.execute(
    db,
  );
  if (isSqlite(db))
    await db.schema
      .createIndex('report_residents_by_household')
      .on('report_residents')
      .columns(REPORT_COLUMNS)
      .execute();
  else await collate(db, '"C"');
}

async function collate(db: Kysely<any>, collation: string) {
  const changes = COMPARED_TEXT.map(
    (c) => sql`alter column ${sql.ref(c)} type text collate ${sql.raw(collation)}`,
  );
  await sql`alter table report_residents ${sql.join(changes)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await db.schema.dropIndex('report_residents_by_household').execute();
  else await collate(db, '"default"');
  await db.schema.alterTable('report_residents').dropColumn('card_from').execute();
}
