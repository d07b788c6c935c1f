// The district server's embedded SQLite holds every community's residents and the stations' credential
// hashes: its data folder is 0700 and the database files 0600 whatever the umask, and a looser folder
// from an older version is tightened when the server opens it.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/db/open';

const mode = (path: string) => statSync(path).mode & 0o777;
const modes = (dir: string) => Object.fromEntries(readdirSync(dir).map((n) => [n, mode(join(dir, n))]));

let root: string;
let umask: number;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'liuqing-server-at-rest-'));
  umask = process.umask(0o022);
});
afterEach(() => {
  process.umask(umask);
  rmSync(root, { recursive: true, force: true });
});

describe('the district server data folder (embedded SQLite)', () => {
  it('is created 0700 with district.sqlite, -wal and -shm 0600 under umask 022', async () => {
    const dir = join(root, 'district');
    const store = await openStore({ dataDir: dir });
    try {
      expect(mode(dir)).toBe(0o700);
      expect(modes(dir)).toEqual({
        'district.sqlite': 0o600,
        'district.sqlite-wal': 0o600,
        'district.sqlite-shm': 0o600,
      });
    } finally {
      await store.close();
    }
  });

  it('an existing folder 0755 with a database 0644 is tightened on open', async () => {
    const dir = join(root, 'district');
    await (await openStore({ dataDir: dir })).close();
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'district.sqlite'), 0o644);
    const store = await openStore({ dataDir: dir });
    try {
      expect(mode(dir)).toBe(0o700);
      for (const [name, m] of Object.entries(modes(dir))) expect(m, name).toBe(0o600);
      expect(Object.keys(modes(dir))).toContain('district.sqlite');
    } finally {
      await store.close();
    }
  });
});
