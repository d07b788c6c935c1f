// Handlers of sync.* (see shared/contract/sync.ts). Only enroll and now reach the network; the rest read
// and write the station's own database. Sync failures become ApiErrors with the failure's plain words.
import { discardPulledAside, listPulledAside } from './aside';
import { retryPulledAside } from './pull';
import { ApiError } from '../../shared/errors';
import type { syncContract } from '../../shared/contract/sync';
import type { Ctx, Handlers } from '../context';
import { requireIdentity } from '../context';
import { SyncService } from './service';
import { syncStatus } from './status';
import {
  discardSetAside,
  listConflicts,
  listSetAside,
  receipts,
  resolveConflict,
  retrySetAside,
} from './review';
import { SyncFailure } from './transport';

/** The station's one SyncService, made on first use and kept in its services. */
export function syncServiceOf(ctx: Pick<Ctx, 'db' | 'services' | 'now'>): SyncService {
  const existing = ctx.services.sync;
  if (existing instanceof SyncService) return existing;
  const clock = ctx.services.clock ?? (() => new Date());
  const appVersion = typeof ctx.services.appVersion === 'string' ? ctx.services.appVersion : undefined;
  const svc = new SyncService(ctx.db, clock, appVersion ? { appVersion } : {});
  ctx.services.sync = svc;
  return svc;
}

function asApiError(e: unknown): never {
  if (e instanceof SyncFailure) {
    const code =
      e.kind === 'enroll_code_invalid' || e.kind === 'wrong_community'
        ? 'invalid_input'
        : e.kind === 'not_enrolled'
          ? 'conflict'
          : 'unavailable';
    throw new ApiError(code, e.message, undefined, { reason: e.kind });
  }
  throw e;
}

export const syncHandlers: Handlers<typeof syncContract> = {
  async 'sync.enroll'(input, ctx) {
    const identity = requireIdentity(ctx);
    const svc = syncServiceOf(ctx);
    if (svc.running) throw new ApiError('conflict', '正在同步，请稍后再登记');
    try {
      const r = await svc.enroll({
        serverUrl: input.serverUrl,
        code: input.code,
        communityCode: identity.communityCode,
        stationName: identity.stationName,
      });
      await ctx.services.reloadIdentity();
      return r;
    } catch (e) {
      return asApiError(e);
    }
  },
  async 'sync.now'(_input, ctx) {
    try {
      return await syncServiceOf(ctx).run();
    } catch (e) {
      return asApiError(e);
    }
  },
  async 'sync.status'(_input, ctx) {
    return syncStatus(ctx.db, ctx.now, syncServiceOf(ctx).running);
  },
  async 'sync.progress'(_input, ctx) {
    return syncServiceOf(ctx).progress;
  },
  async 'sync.setAside'(_input, ctx) {
    return { items: await listSetAside(ctx.db) };
  },
  async 'sync.retry'(input, ctx) {
    return retrySetAside(ctx, input.seq);
  },
  async 'sync.discard'(input, ctx) {
    await discardSetAside(ctx, input.seq);
    return { ok: true as const };
  },
  async 'sync.conflicts'(_input, ctx) {
    return { items: await listConflicts(ctx.db, ctx.now.toISOString()) };
  },
  async 'sync.resolveConflict'(input, ctx) {
    const newSeq = await resolveConflict(ctx, input.id, input.keep);
    return { ok: true as const, newSeq };
  },
  async 'sync.receipts'(_input, ctx) {
    return { items: await receipts(ctx.db, ctx.now) };
  },
  async 'sync.pulledAside'(_input, ctx) {
    return { items: await listPulledAside(ctx.db) };
  },
  async 'sync.retryPulled'(_input, ctx) {
    await retryPulledAside(ctx.db, ctx.now.toISOString());
    return { remaining: (await listPulledAside(ctx.db)).length };
  },
  async 'sync.discardPulled'(input, ctx) {
    if (!(await discardPulledAside(ctx.db, input.entity, input.rowId)))
      throw new ApiError('not_found', '没有这条暂存的记录');
    return { ok: true as const };
  },
};
