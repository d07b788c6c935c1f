// One way to read an uploaded ledger, whatever its format: check the file (sniff.ts, zipGuard.ts), say
// which sheets it has, and stream the rows of one of them, refusing a sheet past MAX_ROWS as soon as the
// row after the limit is read.
import type { Cell } from '../../shared/domain/ledgers/cells';
import { readCsv, type SheetRow } from './csv';
import { MAX_ROWS } from './limits';
import { sniffFile, type Sniffed } from './sniff';
import { declaredRows, listSheets, readXlsx, type SheetInfo } from './xlsx';
import { checkXlsxZip, FileRefused } from './zipGuard';

export type { SheetRow };

export interface TableFile {
  path: string;
  sniffed: Sniffed;
  sheets: SheetInfo[];
}

export const CSV_SHEET = 'CSV';

/** Checks the file and lists its sheets; throws FileRefused with the reason. */
export async function inspectFile(path: string): Promise<TableFile> {
  const sniffed = await sniffFile(path);
  if (sniffed.format === 'csv') return { path, sniffed, sheets: [{ name: CSV_SHEET, hidden: false }] };
  await checkXlsxZip(path);
  const sheets = await listSheets(path);
  if (sheets.length === 0) throw new FileRefused('工作簿中没有工作表');
  if (!sheets.some((s) => !s.hidden))
    throw new FileRefused('工作簿中只有隐藏的工作表：请在 Excel 中取消隐藏要导入的工作表后再导入');
  return { path, sniffed, sheets };
}

/** The sheet to read: the one asked for (it must be visible), else the first visible one. */
export function chooseSheet(file: TableFile, wanted?: string): string {
  if (wanted === undefined) return file.sheets.find((s) => !s.hidden)!.name;
  const s = file.sheets.find((x) => x.name === wanted);
  if (!s) throw new FileRefused(`工作簿中没有名为“${wanted}”的工作表`);
  if (s.hidden) throw new FileRefused(`工作表“${wanted}”是隐藏的：请在 Excel 中取消隐藏后再导入`);
  return s.name;
}

const TOO_MANY = `工作表超过 ${MAX_ROWS.toLocaleString('en-US')} 行，超出一次导入的上限：请把台账按街道或社区分成几个文件再导入`;

/** Refuses a sheet that says it has more rows than an import takes, before a row is read. */
export async function checkDeclaredSize(file: TableFile, sheet: string): Promise<void> {
  if (file.sniffed.format !== 'xlsx') return;
  const rows = await declaredRows(file.path, sheet);
  if (rows !== null && rows > MAX_ROWS)
    throw new FileRefused(`${TOO_MANY}（工作表“${sheet}”有 ${rows.toLocaleString('en-US')} 行）`);
}

/** Streams a sheet's rows; refuses it when the row after MAX_ROWS arrives (whatever the sheet declared). */
export async function* readRows(file: TableFile, sheet: string): AsyncGenerator<SheetRow> {
  const source =
    file.sniffed.format === 'csv'
      ? readCsv(file.path, file.sniffed.encoding!, file.sniffed.skip ?? 0)
      : readXlsx(file.path, sheet);
  let n = 0;
  for await (const row of source) {
    if (++n > MAX_ROWS) throw new FileRefused(TOO_MANY);
    yield row;
  }
}

export function isBlankRow(cells: readonly Cell[]): boolean {
  return cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));
}
