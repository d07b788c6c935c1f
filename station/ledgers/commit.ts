// Writing a previewed batch: every created and updated row, in sheet order, in ONE transaction on the
// import's own connection (writer.ts) — all rows with their outbox entries, or none. Each record goes
// through the kind's store, i.e. through insertRecorded/updateRecorded; each outbox entry is linked to
// the batch (import_entries) so history shows "导入：<file>" and undo can find what the batch wrote.
// A record changed or registered by someone else after the preview stops the whole batch.
import type { Kysely } from 'kysely';
import { ApiError } from '../../shared/errors';
import type { CommitResult, PreviewCounts } from '../../shared/contract/ledgers';
import { KIND_SPECS, type LedgerKind } from '../../shared/domain/ledgers/kinds';
import { applyChoices, type Merged } from '../../shared/domain/ledgers/merge';
import { appendOutbox, type Actor, type Hlc } from '../db/outbox';
import type { StationDB } from '../db/schema';
import { getBatch, setBatch } from './batches';
import { removeSource, stagingPath } from './files';
import { CHUNK_ROWS } from './limits';
import { exclusive, setProgress } from './progress';
import { STORES, type WriteCtx } from './kinds';
import { Staging, type StagedRow } from './staging';
import { openWriter } from './writer';

export interface CommitDeps {
  db: Kysely<StationDB>;
  dataDir: string;
  actor: Actor;
  hlc: Hlc;
  now: Date;
  communityCode: string;
}

export type Choices = Record<string, 'keep' | 'overwrite'>;

class Stale extends ApiError {
  constructor(row: StagedRow, what: string) {
    super(
      'conflict',
      `第 ${row.rowNo} 行（${row.name || row.shownKey}）${what}：整批未导入，数据未改动。请重新预览后再确认导入`,
      [{ path: `row.${row.rowNo}`, message: what }],
    );
  }
}

/** The merge the preview made, rebuilt from its staged values: every differing group's fields. */
function stagedMerge(kind: LedgerKind, row: StagedRow): Merged {
  return {
    values: row.values!,
    groups: row.groups.map((g) => ({
      group: g.group,
      changes: KIND_SPECS[kind].groups
        .find((x) => x.key === g.group)!
        .fields.map((field) => ({ field, old: null, new: row.values![field] })),
    })),
  };
}

export async function commitBatch(d: CommitDeps, batchId: string, choices: Choices): Promise<CommitResult> {
  const b = await getBatch(d.db, batchId);
  if (b.status !== 'previewed')
    throw new ApiError('conflict', b.status === 'committed' ? '该批次已导入' : '请先预览，再确认导入');
  const kind = b.kind as LedgerKind;
  const store = STORES[kind];
  const counts = JSON.parse(b.counts!) as PreviewCounts;
  const total = counts.created + counts.updated;
  const result: CommitResult = {
    created: 0,
    updated: 0,
    kept: 0,
    unchanged: counts.unchanged,
    rejected: counts.rejected,
  };
  return exclusive(
    batchId,
    () => new ApiError('conflict', '该批次正在导入，请稍候'),
    async () => {
      const staging = await Staging.open(stagingPath(d.dataDir, batchId), false);
      const writer = openWriter(d.dataDir);
      const entries: Array<{
        seq: number;
        batch_id: string;
        entity: string;
        row_id: string;
        phase: 'import';
      }> = [];
      let done = 0;
      setProgress(batchId, { phase: 'writing', done, total });
      try {
        await writer.transaction().execute(async (trx) => {
          const w: WriteCtx = {
            trx,
            now: d.now,
            communityCode: d.communityCode,
            batchId,
            record: async (write) => {
              const seq = await appendOutbox(trx, d.actor, d.hlc, write, d.now);
              entries.push({
                seq,
                batch_id: batchId,
                entity: String(write.entity),
                row_id: write.rowId,
                phase: 'import',
              });
              return seq;
            },
          };
          for await (const chunk of staging.chunks(['create', 'update'], CHUNK_ROWS)) {
            const existing = await store.load(
              trx,
              chunk.map((r) => r.key!),
            );
            for (const row of chunk) {
              const ex = existing.get(row.key!);
              if (row.action === 'create') {
                if (ex) throw new Stale(row, '在预览之后已被登记');
                await store.create(w, row.key!, row.values!);
                result.created++;
              } else {
                if (!ex || ex.id !== row.targetId || ex.stamp !== row.targetStamp)
                  throw new Stale(row, '对应的记录在预览之后已被修改或删除');
                const { values, changed } = applyChoices(
                  ex.values,
                  stagedMerge(kind, row),
                  (g) => choices[g] !== 'keep',
                );
                if (changed && (await store.update(w, ex, values))) result.updated++;
                else result.kept++;
              }
              done++;
            }
            setProgress(batchId, { phase: 'writing', done, total });
          }
          for (let i = 0; i < entries.length; i += CHUNK_ROWS)
            await trx
              .insertInto('import_entries')
              .values(entries.slice(i, i + CHUNK_ROWS))
              .execute();
          await trx
            .updateTable('import_batches')
            .set({
              status: 'committed',
              committed_at: d.now.toISOString(),
              choices: JSON.stringify(choices),
              counts: JSON.stringify({ ...counts, result }),
            })
            .where('id', '=', batchId)
            .execute();
        });
      } catch (e) {
        setProgress(batchId, { phase: 'failed', done, total });
        const reason = e instanceof ApiError ? e.message : '写入时出错，整批未导入，数据未改动';
        await setBatch(d.db, batchId, { reason });
        if (e instanceof ApiError) throw e;
        // row data may be in the message: log only the kind of failure
        console.error('ledgers: commit failed:', e instanceof Error ? e.name : typeof e);
        throw new ApiError('internal', reason);
      } finally {
        await writer.destroy();
        await staging.close();
      }
      // the staged rows stay (rejected rows can still be downloaded); the uploaded copy is no longer needed
      removeSource(d.dataDir, batchId);
      setProgress(batchId, { phase: 'done', done, total });
      return result;
    },
  );
}
