// Migration 0011 — frozen: never import app code here, never edit after release; add a new file instead.
// Street and district job fairs (issue 10) as the stations of their scope read them: one document per fair —
// its fields and every community's employers at it — in one district-wide sequence that stations read after a
// cursor (POST /v1/fairs), as the board of shared vacancies (0005). A fair deleted stays as a `removed` row so
// stations drop their copy.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('shared_fairs')
    .addColumn('row_id', 'text', (c) => c.primaryKey())
    .addColumn('community_code', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('street_code', 'text')
    .addColumn('fields', 'text', (c) => c.notNull()) // JSON: name, date, place, organiser
    .addColumn('employers', 'text', (c) => c.notNull()) // JSON: [{ id, community, employer_id, … }]
    .addColumn('removed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fseq', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`create index shared_fairs_fseq on shared_fairs(fseq)`.execute(db);
  // one row: the sequence, taken with one UPDATE (a row lock on PostgreSQL, as the board's)
  await db.schema
    .createTable('fairs_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('last_fseq', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('fairs_head').values({ id: 1, last_fseq: 0 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fairs_head').execute();
  await db.schema.dropTable('shared_fairs').execute();
}
