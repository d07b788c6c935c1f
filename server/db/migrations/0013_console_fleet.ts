// Migration 0013 — frozen: never import app code here, never edit after release; add a new file instead.
// The console's fleet (issue 11): when each station last pulled, and how many outbox entries it last said
// were still waiting to reach the district (sent with push and pull, shared/sync/protocol.ts), and when.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stations').addColumn('last_pull_at', 'text').execute();
  await db.schema.alterTable('stations').addColumn('pending_reported', 'integer').execute();
  await db.schema.alterTable('stations').addColumn('pending_reported_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stations').dropColumn('pending_reported_at').execute();
  await db.schema.alterTable('stations').dropColumn('pending_reported').execute();
  await db.schema.alterTable('stations').dropColumn('last_pull_at').execute();
}
