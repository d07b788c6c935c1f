// The one sync_state row: enrolment, credential, pull cursor and what the last attempts said.
import type { Selectable, Updateable } from 'kysely';
import type { Executor, SyncStateTable } from '../db/schema';

export type SyncState = Selectable<SyncStateTable>;

export async function readSyncState(db: Executor): Promise<SyncState | undefined> {
  return db.selectFrom('sync_state').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function updateSyncState(
  db: Executor,
  values: Omit<Updateable<SyncStateTable>, 'id'>,
): Promise<void> {
  if (Object.keys(values).length === 0) return;
  await db.updateTable('sync_state').set(values).where('id', '=', 1).execute();
}

/** Local clock minus server clock; a response's own travel time is far below what is worth reporting. */
export function skewOf(localNow: Date, serverTime: string): number | null {
  const server = Date.parse(serverTime);
  return Number.isFinite(server) ? localNow.getTime() - server : null;
}
