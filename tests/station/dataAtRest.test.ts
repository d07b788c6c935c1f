// Personal data at rest: the station's data folder is 0700 and its database files (db, -wal, -shm) 0600,
// whatever the umask, and a folder left looser by an older version is tightened when the station opens it.
// Real files, real modes (stat after open).
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Station, STATION_DB_FILE } from '../../station/station';
import { ensurePrivateDir, preparePrivateDatabase } from '../../nodelib/privateData';
import { newStation } from '../factories/station';
import { createResident, idWith } from './support';

const mode = (path: string) => statSync(path).mode & 0o777;
/** Every entry of a folder with its mode, e.g. { 'station.sqlite': 0o600, … }. */
const modes = (dir: string) => Object.fromEntries(readdirSync(dir).map((n) => [n, mode(join(dir, n))]));

let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'liuqing-at-rest-'));
  umask = process.umask(0o022); // the usual default: files 0644, folders 0755 unless we say otherwise
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('the station data folder', () => {
  it('is created 0700 with the database, its -wal and -shm 0600, under umask 022', async () => {
    const dir = join(root, '.data', 'station');
    const s = await newStation({ dir });
    try {
      await createResident(s, '陈静', idWith('1990-03-15', '002'));
      expect(mode(dir)).toBe(0o700);
      // WAL mode: the -wal and -shm exist while the station is open, and they hold residents too
      expect(modes(dir)).toEqual({
        [STATION_DB_FILE]: 0o600,
        [`${STATION_DB_FILE}-wal`]: 0o600,
        [`${STATION_DB_FILE}-shm`]: 0o600,
      });
    } finally {
      await s.close();
    }
  });

  it('does not depend on the umask: with umask 000 the modes are the same', async () => {
    process.umask(0o000);
    const dir = join(root, 'station');
    const station = await Station.open({ dataDir: dir });
    try {
      expect(mode(dir)).toBe(0o700);
      for (const [name, m] of Object.entries(modes(dir))) expect(m, name).toBe(0o600);
    } finally {
      await station.close();
    }
  });

  it('an existing folder 0755 with files 0644 (an older version, a copy) is tightened on open', async () => {
    const dir = join(root, 'station');
    const first = await Station.open({ dataDir: dir });
    await first.close();
    chmodSync(dir, 0o755);
    const file = join(dir, STATION_DB_FILE);
    chmodSync(file, 0o644);
    // a crash of an older version left its sidecars behind, readable by all
    for (const side of ['-wal', '-shm']) {
      if (!existsSync(file + side)) writeFileSync(file + side, '');
      chmodSync(file + side, 0o644);
    }
    // a file that is not the station's is none of its business (the folder's 0700 already closes it)
    writeFileSync(join(dir, 'README.txt'), 'not ours', { mode: 0o644 });
    chmodSync(join(dir, 'README.txt'), 0o644);

    const again = await Station.open({ dataDir: dir });
    try {
      expect(mode(dir)).toBe(0o700);
      expect(modes(dir)).toMatchObject({
        [STATION_DB_FILE]: 0o600,
        [`${STATION_DB_FILE}-wal`]: 0o600,
        [`${STATION_DB_FILE}-shm`]: 0o600,
        'README.txt': 0o644,
      });
      // and it still opens as the same station
      expect(again.identity).toBeNull();
    } finally {
      await again.close();
    }
  });
});

describe('nodelib/privateData', () => {
  it('creates the database file 0600 before SQLite opens it', () => {
    const dir = join(root, 'x');
    preparePrivateDatabase(dir, join(dir, 'a.sqlite'));
    expect(mode(dir)).toBe(0o700);
    expect(modes(dir)).toEqual({ 'a.sqlite': 0o600 });
    expect(statSync(join(dir, 'a.sqlite')).size).toBe(0);
  });

  it('on Windows leaves modes to the profile folder ACL: nothing is chmod-ed', () => {
    const dir = join(root, 'win');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'a.sqlite'), '');
    chmodSync(join(dir, 'a.sqlite'), 0o644);
    ensurePrivateDir(dir, { platform: 'win32' });
    preparePrivateDatabase(dir, join(dir, 'a.sqlite'), { platform: 'win32' });
    expect(mode(dir)).toBe(0o755);
    expect(mode(join(dir, 'a.sqlite'))).toBe(0o644);
  });
});
