// The shell's part of issue 13 with 'electron' faked and everything behind it real (station, district
// server, files): the unsynced guard at quit, updates checked from the enrolled district, installed only
// after asking and after a before-update backup, a hash mismatch never offered; a damaged database at start
// offers the newest good backup.
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app, dialog, fake } from './fakeElectron';
import { newStation, type TestStation } from '../factories/station';
import { enrolledStation, startDistrict, type District } from '../sync/harness';
import { makePerson, mulberry32 } from '../factories/people';
import { CorruptDatabase, Station, STATION_DB_FILE } from '../../station/station';

vi.mock('electron', () => import('./fakeElectron'));
const { askBeforeQuit } = await import('../../electron/quitGuard');
const { startUpdates } = await import('../../electron/updates');
const { offerNewestBackup } = await import('../../electron/recovery');

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanup.splice(0).reverse()) await c();
});

const rng = mulberry32(1399);
async function addResidents(s: TestStation, n: number) {
  for (let i = 0; i < n; i++) {
    const p = makePerson(rng);
    await s.call('residents.create', { name: p.name, idNumber: p.idNumber });
  }
}

function answer(...responses: number[]) {
  const shown: Array<{ message: string; detail?: string; buttons: string[] }> = [];
  vi.spyOn(dialog, 'showMessageBox').mockImplementation((async (...args: unknown[]) => {
    const opts = args[args.length - 1] as { message: string; detail?: string; buttons: string[] };
    shown.push(opts);
    return { response: responses.shift() ?? 0 };
  }) as never);
  return shown;
}

class FakeUpdater extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  requestHeaders: Record<string, string> | null = null;
  feeds: unknown[] = [];
  checks = 0;
  installs: unknown[][] = [];
  setFeedURL(o: unknown) {
    this.feeds.push(o);
  }
  async checkForUpdates() {
    this.checks++;
    return null;
  }
  quitAndInstall(...args: unknown[]) {
    this.installs.push(args);
  }
}

describe('quit with entries the district has not accepted', () => {
  it('says how many and since when; cancel stays, go anyway quits', async () => {
    const s = await newStation();
    cleanup.push(() => s.close());
    expect(await askBeforeQuit(s.station)).toBe(true); // nothing waiting: no question
    await addResidents(s, 2);
    const shown = answer(1, 0);
    expect(await askBeforeQuit(s.station)).toBe(false);
    expect(shown[0]!.message).toMatch(/^本机还有 2 条修改没有上传到区里，最早的一条是 \d+ 分钟前做的。$/);
    expect(shown[0]!.detail).toContain('还没有在区里登记');
    expect(await askBeforeQuit(s.station)).toBe(true);
  });

  it(
    'enrolled: writes a USB bundle, or syncs and quits without asking again',
    { timeout: 60_000 },
    async () => {
      const d: District = await startDistrict();
      cleanup.push(() => d.close());
      const s = await enrolledStation(d, '330104005051');
      cleanup.push(() => s.close());
      await addResidents(s, 3);
      const shown = answer(1, 0);
      expect(await askBeforeQuit(s.station)).toBe(true);
      expect(shown[0]!.buttons).toEqual(['立即同步', '写数据包（U 盘）', '仍然退出', '取消']);
      expect(shown[1]!.message).toBe('已写数据包（3 条）');
      expect(readdirSync(join(s.dir, 'bundles')).filter((f) => f.endsWith('.lqb'))).toHaveLength(1);

      const again = answer(0);
      expect(await askBeforeQuit(s.station)).toBe(true); // synced: nothing left to ask about
      expect(again).toHaveLength(1);
      expect((await s.call('sync.unsynced', {})).count).toBe(0);
    },
  );
});

describe('updates from the district', () => {
  it(
    'asks the enrolled district with the station id, and installs on quit only after asking and a backup',
    { timeout: 60_000 },
    async () => {
      const d = await startDistrict();
      cleanup.push(() => d.close());
      const s = await enrolledStation(d, '330104005051');
      cleanup.push(() => s.close());
      const updater = new FakeUpdater();
      const updates = startUpdates(s.station, updater, { firstAfterMs: 3_600_000 });
      cleanup.push(async () => updates.stop());
      expect(updater.autoDownload).toBe(true);
      expect(updater.autoInstallOnAppQuit).toBe(false);
      await updates.check();
      expect(updater.feeds).toEqual([{ provider: 'generic', url: `${d.url}/updates` }]);
      expect(updater.requestHeaders).toEqual({ 'x-liuqing-station': s.stationId });
      expect(updater.checks).toBe(1);

      // nothing downloaded: quit asks nothing
      const none = answer(0);
      expect(await updates.askToInstall()).toBe(false);
      expect(none).toHaveLength(0);

      // a download whose sha512 did not match is reported by electron-updater as an error, never as downloaded
      updater.emit('error', new Error('sha512 checksum mismatch, expected abc, got def'));
      expect(updates.ready).toBeNull();
      expect(updates.lastError).toContain('checksum mismatch');

      updater.emit('update-downloaded', { version: '0.2.0' });
      const later = answer(1);
      expect(await updates.askToInstall()).toBe(false);
      expect(later[0]!.message).toContain('0.2.0');
      expect(s.station.backups.list().filter((b) => b.kind === 'before-update')).toHaveLength(0);

      answer(0);
      expect(await updates.askToInstall()).toBe(true);
      expect(s.station.backups.list().filter((b) => b.kind === 'before-update')).toHaveLength(1);
      updates.install();
      expect(updater.installs).toEqual([[false, true]]);
    },
  );

  it('a station not enrolled asks no one', async () => {
    const s = await newStation();
    cleanup.push(() => s.close());
    const updater = new FakeUpdater();
    const updates = startUpdates(s.station, updater, { firstAfterMs: 3_600_000 });
    cleanup.push(async () => updates.stop());
    await updates.check();
    expect(updater.checks).toBe(0);
  });
});

describe('a damaged database at start', () => {
  it('offers the newest good backup; accepted, it is put in place and the app relaunches', async () => {
    const s = await newStation();
    cleanup.push(async () => rmSync(s.dir, { recursive: true, force: true }));
    await addResidents(s, 1);
    const b = await s.call('backups.create', {});
    const dir = s.dir;
    await s.station.close();
    const file = join(dir, STATION_DB_FILE);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(100, 0x41), 0, 100, 0);
    closeSync(fd);
    const err = await Station.open({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptDatabase);
    fake.reset();
    const relaunch = vi.spyOn(app, 'relaunch');
    const box = vi.spyOn(dialog, 'showMessageBoxSync');
    box.mockReturnValueOnce(1);
    expect(offerNewestBackup(err, dir)).toBe(false);
    box.mockReturnValueOnce(0);
    expect(offerNewestBackup(err, dir)).toBe(true);
    expect(relaunch).toHaveBeenCalledOnce();
    expect(readdirSync(dir).some((f) => f.startsWith('station.damaged-'))).toBe(true);
    const reopened = await Station.open({ dataDir: dir });
    expect(reopened.backups.list().some((x) => x.id === b.id)).toBe(true);
    await reopened.close();
    expect(existsSync(file)).toBe(true);
  });
});
