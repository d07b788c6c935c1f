// A report as an .xlsx fit for a 通报: title, period, units, the header frozen under them, one row per unit
// (streets in bold, their communities indented), a totals row, A4 landscape with the header repeated on
// every printed page. Used by the desk (its community) and the console (district, street) alike.
import ExcelJS from 'exceljs';
import { DOCUMENT_HEADERS, REPORT_COLUMNS, rowCells } from '../../shared/reports/columns';
import { bulletinLines, type Bulletin } from '../../shared/reports/bulletin';
import type { Figures } from '../../shared/reports/figures';

export const HEADER_ROW = 5;

export async function bulletinXlsx(b: Bulletin): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '六清';
  const ws = wb.addWorksheet('通报', {
    views: [{ state: 'frozen', xSplit: 1, ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
  });
  const width = REPORT_COLUMNS.length + 1;
  const line = (text: string, size: number, bold = false) => {
    const row = ws.addRow([text]);
    row.font = { size, bold };
    ws.mergeCells(row.number, 1, row.number, width);
    row.alignment = { horizontal: size > 12 ? 'center' : 'left' };
  };
  const text = bulletinLines(b);
  line(text.title, 16, true);
  line(text.period, 11);
  line(text.scope, 11);
  line(text.units, 10);
  const header = ws.addRow(['单位', ...REPORT_COLUMNS.map((c) => DOCUMENT_HEADERS[c.key])]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  header.height = 42;
  const cells = (f: Figures) => rowCells(f).map((v) => (v === null ? '—' : v));
  for (const r of b.rows) {
    const row = ws.addRow([r.level === 'community' ? `　${r.name}` : r.name, ...cells(r.figures)]);
    if (r.level === 'street') row.font = { bold: true };
  }
  const total = ws.addRow(['合计', ...cells(b.total)]);
  total.font = { bold: true };
  ws.getColumn(1).width = 22;
  for (let c = 2; c <= width; c++) ws.getColumn(c).width = 12;
  for (let r = HEADER_ROW; r <= total.number; r++)
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
    });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
