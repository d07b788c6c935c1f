// Migration 0013_lagged_snapshot — frozen once released: never import app code here, never edit after release.
// Issue 14: when this station's pull cursor had fallen behind the district's compacted log and it took its
// community again as a snapshot, the 同步 page says so in plain words for a week: `lagged_snapshot_at` is
// when that snapshot finished.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_epoch').addColumn('lagged_snapshot_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('sync_epoch').dropColumn('lagged_snapshot_at').execute();
}
