// The unsynced guard's one fact: how many entries the district has not accepted, and since when. Logout,
// operator switch, quit, restore and uninstall all ask this before work could be left behind.
import { sql } from 'kysely';
import type { UnsyncedInfo } from '../../shared/contract/delivery';
import type { DB } from '../db/schema';

export async function unsyncedInfo(db: DB, now: Date): Promise<UnsyncedInfo> {
  const r = (
    await sql<{ n: number; oldest: string | null; enrolled: number }>`
      select count(*) as n, min(created_at) as oldest,
             (select count(*) from sync_state) as enrolled
        from outbox where state = 'pending'`.execute(db)
  ).rows[0];
  return {
    count: Number(r?.n ?? 0),
    oldestAt: r?.oldest ?? null,
    enrolled: Number(r?.enrolled ?? 0) > 0,
    now: now.toISOString(),
  };
}
