// Migration 0005 — frozen: never import app code here, never edit after release; add a new file instead.
// The district's board of shared vacancies (issue 9): every community's vacancy marked shared, with its
// employer's name, address and contacts, in one district-wide sequence that stations read after a cursor
// (POST /v1/board). A vacancy no longer shared, deleted or closed stays as a row (`removed` or its status) so
// stations drop or update their copy.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('board_vacancies')
    .addColumn('row_id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('employer_id', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull()) // JSON: the vacancy's synced fields and its employer's
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('bseq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index board_vacancies_bseq on board_vacancies(bseq)`.execute(db);
  await sql`create index board_vacancies_employer on board_vacancies(employer_id)`.execute(db);
  // one row: the board's sequence, taken with one UPDATE (a row lock on PostgreSQL, as the log heads)
  await db.schema
    .createTable('board_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_bseq', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('board_head').values({ id: 1, last_bseq: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('board_head').execute();
  await db.schema.dropTable('board_vacancies').execute();
}
