// Import batches and remembered column mappings in the station database (migration 0009_ledgers): what was
// imported from which file by whom, what became of it, and which header this station maps to which field.
import { existsSync } from 'node:fs';
import { ApiError } from '../../shared/errors';
import type { BatchView, CommitResult, PreviewCounts, PreviewSummary } from '../../shared/contract/ledgers';
import type { LedgerKind } from '../../shared/domain/ledgers/kinds';
import type { HeaderLayout } from '../../shared/domain/ledgers/headers';
import type { Executor, ImportBatchesTable } from '../db/schema';
import { stagingPath } from './files';

export type BatchRow = ImportBatchesTable;

export interface StoredLayout extends HeaderLayout {
  format: 'xlsx' | 'csv';
  encoding: string | null;
}

export async function getBatch(db: Executor, id: string): Promise<BatchRow> {
  const row = await db.selectFrom('import_batches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not_found', '找不到该导入批次（可能已被取消）');
  return row;
}

export async function setBatch(db: Executor, id: string, patch: Partial<BatchRow>): Promise<void> {
  await db.updateTable('import_batches').set(patch).where('id', '=', id).execute();
}

export function layoutOf(b: BatchRow): StoredLayout | null {
  return b.layout ? (JSON.parse(b.layout) as StoredLayout) : null;
}

export function toBatchView(b: BatchRow, dataDir: string): BatchView {
  const counts = b.counts
    ? (JSON.parse(b.counts) as PreviewCounts & { result?: CommitResult; groups?: PreviewSummary['groups'] })
    : null;
  const { result = null, groups = [], ...preview } = counts ?? {};
  return {
    id: b.id,
    kind: b.kind as LedgerKind,
    fileName: b.file_name,
    fileSize: b.file_size,
    status: b.status,
    sheet: b.sheet,
    counts: counts ? (preview as PreviewCounts) : null,
    groups,
    result,
    reason: b.reason,
    operator: b.operator_name,
    createdAt: b.created_at,
    committedAt: b.committed_at,
    undoneAt: b.undone_at,
    hasRejectedFile:
      !!counts && (preview as PreviewCounts).rejected > 0 && existsSync(stagingPath(dataDir, b.id)),
  };
}

/** The station's remembered mappings for one kind: normalised header → field ('' = do not import). */
export async function rememberedMappings(db: Executor, kind: LedgerKind): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('import_mappings')
    .select(['header', 'field'])
    .where('kind', '=', kind)
    .execute();
  return new Map(rows.map((r) => [r.header, r.field]));
}

export async function rememberMappings(
  db: Executor,
  kind: LedgerKind,
  pairs: ReadonlyArray<{ header: string; field: string }>,
  at: string,
): Promise<void> {
  for (const p of pairs) {
    if (!p.header) continue;
    await db
      .insertInto('import_mappings')
      .values({ kind, header: p.header, field: p.field, updated_at: at })
      .onConflict((oc) => oc.columns(['kind', 'header']).doUpdateSet({ field: p.field, updated_at: at }))
      .execute();
  }
}
