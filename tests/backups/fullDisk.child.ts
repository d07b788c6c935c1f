// Run by fullDisk.test.ts inside its own mount namespace (`unshare -rm`), where the station's backups folder
// and a "USB disk" folder are small tmpfs mounts. A real station on a real SQLite file takes backups onto a
// disk that is full; prints one JSON line of what it saw, for the test to judge. Not a test file itself.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { join } from 'node:path';
import { newStation } from '../factories/station';
import { createResident, people } from '../station/support';
import { BackupFailure } from '../../station/backups/store';

const [mode, dataDir, usbDir] = process.argv.slice(2) as ['backups' | 'data', string, string];

async function count(s: Awaited<ReturnType<typeof newStation>>): Promise<number> {
  const r = await s.station.db
    .selectFrom('residents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function backups(): Promise<void> {
  const s = await newStation({ dir: dataDir });
  const person = people(31);
  // enough rows that the database outgrows the small backups disk
  for (let i = 0; i < 400; i++) {
    const p = person();
    await createResident(s, p.name, p.idNumber);
  }
  const before = await count(s);
  const full = await s.station.backups.create('manual').catch((e: unknown) => e);
  const afterFull = await count(s);
  const left = readdirSync(join(dataDir, 'backups'));
  const p = person();
  await createResident(s, p.name, p.idNumber);
  const afterWrite = await count(s);

  // the first copy on a roomy disk (the small backups disk taken away: this namespace may unmount it), the
  // second on the full USB disk
  execFileSync('umount', [join(dataDir, 'backups')]);
  await s.call('backups.setSecondDir', { dir: usbDir });
  const onUsb = await s.call('backups.create', {}).catch((e: unknown) => e);
  const usbLeft = readdirSync(usbDir);
  const firstCopyExists =
    typeof (onUsb as { id?: string }).id === 'string' &&
    existsSync(join(dataDir, 'backups', `${(onUsb as { id: string }).id}.sqlite`));

  await s.close();
  console.log(
    JSON.stringify({
      before,
      full: {
        isBackupFailure: full instanceof BackupFailure,
        reason: (full as BackupFailure).reason ?? null,
        message: (full as Error).message ?? null,
      },
      afterFull,
      left,
      afterWrite,
      onUsb,
      usbLeft,
      firstCopyExists,
    }),
  );
}

/** The data disk itself fills up under the desk: every save either lands whole (row and outbox entry) or not. */
async function data(): Promise<void> {
  const s = await newStation({ dir: dataDir });
  const person = people(32);
  // leave a little room, so that a few saves land and then one meets the full disk
  const filler = join(dataDir, 'filler.bin');
  const free = statfsSync(dataDir).bavail * statfsSync(dataDir).bsize;
  writeFileSync(filler, Buffer.alloc(Math.max(0, free - 160 * 1024)));
  let saved = 0;
  let failure: unknown = null;
  for (let i = 0; i < 5000 && !failure; i++) {
    const p = person();
    try {
      await createResident(s, p.name, p.idNumber);
      saved++;
    } catch (e) {
      failure = e;
    }
  }
  const afterFull = await count(s);
  const outbox = await s.station.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.count<number>('row_id').distinct().as('n'))
    .where('entity', '=', 'residents')
    .executeTakeFirstOrThrow();
  const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(s.station.db);
  // room again: the next save lands
  rmSync(filler);
  const p = person();
  await createResident(s, p.name, p.idNumber);
  const afterRoom = await count(s);
  await s.close();
  console.log(
    JSON.stringify({
      saved,
      failure: {
        code: (failure as { code?: string })?.code ?? null,
        message: (failure as Error)?.message ?? null,
      },
      afterFull,
      residentEntries: Number(outbox.n),
      integrity: integrity.rows.map((r) => r.integrity_check),
      afterRoom,
    }),
  );
}

(mode === 'data' ? data() : backups()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
