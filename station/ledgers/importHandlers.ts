// Handlers of the import half of ledgers.* (see shared/contract/ledgers.ts): upload in chunks, inspect,
// preview, page through the preview, commit, undo, the rejected rows, and the batch list.
import { ApiError } from '../../shared/errors';
import type { ledgersContract } from '../../shared/contract/ledgers';
import type { PreviewRow } from '../../shared/contract/ledgers';
import type { Ctx, Handlers } from '../context';
import { requireIdentity, requireOperator } from '../context';
import { getBatch, setBatch, toBatchView } from './batches';
import { commitBatch, type CommitDeps } from './commit';
import { removeImportDir, stagingPath } from './files';
import { inspectBatch } from './inspect';
import { previewBatch } from './preview';
import { clearProgress, getProgress } from './progress';
import { rejectedFile } from './rejected';
import { Staging } from './staging';
import { undoBatch } from './undo';
import { receiveChunk } from './upload';
import { existsSync } from 'node:fs';

type C = typeof ledgersContract;
type ImportHandlers = Pick<
  Handlers<C>,
  | 'ledgers.upload'
  | 'ledgers.inspect'
  | 'ledgers.preview'
  | 'ledgers.previewRows'
  | 'ledgers.commit'
  | 'ledgers.progress'
  | 'ledgers.cancel'
  | 'ledgers.undo'
  | 'ledgers.batch'
  | 'ledgers.batches'
  | 'ledgers.rejectedFile'
>;

export function actorOf(ctx: Ctx) {
  const op = requireOperator(ctx);
  return { id: op.id, name: op.displayName };
}

function deps(ctx: Ctx): CommitDeps {
  return {
    db: ctx.db,
    dataDir: ctx.services.dataDir,
    actor: actorOf(ctx),
    hlc: ctx.hlc,
    now: ctx.now,
    communityCode: requireIdentity(ctx).communityCode,
  };
}

export const importHandlers: ImportHandlers = {
  async 'ledgers.upload'(input, ctx) {
    return receiveChunk(ctx.db, ctx.services.dataDir, input, actorOf(ctx), ctx.now);
  },

  async 'ledgers.inspect'(input, ctx) {
    return inspectBatch(ctx.db, ctx.services.dataDir, input.batchId, input.sheet);
  },

  async 'ledgers.preview'(input, ctx) {
    if (input.sheet !== undefined) {
      const b = await getBatch(ctx.db, input.batchId);
      if (b.sheet !== input.sheet)
        await inspectBatch(ctx.db, ctx.services.dataDir, input.batchId, input.sheet);
    }
    return previewBatch(ctx.db, ctx.services.dataDir, ctx.today, input);
  },

  async 'ledgers.previewRows'(input, ctx) {
    const b = await getBatch(ctx.db, input.batchId);
    const path = stagingPath(ctx.services.dataDir, b.id);
    if (!b.counts || !existsSync(path)) throw new ApiError('not_found', '该批次还没有预览结果');
    const staging = await Staging.open(path, false);
    try {
      const { items, total } = await staging.page(input.action, input.offset, input.limit);
      return {
        total,
        items: items.map((r): PreviewRow => ({
          row: r.rowNo,
          action: r.action,
          key: r.shownKey,
          name: r.name,
          groups: r.groups,
          issues: r.issues,
          flag: r.flag,
        })),
      };
    } finally {
      await staging.close();
    }
  },

  async 'ledgers.commit'(input, ctx) {
    return commitBatch(deps(ctx), input.batchId, input.choices);
  },

  async 'ledgers.progress'(input) {
    return getProgress(input.batchId);
  },

  async 'ledgers.cancel'(input, ctx) {
    const b = await getBatch(ctx.db, input.batchId);
    if (b.status === 'committed' || b.status === 'undone')
      throw new ApiError('conflict', '该批次已导入，不能取消；如需撤回请使用“撤销导入”');
    await setBatch(ctx.db, b.id, { status: 'cancelled' });
    removeImportDir(ctx.services.dataDir, b.id);
    clearProgress(b.id);
    return { ok: true as const };
  },

  async 'ledgers.undo'(input, ctx) {
    return undoBatch(deps(ctx), input.batchId);
  },

  async 'ledgers.batch'(input, ctx) {
    return toBatchView(await getBatch(ctx.db, input.batchId), ctx.services.dataDir);
  },

  async 'ledgers.batches'(input, ctx) {
    const total = await ctx.db
      .selectFrom('import_batches')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'not in', ['uploading', 'cancelled'])
      .executeTakeFirstOrThrow();
    const rows = await ctx.db
      .selectFrom('import_batches')
      .selectAll()
      .where('status', 'not in', ['uploading', 'cancelled'])
      .orderBy('created_at', 'desc')
      .limit(input.limit)
      .offset(input.offset)
      .execute();
    return { items: rows.map((r) => toBatchView(r, ctx.services.dataDir)), total: Number(total.n) };
  },

  async 'ledgers.rejectedFile'(input, ctx) {
    return rejectedFile(ctx.db, ctx.services.dataDir, input.batchId);
  },
};
