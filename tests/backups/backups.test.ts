// Station backups on real SQLite files: a backup taken while the desk writes, rotation, the preview and a
// restore (the current database kept first), and the faults — a folder that vanishes mid-copy, a damaged
// backup, another community's backup, a database that will not open at start.
import {
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
  closeSync,
  copyFileSync,
  mkdtempSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { createResident, people } from '../station/support';
import { CorruptDatabase, Station, STATION_DB_FILE } from '../../station/station';
import { BackupFailure, replaceWithBackup } from '../../station/backups/store';
import { inspectDatabase } from '../../station/backups/inspect';
import { startDailyBackup } from '../../station/backups/scheduler';
import { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { Sqlite3Dialect } from '../../nodelib/sqlite3Dialect';
import { PRAGMAS } from '../../station/db/open';
import { migrations } from '../../station/db/migrations';

const open: TestStation[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function station(opts: Parameters<typeof newStation>[0] = {}) {
  const s = await newStation(opts);
  open.push(s);
  return s;
}

async function residents(s: TestStation): Promise<number> {
  const r = await s.station.db
    .selectFrom('residents')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('station backups', () => {
  it('copies the database while the desk keeps writing; the copy is checked, whole and private', async () => {
    const s = await station();
    const person = people(11);
    for (let i = 0; i < 30; i++) {
      const p = person();
      await createResident(s, p.name, p.idNumber);
    }
    let written = 0;
    const r = await s.station.backups.create('manual', {
      pagesPerStep: 2,
      onStep: async () => {
        // a save between two steps: it lands, and the copy goes on
        const p = person();
        await createResident(s, p.name, p.idNumber);
        written++;
      },
    });
    expect(written).toBeGreaterThan(3);
    expect(r.integrityOk).toBe(true);
    expect(await residents(s)).toBe(30 + written);
    const file = join(s.dir, 'backups', `${r.id}.sqlite`);
    const facts = await inspectDatabase(file, { full: true });
    expect(facts.integrityOk).toBe(true);
    expect(facts.counts.residents).toBeGreaterThanOrEqual(30);
    expect(facts.communityCode).toBe('330104005051');
    expect(r.rows).toBe(facts.rows);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(s.dir, 'backups')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(s.dir, 'backups')).filter((n) => n.includes('partial'))).toEqual([]);
    const listed = await s.call('backups.list', {});
    expect(listed.items.map((i) => i.id)).toEqual([r.id]);
  });

  it('keeps 7 daily, 4 weekly and 3 before-update backups', async () => {
    let now = new Date('2026-11-01T02:00:00Z');
    const s = await station({ now: () => now });
    for (let day = 0; day < 40; day++) {
      now = new Date(Date.parse('2026-11-01T02:00:00Z') + day * 86_400_000);
      await s.station.backups.create('daily');
    }
    for (let i = 0; i < 5; i++) {
      now = new Date(now.getTime() + 60_000);
      await s.station.backups.create('before-update');
    }
    const items = s.station.backups.list();
    const byKind = (k: string) => items.filter((i) => i.kind === k);
    expect(byKind('daily')).toHaveLength(7);
    expect(byKind('daily')[0]!.createdAt).toBe('2026-12-10T02:00:00.000Z');
    expect(byKind('weekly')).toHaveLength(4);
    // one a week, the newest from the last week
    const weeks = byKind('weekly').map((w) => Date.parse(w.createdAt));
    for (let i = 1; i < weeks.length; i++) expect(weeks[i - 1]! - weeks[i]!).toBe(7 * 86_400_000);
    expect(byKind('before-update')).toHaveLength(3);
    // nothing on disk the list does not know
    const files = readdirSync(join(s.dir, 'backups')).filter((n) => n.endsWith('.sqlite'));
    expect(files).toHaveLength(items.length);
  });

  it('previews and restores a backup, keeping the current database as a backup first', async () => {
    const s = await station();
    const person = people(12);
    const first = person();
    await createResident(s, first.name, first.idNumber);
    const b = await s.call('backups.create', {});
    expect(b.integrityOk).toBe(true);
    for (let i = 0; i < 3; i++) {
      const p = person();
      await createResident(s, p.name, p.idNumber);
    }
    const seqBefore = (
      await s.station.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirstOrThrow()
    ).m;
    // the district took everything so far: new entries after the restore must come after these
    await s.station.db.updateTable('outbox').set({ state: 'acked', verdict: 'applied' }).execute();
    const preview = await s.call('backups.preview', { id: b.id });
    expect(preview.backup.counts.residents).toBe(1);
    expect(preview.current.counts.residents).toBe(4);
    expect(preview.current.unsynced).toBe(0);
    expect(preview.backup.unsynced).toBeGreaterThan(0);
    expect(preview.backup.lastChangeAt).not.toBeNull();

    const r = await s.call('backups.restore', { id: b.id });
    expect(r.keptAs).toMatch(/^before-restore-/);
    expect(await residents(s)).toBe(1);
    const kept = s.station.backups.list().find((i) => i.id === r.keptAs)!;
    expect(kept.counts.residents).toBe(4);
    // the desk goes on; a new entry is numbered after what the district already has
    const p = person();
    await createResident(s, p.name, p.idNumber);
    const last = await s.station.db
      .selectFrom('outbox')
      .select(['seq'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last.seq).toBeGreaterThan(Number(seqBefore));
    expect((await inspectDatabase(join(s.dir, STATION_DB_FILE))).integrityOk).toBe(true);
  });

  it('refuses a damaged backup and another community’s backup, touching nothing', async () => {
    const s = await station();
    const other = await station({ communityCode: '330104005052' });
    const p = people(13)();
    await createResident(s, p.name, p.idNumber);
    const foreign = await other.call('backups.create', {});
    mkdirSync(join(s.dir, 'backups'), { recursive: true });
    for (const ext of ['sqlite', 'json'])
      copyFileSync(
        join(other.dir, 'backups', `${foreign.id}.${ext}`),
        join(s.dir, 'backups', `${foreign.id}.${ext}`),
      );
    await expect(s.call('backups.restore', { id: foreign.id })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('不是本机的社区 330104005051'),
    });

    const mine = await s.call('backups.create', {});
    const file = join(s.dir, 'backups', `${mine.id}.sqlite`);
    const size = statSync(file).size;
    const fd = openSync(file, 'r+');
    // scribble over pages in the middle of the file (a bad sector, a half-copied USB file)
    for (let at = 8192; at < size - 4096; at += 8192) writeSync(fd, Buffer.alloc(512, 0xa5), 0, 512, at);
    closeSync(fd);
    await expect(s.call('backups.preview', { id: mine.id })).rejects.toMatchObject({
      message: expect.stringContaining('已损坏'),
    });
    await expect(s.call('backups.restore', { id: mine.id })).rejects.toMatchObject({
      message: expect.stringContaining('已损坏'),
    });
    expect(await residents(s)).toBe(1);
    expect(s.station.backups.list().some((i) => i.kind === 'before-restore')).toBe(false);
  });

  it('a backup folder that vanishes mid-copy: a clear message, no file left, the desk untouched', async () => {
    const s = await station();
    const person = people(14);
    for (let i = 0; i < 20; i++) {
      const p = person();
      await createResident(s, p.name, p.idNumber);
    }
    const dir = join(s.dir, 'backups');
    const err = await s.station.backups
      .create('manual', { pagesPerStep: 2, onStep: () => rmSync(dir, { recursive: true, force: true }) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackupFailure);
    expect((err as BackupFailure).reason).toBe('folder_gone');
    expect((err as Error).message).toContain('当前数据没有任何改动');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
    expect(await residents(s)).toBe(20);
    const p = person();
    await createResident(s, p.name, p.idNumber);
    expect(await residents(s)).toBe(21);
    // and the next backup works again
    expect((await s.station.backups.create('manual')).integrityOk).toBe(true);
  });

  it('a second folder that is gone: the first copy stands and the reason is told', async () => {
    const s = await station();
    const second = mkdtempSync(join(tmpdir(), 'liuqing-usb-'));
    dirs.push(second);
    await s.call('backups.setSecondDir', { dir: second });
    const ok = await s.call('backups.create', {});
    expect(ok.second).toBe(true);
    expect(existsSync(join(second, `${ok.id}.sqlite`))).toBe(true);
    rmSync(second, { recursive: true, force: true });
    // a file where the folder was: the USB letter now points elsewhere
    closeSync(openSync(second, 'w'));
    const r = await s.call('backups.create', {});
    expect(r.second).toBe(false);
    expect(r.secondError).toMatch(/备份/);
    expect(existsSync(join(s.dir, 'backups', `${r.id}.sqlite`))).toBe(true);
    await expect(s.call('backups.setSecondDir', { dir: 'relative/path' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('an assistant cannot list, make or restore backups', async () => {
    const s = await station();
    await s.call(
      'operators.create' as never,
      { username: 'li', password: 'li-pass-123', displayName: '李', role: 'assistant' } as never,
    );
    const { token } = (await s.station.call('session.login', {
      username: 'li',
      password: 'li-pass-123',
    })) as { token: string };
    for (const m of ['backups.list', 'backups.create'] as const)
      await expect(s.station.call(m, {}, token)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a database that will not open at start offers the newest good backup, which then opens', async () => {
    const s = await station();
    const p = people(15)();
    await createResident(s, p.name, p.idNumber);
    const good = await s.call('backups.create', {});
    const dir = s.dir;
    await s.station.close();
    open.splice(open.indexOf(s), 1);
    dirs.push(dir);
    const file = join(dir, STATION_DB_FILE);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('this is not a database at all....'), 0, 32, 0);
    closeSync(fd);
    const err = await Station.open({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CorruptDatabase);
    expect((err as CorruptDatabase).newestGood?.id).toBe(good.id);
    expect((err as Error).message).toContain('可以恢复最近一次完好的备份');
    const aside = replaceWithBackup(dir, file, good.id);
    expect(existsSync(aside)).toBe(true);
    const reopened = await Station.open({ dataDir: dir });
    try {
      const n = await reopened.db
        .selectFrom('residents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1);
    } finally {
      await reopened.close();
    }
  });

  it('the daily backup runs once a day, whenever it is checked', async () => {
    let now = new Date('2026-11-02T01:00:00Z');
    const s = await station({ now: () => now });
    const daily = startDailyBackup(s.station.backups, { now: () => now, firstAfterMs: 3_600_000 });
    try {
      await daily.check();
      await daily.check();
      expect(s.station.backups.list().filter((r) => r.kind === 'daily')).toHaveLength(1);
      now = new Date('2026-11-02T17:00:00Z'); // 01:00 on the 3rd in China: a new day
      await daily.check();
      expect(s.station.backups.list().filter((r) => r.kind === 'daily')).toHaveLength(2);
    } finally {
      daily.stop();
    }
  });

  it('pending migrations run only after a backup of the database as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuqing-oldschema-'));
    dirs.push(dir);
    const db = new Kysely<any>({
      dialect: new Sqlite3Dialect({ filename: join(dir, STATION_DB_FILE), onOpen: PRAGMAS }),
    });
    const names = Object.keys(migrations)
      .sort()
      .filter((n) => n <= '0007_identity_holds');
    const older = Object.fromEntries(names.map((n) => [n, migrations[n] as Migration]));
    await new Migrator({ db, provider: { getMigrations: async () => older } }).migrateToLatest();
    await db.insertInto('meta').values({ key: 'community_code', value: '330104005051' }).execute();
    await db.destroy();
    const s = await Station.open({ dataDir: dir });
    try {
      const before = s.backups.list().filter((r) => r.kind === 'before-migration');
      expect(before).toHaveLength(1);
      expect(before[0]!.schema).toBe('0007_identity_holds');
      expect(before[0]!.integrityOk).toBe(true);
    } finally {
      await s.close();
    }
    // a fresh database has nothing to keep: no backup
    const fresh = await station();
    expect(fresh.station.backups.list()).toEqual([]);
  });
});
