// The station core: one object per data folder that opens the database, knows who the station is, and
// answers contract calls — the same for Electron IPC and for the headless HTTP host. Every input is parsed
// with the contract's zod schema here; nothing reaches a handler unchecked.
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { contract, type MethodName } from '../shared/contract';
import { ApiError, issuesFromZod } from '../shared/errors';
import { installZodMessages } from '../shared/i18n/zodMessages';
import { ILL_FORMED_MESSAGE, findIllFormedText } from '../shared/sync/columns';
import { DEFAULT_STALE_AFTER_DAYS } from '../shared/domain/sixClears';
import { todayInChina } from '../shared/domain/dates';
import { preparePrivateDatabase, tightenDatabaseFiles } from '../nodelib/privateData';
import { openDatabase } from './db/open';
import type { SqliteCipher } from '../nodelib/sqlite3Dialect';
import { asDiskFull } from './db/diskFull';
import type sqlite3 from 'sqlite3';
import { BackupStore, newestGoodBackup, type BackupRecord } from './backups/store';
import { isCorruption } from './backups/inspect';
import { writeUnsyncedMarker } from './delivery/unsynced';
import type { StationDB } from './db/schema';
import { Hlc } from './db/outbox';
import { Sessions } from './auth/sessions';
import { LoginThrottle } from './auth/loginThrottle';
import { readMeta } from './meta';
import { loadDefaultReference } from './reference';
import { handlers } from './handlers';
import { toOperator } from './handlers/session';
import type { Ctx, StationIdentity, StationServices } from './context';

// every validation message the station answers with is Chinese, never zod's English default
installZodMessages('zh-CN');

/** The station's database file inside its data folder. */
export const STATION_DB_FILE = 'station.sqlite';

export interface StationOptions {
  dataDir: string;
  /** The app's version (Electron: app.getVersion()); told to the district with every sync. */
  appVersion?: string;
  /** A second folder for backups (USB disk, share) when the settings name none; tests pass one. */
  backupSecondDir?: string;
  /** Injected clock for tests. */
  now?: () => Date;
  /** Encryption at rest, where the sqlite3 build is linked against SQLCipher (see README "Personal data"). */
  cipher?: SqliteCipher;
}

export class Station {
  readonly sessions: Sessions;
  readonly hlc: Hlc;
  #identity: StationIdentity | null = null;
  #staleAfterDays = DEFAULT_STALE_AFTER_DAYS;
  readonly services: StationServices;
  readonly backups: BackupStore;

  private constructor(
    readonly db: Kysely<StationDB>,
    readonly dataDir: string,
    readonly now: () => Date,
    raw: sqlite3.Database,
    readonly appVersion: string,
  ) {
    this.backups = new BackupStore({
      live: { db, raw },
      dataDir,
      now,
      appVersion,
      secondDir: async () => (await readMeta(db)).backup_second_dir || null,
    });
    this.sessions = new Sessions(8 * 3_600_000, () => now().getTime());
    this.hlc = new Hlc(() => now().getTime());
    this.services = {
      sessions: this.sessions,
      loginThrottle: new LoginThrottle(),
      dataDir,
      reloadIdentity: () => this.reload(),
      identity: () => this.#identity,
      clock: () => now(),
      afterCall: new Set(),
      backups: this.backups,
      appVersion,
      reloadAll: () => this.reloadAll(),
    };
  }

  static async open(opts: StationOptions): Promise<Station> {
    // residents' ID numbers and incomes and the district credential: the folder 0700, the files 0600
    const file = join(opts.dataDir, STATION_DB_FILE);
    preparePrivateDatabase(opts.dataDir, file);
    const now = opts.now ?? (() => new Date());
    const appVersion = opts.appVersion ?? process.env.npm_package_version ?? '0.0.0';
    let raw: sqlite3.Database | undefined;
    let db: Kysely<StationDB> | undefined;
    try {
      db = await openDatabase(file, {
        onConnection: (r) => (raw = r),
        ...(opts.cipher ? { cipher: opts.cipher } : {}),
        // a migration changes the schema for good: the database as it was is copied first, and a failed
        // copy stops the start (no migration runs without its backup)
        beforeMigrate: async (d) => {
          await new BackupStore({
            live: { db: d, raw: raw! },
            dataDir: opts.dataDir,
            now,
            appVersion,
          }).create('before-migration');
        },
      });
      tightenDatabaseFiles(file); // the -wal/-shm SQLite made while migrating
      const station = new Station(db, opts.dataDir, now, raw!, appVersion);
      await loadDefaultReference(db);
      await station.reloadAll();
      return station;
    } catch (e) {
      if (!isCorruption(e)) {
        await db?.destroy().catch(() => undefined);
        throw e;
      }
      await db?.destroy().catch(() => undefined);
      throw new CorruptDatabase(file, await newestGoodBackup(opts.dataDir));
    }
  }

