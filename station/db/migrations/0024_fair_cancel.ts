// Migration 0024_fair_cancel — frozen once released: never import app code here; add a new file instead.
// A job fair called off before its day (issue 10 corrections): the day it was cancelled and why, on the
// fair (synced: the two travel as one group) and on the district's read-only copy of street and district
// fairs, so every station of the scope lists it as 已取消 and leaves it out of its figures. Null: held.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['fairs', 'shared_fairs']) {
    await db.schema.alterTable(table).addColumn('cancelled_on', 'text').execute();
    await db.schema.alterTable(table).addColumn('cancel_reason', 'text').execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['shared_fairs', 'fairs']) {
    await db.schema.alterTable(table).dropColumn('cancel_reason').execute();
    await db.schema.alterTable(table).dropColumn('cancelled_on').execute();
  }
}
