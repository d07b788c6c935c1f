// A full disk, for real: the station's backups folder and a "USB disk" are small tmpfs mounts, made in a
// private mount namespace (`unshare -rm`, no mount is left behind on the machine) around a child process
// that runs a real station on a real SQLite file (fullDisk.child.ts). A backup onto the full disk must fail
// with words a person can act on, leave no partial file, and leave the desk's data and its next save intact;
// a full second folder must not cost the first copy.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Seen {
  before: number;
  full: { isBackupFailure: boolean; reason: string | null; message: string | null };
  afterFull: number;
  left: string[];
  afterWrite: number;
  onUsb: { id: string; integrityOk: boolean; second: boolean; secondError: string | null };
  usbLeft: string[];
  firstCopyExists: boolean;
}

function runOnSmallDisks(dataDir: string, usbDir: string): Seen {
  const script = [
    'mount -t tmpfs -o size=96k liuqing-full "$1/backups"',
    'mount -t tmpfs -o size=96k liuqing-usb "$2"',
    'exec node --import tsx tests/backups/fullDisk.child.ts backups "$1" "$2"',
  ].join(' && ');
  const out = execFileSync('unshare', ['-rm', 'sh', '-c', script, 'sh', dataDir, usbDir], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Seen;
}

describe('backups onto a full disk', () => {
  it('fails with a clear message, leaves no partial file and the desk untouched; a full USB disk keeps the first copy', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liuqing-fulldisk-'));
    const usbDir = mkdtempSync(join(tmpdir(), 'liuqing-fullusb-'));
    dirs.push(dataDir, usbDir);
    mkdirSync(join(dataDir, 'backups'));

    const seen = runOnSmallDisks(dataDir, usbDir);

    expect(seen.before).toBe(400);
    expect(seen.full.isBackupFailure).toBe(true);
    expect(seen.full.reason).toBe('disk_full');
    expect(seen.full.message).toContain('空间不足');
    expect(seen.full.message).toContain('当前数据没有任何改动');
    // nothing half-written: no .partial, no journal, no copy that looks like a backup
    expect(seen.left.filter((f) => /sqlite/.test(f))).toEqual([]);
    expect(seen.afterFull).toBe(400);
    expect(seen.afterWrite).toBe(401);
    // a full USB disk: the first copy stands, checked; the reason is told; nothing partial on the USB disk
    expect(seen.onUsb.integrityOk).toBe(true);
    expect(seen.firstCopyExists).toBe(true);
    expect(seen.onUsb.second).toBe(false);
    expect(seen.onUsb.secondError).toContain('空间不足');
    expect(seen.usbLeft.filter((f) => /sqlite/.test(f))).toEqual([]);
  });

  it('a data disk that fills under the desk: each save lands whole or not at all, in plain words, and the next one lands once there is room', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liuqing-fulldata-'));
    dirs.push(dataDir);
    const script = [
      'mount -t tmpfs -o size=4m liuqing-data "$1"',
      'exec node --import tsx tests/backups/fullDisk.child.ts data "$1"',
    ].join(' && ');
    const out = execFileSync('unshare', ['-rm', 'sh', '-c', script, 'sh', dataDir], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    const seen = JSON.parse(out.trim().split('\n').pop() ?? '') as {
      saved: number;
      failure: { code: string | null; message: string | null };
      afterFull: number;
      residentEntries: number;
      integrity: string[];
      afterRoom: number;
    };
    expect(seen.failure.code).toBe('disk_full');
    expect(seen.failure.message).toContain('磁盘已满');
    expect(seen.failure.message).not.toMatch(/SQLITE|ENOSPC/);
    // every save that was answered "saved" is there, with its outbox entry; the failed one left nothing
    expect(seen.afterFull).toBe(seen.saved);
    expect(seen.residentEntries).toBe(seen.saved);
    expect(seen.integrity).toEqual(['ok']);
    expect(seen.afterRoom).toBe(seen.saved + 1);
  });
});
