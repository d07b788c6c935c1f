// The uninstaller's warning (build/installer.nsh) reads a line the station writes when it closes: present,
// in UTF-16LE, with the count and the oldest entry's time while entries wait; gone when none do. The NSIS
// script and electron-builder.yml must name that same file and include the script.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newStation } from '../factories/station';
import { Station } from '../../station/station';
import { UNSYNCED_MARKER } from '../../station/delivery/unsynced';
import { makePerson, mulberry32 } from '../factories/people';

const root = join(import.meta.dirname, '../..');

describe('the uninstall warning', () => {
  it('is written at close while entries wait and removed when none do', async () => {
    const s = await newStation({ now: () => new Date('2026-11-28T01:30:00Z') });
    const marker = join(s.dir, UNSYNCED_MARKER);
    const rng = mulberry32(1388);
    for (let i = 0; i < 2; i++) {
      const p = makePerson(rng);
      await s.call('residents.create', { name: p.name, idNumber: p.idNumber });
    }
    await s.station.close();
    const bytes = readFileSync(marker);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe])); // UTF-16LE BOM
    expect(bytes.subarray(2).toString('utf16le')).toBe('2 条修改，最早一条是 2026-11-28 09:30 做的');
    expect(statSync(marker).mode & 0o777).toBe(0o600);

    const again = await Station.open({ dataDir: s.dir });
    await again.db.updateTable('outbox').set({ state: 'acked', verdict: 'applied' }).execute();
    await again.close();
    expect(existsSync(marker)).toBe(false);
    await s.close().catch(() => undefined);
  });

  it('the NSIS script reads that file and electron-builder includes the script', () => {
    const nsh = readFileSync(join(root, 'build/installer.nsh'), 'utf8');
    expect(nsh).toContain(`$APPDATA\\六清\\station\\${UNSYNCED_MARKER}`);
    expect(nsh).toContain('FileReadUTF16LE');
    expect(nsh).toMatch(/!macro customUnInit[\s\S]*Abort[\s\S]*!macroend/);
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).toMatch(/include: build\/installer\.nsh/);
    expect(yml).toMatch(/deleteAppDataOnUninstall: false/);
    expect(yml).toMatch(/productName: 六清/);
  });
});
