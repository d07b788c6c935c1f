// Migration 0003 — frozen: never import app code here, never edit after release; add a new file instead.
// The district's epoch (DESIGN.md "Time goes forward"): one row holding a random id that is replaced when
// the database is restored from a backup or the server notices it went back in time. A database restored
// from a backup made before this migration gets a fresh epoch here, which stations also take as a restore.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('epoch', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    // initial | restore (the restore command, mark-restored) | detected (a station knew more than we had)
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('previous', 'text')
    .execute();
  await db
    .insertInto('server_epoch')
    .values({
      id: 1,
      epoch: randomUUID(),
      started_at: new Date().toISOString(),
      reason: 'initial',
      previous: null,
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('server_epoch').execute();
}
