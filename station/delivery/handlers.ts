// Handlers of the delivery methods (shared/contract/delivery.ts): the unsynced guard's facts and the USB
// bundle. A bundle problem becomes an ApiError with its words; nothing local changes when one is refused.
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { deliveryContract } from '../../shared/contract/delivery';
import type { Ctx, Handlers } from '../context';
import { readSyncState } from '../sync/state';
import { BundleProblem, exportBundle, importReceipt } from './bundle';
import { unsyncedInfo } from './unsynced';

function asApiError(e: unknown): never {
  if (e instanceof BundleProblem) {
    const code =
      e.reason === 'nothing' || e.reason === 'not_enrolled'
        ? 'conflict'
        : e.reason === 'folder'
          ? 'unavailable'
          : 'invalid_input';
    throw new ApiError(code, e.message, undefined, { reason: e.reason });
  }
  throw e;
}

function absolute(p: string, field: string): string {
  if (!isAbsolute(p))
    throw new ApiError('invalid_input', '请填写完整路径（如 E:\\ 或 /media/usb）', [
      { path: field, message: '需要完整路径' },
    ]);
  return p;
}

export const deliveryHandlers: Handlers<typeof deliveryContract> = {
  async 'sync.unsynced'(_input, ctx) {
    return unsyncedInfo(ctx.db, ctx.now);
  },
  async 'sync.exportBundle'(input, ctx) {
    const dir = input.dir ? absolute(input.dir, 'dir') : join(ctx.services.dataDir, 'bundles');
    try {
      const r = await exportBundle(ctx.db, {
        dir,
        now: ctx.now,
        appVersion: typeof ctx.services.appVersion === 'string' ? ctx.services.appVersion : '0.0.0',
        stationNumber: ctx.identity?.stationNumber ?? 0,
      });
      return { file: r.file, entries: r.entries, bytes: r.bytes };
    } catch (e) {
      return asApiError(e);
    }
  },
  async 'sync.importReceipt'(input, ctx: Ctx) {
    const file = absolute(input.file, 'file');
    let text: string;
    try {
      if (statSync(file).size > 64 * 1024 * 1024) throw new Error('too big');
      text = readFileSync(file, 'utf8');
    } catch {
      throw new ApiError('invalid_input', `读不到回执文件“${file}”`, [
        { path: 'file', message: '读不到文件' },
      ]);
    }
    if (!(await readSyncState(ctx.db))) throw new ApiError('conflict', '本机还没有在区里登记，不能读回执');
    try {
      return await importReceipt(ctx.db, text, ctx.now);
    } catch (e) {
      return asApiError(e);
    }
  },
};
