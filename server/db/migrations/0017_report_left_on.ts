// Migration 0017 — frozen: never import app code here, never edit after release; add a new file instead.
// Issue 15 at the district: a resident who left the book (moved away, retired, deceased, past working age)
// stops counting of working age from the date they left, as at the station. `report_residents.left_on`
// holds that date; the report projection's version rises with it, so the tables are rebuilt from the synced
// rows at the next start and the column is filled for everyone who had already left.
// SQLite: migration 0016's covering index is made again with the column, so the report still reads the
// residents from the index alone. PostgreSQL: the column compares bytewise, as 0016's other dates.
import { SqliteAdapter, sql, type Kysely } from 'kysely';

const COVERED = [
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

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter;

async function coveringIndex(db: Kysely<any>, columns: string[]): Promise<void> {
  await db.schema.dropIndex('report_residents_by_household').ifExists().execute();
  await db.schema.createIndex('report_residents_by_household').on('report_residents').columns(columns).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    await db.schema.alterTable('report_residents').addColumn('left_on', 'text').execute();
    await coveringIndex(db, [...COVERED, 'left_on']);
  } else {
    await sql`alter table report_residents add column left_on text collate "C"`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) await coveringIndex(db, COVERED);
  await db.schema.alterTable('report_residents').dropColumn('left_on').execute();
}