  /** After the database's content was replaced (a restore): identity, settings and the clock's floor. */
  async reloadAll(): Promise<void> {
    const last = await this.db
      .selectFrom('outbox')
      .select('hlc')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    this.hlc.seed(last?.hlc);
    await this.reload();
  }

  get identity(): StationIdentity | null {
    return this.#identity;
  }

  async reload(): Promise<void> {
    const meta = await readMeta(this.db);
    this.#staleAfterDays = Number(meta.stale_after_days ?? DEFAULT_STALE_AFTER_DAYS);
    this.#identity = meta.community_code
      ? {
          communityCode: meta.community_code,
          stationName: meta.station_name ?? '',
          // 0 until the district gives this PC its number at enrolment: cards issued meanwhile carry a
          // provisional number (…-00-…) and are renumbered at enrolment (cards/provisional.ts)
          stationNumber: Number(meta.station_number ?? 0),
          stationId: meta.station_id ?? '',
        }
      : null;
  }

  /** Answers one contract call. Throws ApiError for anything the caller did wrong. */
  async call(method: string, rawInput: unknown, token?: string): Promise<unknown> {
    if (!Object.hasOwn(contract, method))
      throw new ApiError('unknown_method', `未知的方法：${method.slice(0, 80)}`);
    const name = method as MethodName;
    const def = contract[name];
    const ctx = await this.context(token);
    if (def.access !== 'public') {
      if (!ctx.operator) throw new ApiError('unauthorized', '请先登录');
      if (def.access === 'admin' && ctx.operator.role !== 'admin')
        throw new ApiError('forbidden', '需要站点管理员权限');
    }
    // Text both SQLite and the district store as given: a NUL or a lone surrogate would be stored as
    // something else than the outbox records (issue 8, defects 5 and 7), so it is refused here, at the door.
    const illFormed = findIllFormedText(rawInput);
    if (illFormed) {
      const path = illFormed.join('.');
      throw new ApiError('invalid_input', `输入有误：${ILL_FORMED_MESSAGE}`, [
        { path, message: ILL_FORMED_MESSAGE },
      ]);
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = issuesFromZod(parsed.error.issues);
      throw new ApiError('invalid_input', issues[0] ? `输入有误：${issues[0].message}` : '输入有误', issues);
    }
    const handler = handlers[name] as (input: unknown, ctx: Ctx) => Promise<unknown>;
    let result: unknown;
    try {
      result = await handler(parsed.data, ctx);
    } catch (e) {
      throw asDiskFull(e);
    }
    for (const listener of this.services.afterCall ?? []) listener(name);
    return result;
  }

  async context(token?: string): Promise<Ctx> {
    const now = this.now();
    const operatorId = this.sessions.resolve(token);
    let operator = null;
    if (operatorId) {
      const row = await this.db
        .selectFrom('operators')
        .selectAll()
        .where('id', '=', operatorId)
        .executeTakeFirst();
      if (row && !row.disabled) operator = toOperator(row);
    }
    return {
      db: this.db,
      operator,
      token,
      now,
      today: todayInChina(now),
      staleAfterDays: this.#staleAfterDays,
      identity: this.#identity,
      hlc: this.hlc,
      services: this.services,
    };
  }

  async close(): Promise<void> {
    // the uninstaller cannot read SQLite: it reads this line (build/installer.nsh)
    await writeUnsyncedMarker(this.db, this.dataDir, this.now()).catch(() => undefined);
    await this.db.destroy();
  }
}

/** The station database cannot be read: what the shell offers instead of a crash. */
export class CorruptDatabase extends Error {
  constructor(
    readonly file: string,
    /** The newest backup that passes a check now, or null when there is none. */
    readonly newestGood: BackupRecord | null,
  ) {
    super(
      newestGood
        ? `工作站数据库已损坏，无法打开。可以恢复最近一次完好的备份（${newestGood.createdAt}，居民 ${newestGood.counts.residents} 人）`
        : '工作站数据库已损坏，无法打开，也没有找到完好的备份。请联系街道管理员',
    );
    this.name = 'CorruptDatabase';
  }
}
