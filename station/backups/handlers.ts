// Handlers of backups.* (see shared/contract/backups.ts): the station admin's backups page. Every failure
// is a BackupFailure with its words; it becomes an ApiError here and leaves the live data as it was.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { sql } from 'kysely';
import { ApiError } from '../../shared/errors';
import type { backupsContract, BackupFacts, BackupItem } from '../../shared/contract/backups';
import type { Ctx, Handlers } from '../context';
import type { DB } from '../db/schema';
import { setMeta } from '../meta';
import { BackupFailure, type BackupRecord, type BackupStore } from './store';

function storeOf(ctx: Ctx): BackupStore {
  return ctx.services.backups as BackupStore;
}

function asApiError(e: unknown): never {
  if (e instanceof BackupFailure) {
    const code =
      e.reason === 'not_found'
        ? 'not_found'
        : e.reason === 'busy'
          ? 'conflict'
          : e.reason === 'corrupt' || e.reason === 'foreign'
            ? 'invalid_input'
            : 'unavailable';
    throw new ApiError(code, e.message, undefined, { reason: e.reason });
  }
  throw e;
}

export function toItem(r: BackupRecord): BackupItem {
  return {
    id: r.id,
    kind: r.kind,
    createdAt: r.createdAt,
    bytes: r.bytes,
    integrityOk: r.integrityOk,
    second: r.second,
    counts: r.counts,
    lastChangeAt: r.lastChangeAt,
    unsynced: r.unsynced,
    oldestUnsyncedAt: r.oldestUnsyncedAt,
  };
}

/** The live database's facts, on its own connection (no second file handle on a database in use). */
export async function liveFacts(db: DB): Promise<BackupFacts> {
  const n = async (t: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0]?.n ?? 0);
  const ob = (
    await sql<{ last: string | null; pending: number | null; oldest: string | null }>`
      select max(created_at) as last, sum(case when state = 'pending' then 1 else 0 end) as pending,
             min(case when state = 'pending' then created_at end) as oldest from outbox`.execute(db)
  ).rows[0];
  return {
    counts: {
      residents: await n('residents'),
      households: await n('households'),
      employers: await n('employers'),
      vacancies: await n('vacancies'),
      cards: await n('cards'),
    },
    lastChangeAt: ob?.last ?? null,
    unsynced: Number(ob?.pending ?? 0),
    oldestUnsyncedAt: ob?.oldest ?? null,
  };
}

export const backupsHandlers: Handlers<typeof backupsContract> = {
  async 'backups.create'(_input, ctx) {
    try {
      const r = await storeOf(ctx).create('manual');
      return {
        id: r.id,
        createdAt: r.createdAt,
        bytes: r.bytes,
        integrityOk: r.integrityOk,
        kind: r.kind,
        second: r.second,
        secondError: r.secondError ?? null,
      };
    } catch (e) {
      return asApiError(e);
    }
  },
  async 'backups.list'(_input, ctx) {
    const store = storeOf(ctx);
    const meta = await sql<{ value: string }>`select value from meta where key = 'backup_second_dir'`.execute(
      ctx.db,
    );
    return { items: store.list().map(toItem), dir: store.dir, secondDir: meta.rows[0]?.value || null };
  },
  async 'backups.preview'(input, ctx) {
    try {
      const { record, facts } = await storeOf(ctx).preview(input.id);
      return {
        backup: {
          ...toItem(record),
          counts: facts.counts,
          lastChangeAt: facts.lastChangeAt,
          unsynced: facts.unsynced,
          oldestUnsyncedAt: facts.oldestUnsyncedAt,
        },
        current: await liveFacts(ctx.db),
      };
    } catch (e) {
      return asApiError(e);
    }
  },
  async 'backups.restore'(input, ctx) {
    try {
      const r = await storeOf(ctx).restore(input.id, ctx.identity?.communityCode ?? null);
      await (ctx.services.reloadAll as () => Promise<void>)();
      return { restored: input.id, keptAs: r.keptAs };
    } catch (e) {
      return asApiError(e);
    }
  },
  async 'backups.setSecondDir'(input, ctx) {
    const dir = input.dir?.trim() || null;
    if (dir) {
      if (!isAbsolute(dir))
        throw new ApiError(
          'invalid_input',
          '请填写完整的文件夹路径（如 E:\\六清备份 或 /media/usb/六清备份）',
          [{ path: 'dir', message: '需要完整路径' }],
        );
      try {
        mkdirSync(dir, { recursive: true });
        accessSync(dir, constants.W_OK);
      } catch {
        throw new ApiError('invalid_input', `文件夹“${dir}”不存在或不能写入，请检查 U 盘或网络盘是否已连接`, [
          { path: 'dir', message: '不能写入' },
        ]);
      }
    }
    await setMeta(ctx.db, { backup_second_dir: dir ?? '' });
    return { secondDir: dir };
  },
};
