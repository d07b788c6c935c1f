// Writing an .xlsx for the desk to download: streamed to a temporary file with exceljs's WorkbookWriter (a
// 100,000-row ledger never sits in memory as a workbook), then handed back as base64. Codes such as ID
// numbers are written as text, never as numbers Excel would round.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

export interface SheetSpec {
  name: string;
  /** Lines above the header (title, community, date); each spans the table's width. */
  preamble?: string[];
  columns: Array<{ header: string; width?: number }>;
  rows:
    AsyncIterable<ReadonlyArray<string | number | null>> | Iterable<ReadonlyArray<string | number | null>>;
  /** Landscape A4 with the header row repeated on every printed page. */
  print?: boolean;
}

/** Text format ('@'): codes typed into an empty cell later stay text too. */
const TEXT: Partial<ExcelJS.Style> = { numFmt: '@' };

export async function writeXlsx(spec: SheetSpec): Promise<{ base64: string; rows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'liuqing-xlsx-'));
  const file = join(dir, 'out.xlsx');
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: file,
      useStyles: true,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet(spec.name, {
      pageSetup: spec.print
        ? { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 }
        : {},
    });
    ws.columns = spec.columns.map((c) => ({ width: c.width ?? 14, style: TEXT }));
    const width = spec.columns.length;
    let r = 0;
    for (const line of spec.preamble ?? []) {
      r++;
      const row = ws.addRow([line]);
      row.font = r === 1 ? { bold: true, size: 14 } : { size: 10 };
      if (width > 1) ws.mergeCells(r, 1, r, width);
      row.commit();
    }
    const header = ws.addRow(spec.columns.map((c) => c.header));
    header.font = { bold: true };
    r++;
    if (spec.print) ws.pageSetup.printTitlesRow = `${r}:${r}`;
    header.commit();
    let n = 0;
    for await (const values of spec.rows) {
      // an empty cell is left out (the column's text format covers it); every written cell shares one
      // style object, which exceljs recognises by identity instead of serialising a fresh copy per cell
      const row = ws.addRow(values.map((v) => (v === null ? undefined : v)));
      row.eachCell((cell) => {
        cell.style = TEXT;
      });
      row.commit();
      n++;
    }
    ws.commit();
    await wb.commit();
    return { base64: readFileSync(file).toString('base64'), rows: n };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
