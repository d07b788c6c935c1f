// After the upload: check the file (what it really is, zip bombs, hidden sheets), find the header and
// recognise the columns (this station's remembered choices first), and show a few values under each so
// the assistant can map what was not recognised. A refused file is removed with its reason on the batch.
import { stat } from 'node:fs/promises';
import { ApiError } from '../../shared/errors';
import type { InspectResult } from '../../shared/contract/ledgers';
import { cellText, isBlank, type Cell } from '../../shared/domain/ledgers/cells';
import {
  columnLetter,
  findHeader,
  HEADER_SCAN_ROWS,
  type HeaderLayout,
} from '../../shared/domain/ledgers/headers';
import { KIND_SPECS, type LedgerKind } from '../../shared/domain/ledgers/kinds';
import { maskIdsInText } from '../../shared/domain/ledgers/display';
import type { Executor } from '../db/schema';
import { getBatch, rememberedMappings, setBatch, type BatchRow, type StoredLayout } from './batches';
import { removeImportDir, sourcePath } from './files';
import { checkDeclaredSize, chooseSheet, inspectFile, readRows, type TableFile } from './table';
import { FileRefused } from './zipGuard';

const SAMPLES = 3;

/** Turns a refused file into the batch's end, and the caller's error. */
export async function refuse(db: Executor, dataDir: string, batchId: string, e: unknown): Promise<never> {
  if (!(e instanceof FileRefused)) throw e;
  await setBatch(db, batchId, { status: 'refused', reason: e.message });
  removeImportDir(dataDir, batchId);
  throw new ApiError('invalid_input', e.message, [{ path: 'file', message: e.message }]);
}

export async function openUpload(db: Executor, dataDir: string, b: BatchRow): Promise<TableFile> {
  const size = await stat(sourcePath(dataDir, b.id)).then(
    (s) => s.size,
    () => -1,
  );
  if (size !== b.file_size) throw new ApiError('conflict', '文件尚未上传完整，请重新选择文件');
  try {
    return await inspectFile(sourcePath(dataDir, b.id));
  } catch (e) {
    return refuse(db, dataDir, b.id, e);
  }
}

/** The first rows of a sheet: enough for the header and a few values under it. */
async function topRows(file: TableFile, sheet: string): Promise<Array<{ rowNo: number; cells: Cell[] }>> {
  const rows: Array<{ rowNo: number; cells: Cell[] }> = [];
  for await (const r of readRows(file, sheet)) {
    rows.push(r);
    if (rows.length >= HEADER_SCAN_ROWS + SAMPLES + 2) break;
  }
  return rows;
}

export function layoutColumns(layout: HeaderLayout, rows: ReadonlyArray<{ rowNo: number; cells: Cell[] }>) {
  const data = rows.filter((r) => r.rowNo >= layout.dataStart);
  return layout.columns.map((c) => ({
    index: c.index,
    letter: columnLetter(c.index),
    header: c.header,
    field: c.field,
    source: c.source,
    samples: data
      .map((r) => r.cells[c.index] ?? null)
      .filter((x) => !isBlank(x))
      .slice(0, SAMPLES)
      .map((x) => maskIdsInText(cellText(x)).slice(0, 60)),
  }));
}

export async function inspectBatch(
  db: Executor,
  dataDir: string,
  batchId: string,
  wantedSheet: string | undefined,
): Promise<InspectResult> {
  const b = await getBatch(db, batchId);
  if (!['uploading', 'inspected', 'previewed'].includes(b.status))
    throw new ApiError('conflict', '该批次已结束，请重新选择文件');
  const kind = b.kind as LedgerKind;
  const file = await openUpload(db, dataDir, b);
  let sheet: string;
  let rows: Array<{ rowNo: number; cells: Cell[] }>;
  try {
    sheet = chooseSheet(file, wantedSheet);
    await checkDeclaredSize(file, sheet);
    rows = await topRows(file, sheet);
    if (rows.length === 0) throw new FileRefused(`工作表“${sheet}”是空的`);
  } catch (e) {
    // a sheet that is hidden or missing is the assistant's choice to correct, not the file's fault
    if (e instanceof FileRefused && wantedSheet !== undefined && /隐藏|没有名为/u.test(e.message))
      throw new ApiError('invalid_input', e.message, [{ path: 'sheet', message: e.message }]);
    return refuse(db, dataDir, batchId, e);
  }
  const layout = findHeader(kind, rows, await rememberedMappings(db, kind));
  const stored: StoredLayout = {
    ...layout,
    format: file.sniffed.format,
    encoding: file.sniffed.encoding ?? null,
  };
  await setBatch(db, batchId, { status: 'inspected', sheet, layout: JSON.stringify(stored) });
  return {
    batchId,
    kind,
    fileName: b.file_name,
    format: file.sniffed.format,
    encoding: file.sniffed.encoding ?? null,
    sheets: file.sheets,
    sheet,
    headerRows: layout.headerRows,
    dataStart: layout.dataStart,
    columns: layoutColumns(layout, rows),
    fields: KIND_SPECS[kind].fields.map((f) => ({ key: f.key, label: f.label, required: !!f.required })),
  };
}
