// The unsynced guard's one fact: how many entries the district has not accepted, and since when. Logout,
// operator switch, quit, restore and uninstall all ask this before work could be left behind.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { PRIVATE_FILE_MODE } from '../../nodelib/privateData';
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

/** The file the Windows uninstaller reads (build/installer.nsh): present only while entries wait. */
export const UNSYNCED_MARKER = 'unsynced.txt';

/**
 * Written when the station closes (the uninstaller runs with the app closed): "3 条修改，最早一条是
 * 2026-11-28 09:30 做的" while entries wait, removed when none do. UTF-16LE with a BOM, no newline:
 * NSIS's FileReadUTF16LE reads it into one variable whatever the PC's code page, and shows it as it is.
 */
export async function writeUnsyncedMarker(db: DB, dataDir: string, now: Date): Promise<void> {
  const file = join(dataDir, UNSYNCED_MARKER);
  const info = await unsyncedInfo(db, now);
  if (info.count === 0) return rmSync(file, { force: true });
  const oldest = new Date(Date.parse(info.oldestAt!) + 8 * 3_600_000)
    .toISOString()
    .slice(0, 16)
    .replace('T', ' ');
  writeFileSync(file, Buffer.from(`\ufeff${info.count} 条修改，最早一条是 ${oldest} 做的`, 'utf16le'), {
    mode: PRIVATE_FILE_MODE,
  });
}
