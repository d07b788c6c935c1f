// Who holds a station's data folder. The headless station and the desktop shell hold it while they run; the
// import CLI refuses to write into a folder a running station holds, because the station's open database,
// caches and background sync would not see a second writer coming. A lock file (not an SQLite lock) so the
// refusal can say which process holds it and since when; a lock left by a process that died is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'station.lock';

interface LockInfo {
  pid: number;
  purpose: string;
  since: string;
}

export class DataFolderBusy extends Error {
  constructor(readonly holder: LockInfo) {
    super(
      `数据文件夹正被另一个工作站进程使用（${holder.purpose}，进程 ${holder.pid}，自 ${holder.since.slice(0, 19).replace('T', ' ')} 起）：请先关闭该工作站，再运行导入`,
    );
    this.name = 'DataFolderBusy';
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** Takes the folder's lock or throws DataFolderBusy; returns the release function. */
export function holdDataFolder(dataDir: string, purpose: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readLock(path)?.pid === process.pid) unlinkSync(path);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readLock(path);
      if (holder && alive(holder.pid) && holder.pid !== process.pid) throw new DataFolderBusy(holder);
      // a lock of a dead process (or our own, left by an earlier open): take it over
      unlinkSync(path);
    }
  }
  throw new Error('could not take the data folder lock');
}
