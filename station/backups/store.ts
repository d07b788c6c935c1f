// The station's backups: where they live, what each holds, how long each kind is kept, and restore.
// A backup is `<id>.sqlite` (a checked copy, 0600) plus `<id>.json` (what it holds) in `<data>/backups`,
// copied to a second folder (a USB disk, a network share) when one is configured. Kinds and how many of
// each are kept: 7 daily, 4 weekly, 3 before-update; the issue is silent on the others, so 3 before a
// migration, 3 before a restore and the last 5 made by hand. A failure (a folder gone mid-copy, a full disk)
// leaves no file behind and the live database untouched.
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { sql } from 'kysely';
import {
  ensurePrivateDir,
  PRIVATE_FILE_MODE,
  tightenDatabaseFiles,
  modesHonoured,
} from '../../nodelib/privateData';
import { chmodSync } from 'node:fs';
import { copyIntoLive, copyLive, type CopyOptions, type LiveDatabase } from './copy';
import { inspectDatabase, NotAStationDatabase, type DatabaseFacts } from './inspect';

export const BACKUP_KINDS = [
  'daily',
  'weekly',
  'before-update',
  'before-migration',
  'before-restore',
  'manual',
] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];

export const KEEP: Record<BackupKind, number> = {
  daily: 7,
  weekly: 4,
  'before-update': 3,
  'before-migration': 3,
  'before-restore': 3,
  manual: 5,
};

export interface BackupRecord extends DatabaseFacts {
  id: string;
  kind: BackupKind;
  createdAt: string;
  bytes: number;
  appVersion: string;
  /** Where copies exist: the data folder's backups, and the second folder when it took one. */
  second: boolean;
  /** Why the second folder did not take its copy (the first copy stands). */
  secondError?: string;
}

export class BackupFailure extends Error {
  constructor(
    readonly reason:
      | 'folder_gone'
      | 'disk_full'
      | 'not_writable'
      | 'check_failed'
      | 'not_found'
      | 'corrupt'
      | 'foreign'
      | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'BackupFailure';
  }
}

const UNTOUCHED = '当前数据没有任何改动';

/** Turns an I/O or SQLite error of a copy into words a person can act on. */
export function copyFailure(e: unknown, dir: string): BackupFailure {
  if (e instanceof BackupFailure) return e;
  const code = (e as { code?: string }).code ?? '';
  const msg = (e as Error)?.message ?? '';
  if (
    code === 'ENOSPC' ||
    code === 'EFBIG' ||
    code === 'SQLITE_FULL' ||
    /SQLITE_FULL|disk is full/i.test(msg)
  )
    return new BackupFailure(
      'disk_full',
      `备份盘空间不足，本次备份没有完成，${UNTOUCHED}。请清理备份盘或换一个备份文件夹`,
    );
  if (!existsSync(dir) || code === 'ENOENT' || code === 'SQLITE_CANTOPEN' || /CANTOPEN/.test(msg))
    return new BackupFailure(
      'folder_gone',
      `备份文件夹“${dir}”不见了（U 盘被拔出或网络盘断开？），本次备份没有完成，${UNTOUCHED}`,
    );
  if (
    code === 'EACCES' ||
    code === 'EPERM' ||
    code === 'EROFS' ||
    code === 'SQLITE_READONLY' ||
    /READONLY/.test(msg)
  )
    return new BackupFailure('not_writable', `备份文件夹“${dir}”不能写入，本次备份没有完成，${UNTOUCHED}`);
  return new BackupFailure(
    'folder_gone',
    `备份没有完成（写入“${dir}”时出错：${(code || msg).slice(0, 80)}），${UNTOUCHED}`,
  );
}

export interface BackupStoreOptions {
  live: LiveDatabase;
  dataDir: string;
  now: () => Date;
  appVersion?: string;
  /** Second folder (USB disk, share); read from the station's settings when not given. */
  secondDir?: () => Promise<string | null>;
  copy?: CopyOptions;
}

