// ledgers.* — importing the Excel/CSV ledgers communities keep, exporting grids, and the standard ledgers
// (六清台账, 就业援助卡发放台账, 零就业家庭台账). Read shared/domain/ledgers/ first. A file reaches the station
// in base64 chunks of CHUNK_BYTES (see shared/domain/ledgers/limits.ts): every request stays under the
// 1 MB body limit and the station writes each chunk straight to disk. Import methods are for the admin role.
import { z } from 'zod';
import { method } from './define';
import { LEDGER_KINDS, type LedgerKind } from '../domain/ledgers/kinds';
import { CHUNK_BASE64_CHARS, MAX_FILE_BYTES } from '../domain/ledgers/limits';
import { residentListInput } from './core';
import { CARD_STATUSES } from '../domain/assistance/card';
import { VACANCY_STATUSES } from '../domain/employer';
import {
  EXPORT_GRIDS,
  PREVIEW_ACTIONS,
  STANDARD_LEDGERS,
  type ExportGrid,
  type PreviewAction,
  type StandardLedger,
} from '../domain/ledgers/names';

const batchId = z.string({ message: '缺少导入批次' }).uuid({ message: '导入批次 id 格式不正确' });
const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(200).default(50),
};

export { PREVIEW_ACTIONS, EXPORT_GRIDS, STANDARD_LEDGERS };
export type { PreviewAction, ExportGrid, StandardLedger };

export interface InspectColumn {
  index: number;
  letter: string;
  header: string;
  field: string | null;
  source: 'remembered' | 'exact' | 'similar' | null;
  /** The first few values under the header (ID numbers masked). */
  samples: string[];
}
export interface InspectResult {
  batchId: string;
  kind: LedgerKind;
  fileName: string;
  format: 'xlsx' | 'csv';
  encoding: string | null;
  sheets: Array<{ name: string; hidden: boolean }>;
  sheet: string;
  headerRows: number[];
  dataStart: number;
  columns: InspectColumn[];
  fields: Array<{ key: string; label: string; required: boolean }>;
}
export interface PreviewCounts {
  /** Data rows read (blank rows and repeated headers not counted). */
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
  /** Register rows of deregistered employers (注销、吊销). */
  flagged: number;
}
export interface PreviewSummary {
  batchId: string;
  counts: PreviewCounts;
  /** Field groups with differences among the updated rows, and how many rows differ in each. */
  groups: Array<{ group: string; label: string; rows: number }>;
}
export interface PreviewIssue {
  column: string;
  header: string;
  value: string;
  reason: string;
}
export interface PreviewRow {
  row: number;
  action: PreviewAction;
  /** The record's key as shown: a masked ID number, a credit code, employer and title. */
  key: string;
  name: string;
  groups: Array<{
    group: string;
    label: string;
    changes: Array<{ field: string; label: string; old: string; new: string }>;
  }>;
  issues: PreviewIssue[];
  flag: string | null;
}
export interface CommitResult {
  created: number;
  updated: number;
  /** Updated rows whose every differing group the assistant chose to keep. */
  kept: number;
  unchanged: number;
  rejected: number;
}
export type BatchStatus =
  'uploading' | 'inspected' | 'previewed' | 'committed' | 'undone' | 'cancelled' | 'refused' | 'failed';
export interface BatchView {
  id: string;
  kind: LedgerKind;
  fileName: string;
  fileSize: number;
  status: BatchStatus;
  sheet: string | null;
  counts: PreviewCounts | null;
  /** The preview's field groups with differences (see PreviewSummary). */
  groups: PreviewSummary['groups'];
  result: CommitResult | null;
  reason: string | null;
  operator: string;
  createdAt: string;
  committedAt: string | null;
  undoneAt: string | null;
  /** Whether its rejected rows can still be downloaded. */
  hasRejectedFile: boolean;
}
export interface Progress {
  phase: 'idle' | 'reading' | 'writing' | 'undoing' | 'done' | 'failed';
  done: number;
  total: number | null;
}
export interface FileOut {
  fileName: string;
  base64: string;
  rows: number;
}
export interface StandardLedgerData {
  title: string;
  communityName: string;
  streetName: string;
  date: string;
  columns: Array<{ key: string; header: string; width: number }>;
  rows: string[][];
  masked: boolean;
}

