// Migration 0006_sync_epoch — frozen once released: never import app code here, never edit after release.
// What the station knows of the district's timeline (DESIGN.md "Time goes forward"): the epoch its
// acknowledged entries and pull cursor belong to, and a recovery from a district restore in progress.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row (id = 1), present from the start. `epoch`: null until the district first names one (stations
  // enrolled before this migration check once, see station/sync/epoch.ts). `server_last_seq`: the wire seq
  // the district last said it had applied. `cursor_mark`: the district's mark of the log entry at the
  // cursor. `recovering_to`: set while a recovery moves to that epoch; `resent` counts the entries it queued
  // again. `recovered_at` / `recovered_resent`: the last finished recovery, told on the 同步 page.
  await db.schema
    .createTable('sync_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('epoch', 'text')
    .addColumn('server_last_seq', 'integer')
    .addColumn('cursor_mark', 'text')
    .addColumn('recovering_to', 'text')
    .addColumn('resent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recovered_at', 'text')
    .addColumn('recovered_resent', 'integer')
    .execute();
  await db.insertInto('sync_epoch').values({ id: 1 }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sync_epoch').execute();
}