const ID_RE = /^(daily|weekly|before-update|before-migration|before-restore|manual)-\d{8}T\d{6}(-\d+)?$/;

export class BackupStore {
  readonly dir: string;
  #busy: Promise<unknown> | null = null;
  constructor(readonly opts: BackupStoreOptions) {
    this.dir = join(opts.dataDir, 'backups');
  }

  /** One backup or restore at a time: a second caller is told, not queued behind a long copy. */
  async #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#busy) throw new BackupFailure('busy', '正在备份或恢复，请稍后再试');
    const p = fn();
    this.#busy = p;
    try {
      return await p;
    } finally {
      this.#busy = null;
    }
  }

  create(kind: BackupKind, copy: CopyOptions = {}): Promise<BackupRecord> {
    return this.#exclusive(() => this.#create(kind, copy));
  }

  async #create(kind: BackupKind, copy: CopyOptions): Promise<BackupRecord> {
    ensurePrivateDir(this.dir);
    const created = this.opts.now();
    const id = this.#newId(kind, created);
    const final = join(this.dir, `${id}.sqlite`);
    const partial = `${final}.partial`;
    try {
      await copyLive(this.opts.live, partial, { ...this.opts.copy, ...copy });
      tightenDatabaseFiles(partial);
    } catch (e) {
      rmSync(partial, { force: true });
      throw copyFailure(e, this.dir);
    }
    let facts: DatabaseFacts;
    try {
      facts = await inspectDatabase(partial, { full: true, prepare: true });
    } catch (e) {
      rmSync(partial, { force: true });
      throw copyFailure(e, this.dir);
    }
    if (!facts.integrityOk) {
      rmSync(partial, { force: true });
      throw new BackupFailure(
        'check_failed',
        `备份副本没有通过完整性检查（${facts.problem}），已删除；${UNTOUCHED}`,
      );
    }
    const record: BackupRecord = {
      ...facts,
      id,
      kind,
      createdAt: created.toISOString(),
      bytes: 0,
      appVersion: this.opts.appVersion ?? '0.0.0',
      second: false,
    };
    try {
      record.bytes = statSync(partial).size;
      renameSync(partial, final);
      writePrivate(join(this.dir, `${id}.json`), JSON.stringify(record, null, 1));
    } catch (e) {
      rmSync(partial, { force: true });
      rmSync(final, { force: true });
      throw copyFailure(e, this.dir);
    }
    // the second folder is a bonus: its failure is reported, the first copy stands
    const second = this.opts.secondDir ? await this.opts.secondDir() : null;
    if (second) {
      try {
        ensurePrivateDir(second);
        copyFileSync(final, join(second, `${id}.sqlite.partial`));
        renameSync(join(second, `${id}.sqlite.partial`), join(second, `${id}.sqlite`));
        tightenDatabaseFiles(join(second, `${id}.sqlite`));
        record.second = true;
        writePrivate(join(second, `${id}.json`), JSON.stringify(record, null, 1));
        writePrivate(join(this.dir, `${id}.json`), JSON.stringify(record, null, 1));
      } catch (e) {
        try {
          rmSync(join(second, `${id}.sqlite.partial`), { force: true });
        } catch {
          // the folder is not there to clean up
        }
        record.secondError = copyFailure(e, second).message;
      }
    }
    if (kind === 'daily') await this.#weekly(final, record);
    this.#rotate(this.dir);
    if (second && record.second) this.#rotate(second);
    return record;
  }

  /** The first daily backup of a week is kept as that week's backup too (4 weeks back). */
  async #weekly(file: string, daily: BackupRecord): Promise<void> {
    const lastWeekly = this.list().find((r) => r.kind === 'weekly');
    const created = Date.parse(daily.createdAt);
    if (lastWeekly && created - Date.parse(lastWeekly.createdAt) < 7 * 86_400_000 - 3_600_000) return;
    const id = this.#newId('weekly', new Date(created));
    try {
      copyFileSync(file, join(this.dir, `${id}.sqlite`));
      tightenDatabaseFiles(join(this.dir, `${id}.sqlite`));
      writePrivate(
        join(this.dir, `${id}.json`),
        JSON.stringify({ ...daily, id, kind: 'weekly', second: false }, null, 1),
      );
    } catch {
      rmSync(join(this.dir, `${id}.sqlite`), { force: true });
    }
  }

  #newId(kind: BackupKind, at: Date): string {
    const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15);
    let id = `${kind}-${stamp}`;
    for (
      let n = 2;
      existsSync(join(this.dir, `${id}.sqlite`)) || existsSync(join(this.dir, `${id}.json`));
      n++
    )
      id = `${kind}-${stamp}-${n}`;
    return id;
  }

  #rotate(dir: string): void {
    const all = readRecords(dir);
    for (const kind of BACKUP_KINDS) {
      for (const old of all.filter((r) => r.kind === kind).slice(KEEP[kind])) {
        rmSync(join(dir, `${old.id}.sqlite`), { force: true });
        rmSync(join(dir, `${old.id}.json`), { force: true });
      }
    }
  }

  /** Newest first. Only backups whose file is there. */
  list(): BackupRecord[] {
    return readRecords(this.dir);
  }

  find(id: string): { record: BackupRecord; file: string } {
    if (!ID_RE.test(id)) throw new BackupFailure('not_found', '没有这个备份');
    const record = this.list().find((r) => r.id === id);
    if (!record) throw new BackupFailure('not_found', '没有这个备份（可能已按保留规则删除），请刷新列表');
    return { record, file: join(this.dir, `${id}.sqlite`) };
  }

  /** What a backup holds, read from the file now (not from its label), for the preview before a restore. */
  async preview(id: string): Promise<{ record: BackupRecord; facts: DatabaseFacts }> {
    const { record, file } = this.find(id);
    return { record, facts: await this.#checked(file, false) };
  }

  async #checked(file: string, full: boolean): Promise<DatabaseFacts> {
    let facts: DatabaseFacts;
    try {
      facts = await inspectDatabase(file, { full });
    } catch (e) {
      if (e instanceof NotAStationDatabase)
        throw new BackupFailure('corrupt', '这个备份文件不是本系统的工作站数据库，不能恢复');
      throw new BackupFailure('corrupt', '这个备份文件已损坏，无法读取，不能恢复；请选另一个备份');
    }
    if (!facts.integrityOk)
      throw new BackupFailure('corrupt', `这个备份文件已损坏（完整性检查未通过），不能恢复；请选另一个备份`);
    return facts;
  }

  /**
   * Replaces the live database's content with the backup `id`, in place (same connection, so the desk keeps
   * running). Refused when the backup is damaged or belongs to another community. The current database is
   * backed up first (kind before-restore); when that fails, nothing is restored.
   */
  restore(id: string, communityCode: string | null): Promise<{ keptAs: string; facts: DatabaseFacts }> {
    return this.#exclusive(async () => {
      const { file } = this.find(id);
      const facts = await this.#checked(file, true);
      if (communityCode && facts.communityCode !== communityCode)
        throw new BackupFailure(
          'foreign',
          `这个备份属于社区 ${facts.communityCode ?? '（未设置）'}，不是本机的社区 ${communityCode}，不能恢复`,
        );
      const kept = await this.#create('before-restore', {});
      const db = this.opts.live.db;
      // what the district has already taken from this PC: new entries must be numbered after it, or the
      // district would answer them as duplicates of entries it holds (the backup is older than they are)
      const ceiling = await sql<{ m: number | null }>`
        select max(coalesce((select max(seq) from outbox where state != 'pending'), 0),
                   coalesce((select s.seq_offset + e.server_last_seq from sync_state s, sync_epoch e), 0)) as m`
        .execute(db)
        .catch(() =>
          sql<{ m: number | null }>`select max(seq) as m from outbox where state != 'pending'`.execute(db),
        );
      const link = await sql<Record<string, unknown>>`select * from sync_state where id = 1`.execute(db);
      await copyIntoLive(this.opts.live, file);
      await sql`pragma journal_mode = wal`.execute(db);
      const floor = Number(ceiling.rows[0]?.m ?? 0);
      await db.transaction().execute(async (trx) => {
        await sql`update sqlite_sequence set seq = max(seq, ${floor}) where name = 'outbox'`.execute(trx);
        await sql`insert into sqlite_sequence (name, seq) select 'outbox', ${floor}
                  where not exists (select 1 from sqlite_sequence where name = 'outbox')`.execute(trx);
        // The district link (credential, server) is the current one; the cursor is the backup's, so the
        // next sync downloads again what the district holds since then, this PC's own synced work included.
        const current = link.rows[0];
        if (current) {
          const restored = await sql<{
            station_id: string;
          }>`select station_id from sync_state where id = 1`.execute(trx);
          if (!restored.rows[0]) {
            const cols = Object.keys(current);
            await sql`insert into sync_state (${sql.join(cols.map((c) => sql.ref(c)))})
                      values (${sql.join(cols.map((c) => (c === 'cursor' ? 0 : (current[c] as never))))})`.execute(
              trx,
            );
          } else if (restored.rows[0].station_id === current.station_id) {
            await sql`update sync_state set credential = ${current.credential as string},
                      server_url = ${current.server_url as string} where id = 1`.execute(trx);
          }
        }
      });
      return { keptAs: kept.id, facts };
    });
  }
}

