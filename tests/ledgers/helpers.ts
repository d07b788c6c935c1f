// Helpers of the ledger tests: real .xlsx files built with exceljs (and CSV bytes), sent to a real station
// the way the desk sends them (base64 chunks through ledgers.upload), then inspected and previewed.
import ExcelJS from 'exceljs';
import { CHUNK_BYTES } from '../../shared/domain/ledgers/limits';
import type { InspectResult, PreviewSummary } from '../../shared/contract/ledgers';
import type { LedgerKind } from '../../shared/domain/ledgers/kinds';
import type { TestStation } from '../factories/station';
import { idWith } from '../station/support';
import { creditCheckCharacter } from '../../shared/validators/creditCode';

export type Row = ReadonlyArray<ExcelJS.CellValue>;

/** An .xlsx with one sheet (or more, with `extra`), built in memory. */
export async function xlsx(
  rows: readonly Row[],
  opts: {
    sheet?: string;
    before?: (wb: ExcelJS.Workbook) => void;
    after?: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void;
  } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  opts.before?.(wb);
  const ws = wb.addWorksheet(opts.sheet ?? '台账');
  for (const r of rows) ws.addRow([...r]);
  opts.after?.(ws, wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function upload(
  ts: TestStation,
  kind: LedgerKind,
  fileName: string,
  bytes: Buffer,
): Promise<string> {
  let batchId: string | undefined;
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
    const data = bytes.subarray(offset, offset + CHUNK_BYTES).toString('base64');
    const r = await ts.call('ledgers.upload', {
      ...(batchId ? { batchId } : {}),
      kind,
      fileName,
      size: bytes.length,
      offset,
      data,
    });
    batchId = r.batchId;
  }
  return batchId!;
}

export interface Imported {
  batchId: string;
  inspect: InspectResult;
  preview: PreviewSummary;
}

/** Upload, inspect and preview with the recognised mapping (plus `mapping` overrides). */
export async function previewFile(
  ts: TestStation,
  kind: LedgerKind,
  fileName: string,
  bytes: Buffer,
  mapping: Record<number, string | null> = {},
): Promise<Imported> {
  const batchId = await upload(ts, kind, fileName, bytes);
  const inspect = await ts.call('ledgers.inspect', { batchId });
  const preview = await ts.call('ledgers.preview', {
    batchId,
    mapping: inspect.columns.map((c) => ({
      index: c.index,
      field: c.index in mapping ? mapping[c.index]! : c.field,
    })),
  });
  return { batchId, inspect, preview };
}

export async function importFile(ts: TestStation, kind: LedgerKind, fileName: string, bytes: Buffer) {
  const p = await previewFile(ts, kind, fileName, bytes);
  const result = await ts.call('ledgers.commit', { batchId: p.batchId });
  return { ...p, result };
}

/** Rejected rows of a previewed batch: row → reasons. */
export async function rejections(ts: TestStation, batchId: string) {
  const { items } = await ts.call('ledgers.previewRows', { batchId, action: 'reject', limit: 200 });
  return items;
}

/** A valid ID number for person n (distinct per n). */
export function idFor(n: number, birth = '1980-01-01'): string {
  return idWith(birth, String(n % 1000).padStart(3, '0'), n < 1000 ? '330104' : '330105');
}

/** A valid credit code for employer n. */
export function creditCodeFor(n: number): string {
  const first17 = `91330104MA2H${String(n).padStart(5, '0')}`;
  return first17 + creditCheckCharacter(first17);
}

/** Digits and X as full-width characters, as a Chinese input method types them. */
export function fullWidth(s: string): string {
  return s.replace(/[0-9X]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}