const residentsQuery = residentListInput.omit({ offset: true, limit: true });
const text = z.string().max(50).optional();
export const exportGridInput = z.discriminatedUnion(
  'grid',
  [
    z.object({ grid: z.literal('residents'), query: residentsQuery.default({}) }),
    z.object({ grid: z.literal('households'), query: z.object({ query: text }).default({}) }),
    z.object({ grid: z.literal('employers'), query: z.object({ query: text }).default({}) }),
    z.object({
      grid: z.literal('vacancies'),
      query: z
        .object({
          query: text,
          employerId: z.string().uuid().optional(),
          status: z.enum(VACANCY_STATUSES).optional(),
          includeExpired: z.boolean().default(true),
        })
        .default({ includeExpired: true }),
    }),
    z.object({
      grid: z.literal('cards'),
      query: z
        .object({
          query: text,
          status: z.enum(CARD_STATUSES).optional(),
          residentId: z.string().uuid().optional(),
        })
        .default({}),
    }),
  ],
  { message: '请选择要导出的表格' },
);
const exportExtras = z.object({
  columns: z.array(z.string().max(40)).min(1, { message: '请至少选择一列' }).max(40),
  /** Full ID numbers and income in the file; the export is logged. */
  reveal: z.boolean().default(false),
});

export const ledgersContract = {
  'ledgers.upload': method<{ batchId: string; received: number }>()(
    z.object({
      batchId: batchId.optional(),
      kind: z.enum(LEDGER_KINDS, { message: '请选择台账类型' }),
      fileName: z.string().trim().min(1, { message: '缺少文件名' }).max(200, { message: '文件名过长' }),
      size: z
        .number()
        .int()
        .min(1, { message: '文件是空的' })
        .max(MAX_FILE_BYTES, {
          message: `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB，请把台账分成几个文件`,
        }),
      offset: z.number().int().min(0),
      data: z
        .string()
        .max(CHUNK_BASE64_CHARS, { message: '上传分块过大' })
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: '上传内容不是 base64' }),
    }),
    'admin',
  ),
  'ledgers.inspect': method<InspectResult>()(
    z.object({ batchId, sheet: z.string().max(100).optional() }),
    'admin',
  ),
  'ledgers.preview': method<PreviewSummary>()(
    z.object({
      batchId,
      sheet: z.string().max(100).optional(),
      mapping: z
        .array(z.object({ index: z.number().int().min(0).max(1000), field: z.string().max(40).nullable() }))
        .max(1000),
      remember: z.boolean().default(true),
    }),
    'admin',
  ),
  'ledgers.previewRows': method<{ items: PreviewRow[]; total: number }>()(
    z.object({ batchId, action: z.enum(PREVIEW_ACTIONS), ...page }),
    'admin',
  ),
  'ledgers.commit': method<CommitResult>()(
    z.object({
      batchId,
      choices: z.record(z.string().max(40), z.enum(['keep', 'overwrite'])).default({}),
    }),
    'admin',
  ),
  'ledgers.progress': method<Progress>()(z.object({ batchId })),
  'ledgers.cancel': method<{ ok: true }>()(z.object({ batchId }), 'admin'),
  'ledgers.undo': method<{ undone: number }>()(z.object({ batchId }), 'admin'),
  'ledgers.batch': method<BatchView>()(z.object({ batchId }), 'admin'),
  'ledgers.batches': method<{ items: BatchView[]; total: number }>()(z.object({ ...page }), 'admin'),
  'ledgers.rejectedFile': method<FileOut>()(z.object({ batchId }), 'admin'),

  'ledgers.exportGrid': method<FileOut>()(z.intersection(exportGridInput, exportExtras)),
  'ledgers.standardFile': method<FileOut>()(
    z.object({ ledger: z.enum(STANDARD_LEDGERS), reveal: z.boolean().default(false) }),
  ),
  'ledgers.standardData': method<StandardLedgerData>()(
    z.object({ ledger: z.enum(STANDARD_LEDGERS), reveal: z.boolean().default(false) }),
  ),
};