function readRecords(dir: string): BackupRecord[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupRecord[] = [];
  for (const name of names) {
    if (!name.endsWith('.json')) continue;
    const id = basename(name, '.json');
    if (!ID_RE.test(id) || !existsSync(join(dir, `${id}.sqlite`))) continue;
    try {
      const r = JSON.parse(readFileSync(join(dir, name), 'utf8')) as BackupRecord;
      if (r.id === id) out.push(r);
    } catch {
      // a label that cannot be read: the file is still there for a person, but not offered
    }
  }
  return out.sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id),
  );
}

function writePrivate(file: string, text: string): void {
  writeFileSync(file + '.tmp', text, { mode: PRIVATE_FILE_MODE });
  if (modesHonoured()) chmodSync(file + '.tmp', PRIVATE_FILE_MODE);
  renameSync(file + '.tmp', file);
}

/** The newest backup in the data folder that passes a quick check now (for a database that will not open). */
export async function newestGoodBackup(dataDir: string): Promise<BackupRecord | null> {
  const dir = join(dataDir, 'backups');
  for (const r of readRecords(dir)) {
    try {
      const facts = await inspectDatabase(join(dir, `${r.id}.sqlite`));
      if (facts.integrityOk) return r;
    } catch {
      // damaged too: try the next older one
    }
  }
  return null;
}

/**
 * With the station closed: the damaged database is moved aside (kept, never deleted) and the backup `id`
 * is put in its place. Returns where the damaged file went.
 */
export function replaceWithBackup(
  dataDir: string,
  dbFile: string,
  id: string,
  now: Date = new Date(),
): string {
  if (!ID_RE.test(id)) throw new BackupFailure('not_found', '没有这个备份');
  const source = join(dataDir, 'backups', `${id}.sqlite`);
  if (!existsSync(source)) throw new BackupFailure('not_found', '没有这个备份');
  const aside = join(
    dataDir,
    `station.damaged-${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}.sqlite`,
  );
  const incoming = `${dbFile}.restoring`;
  copyFileSync(source, incoming);
  tightenDatabaseFiles(incoming);
  if (existsSync(dbFile)) renameSync(dbFile, aside);
  for (const suffix of ['-wal', '-shm', '-journal'])
    if (existsSync(dbFile + suffix)) renameSync(dbFile + suffix, aside + suffix);
  renameSync(incoming, dbFile);
  return aside;
}
