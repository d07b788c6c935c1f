// Rows of one worksheet of a checked .xlsx (zipGuard.ts), streamed with exceljs's WorkbookReader so a
// large ledger is never held whole. Formulas give their cached result; date-formatted cells give calendar
// dates; hidden sheets are listed but never read unless they are the only ones a person can be sent back to.
import ExcelJS from 'exceljs';
import type { Cell } from '../../shared/domain/ledgers/cells';
import type { SheetRow } from './csv';
import { MAX_CELL_CHARS, MAX_COLUMNS } from './limits';
import { FileRefused, readZipEntry } from './zipGuard';

export interface SheetInfo {
  name: string;
  hidden: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (m, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(
          e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10),
        )
      : (ENTITIES[e] ?? m),
  );

/** The workbook's sheets in workbook order, hidden ones marked (state="hidden" or "veryHidden"). */
export async function listSheets(path: string): Promise<SheetInfo[]> {
  const xml = (await readZipEntry(path, 'xl/workbook.xml'))?.toString('utf8');
  if (!xml) throw new FileRefused('文件不是有效的 Excel 工作簿（缺少工作簿目录）');
  const sheets: SheetInfo[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/gu)) {
    const attrs = m[1]!;
    const name = /\bname="([^"]*)"/u.exec(attrs)?.[1];
    if (name === undefined) continue;
    const state = /\bstate="([^"]*)"/u.exec(attrs)?.[1];
    sheets.push({ name: decodeXml(name), hidden: state === 'hidden' || state === 'veryHidden' });
  }
  return sheets;
}

type Raw = ExcelJS.CellValue | undefined;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** An exceljs value → the importers' Cell. */
export function toCell(v: Raw): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') {
    if (v.length > MAX_CELL_CHARS) throw new FileRefused(`单元格超过 ${MAX_CELL_CHARS} 个字，文件无法读取`);
    return v === '' ? null : v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? { error: '无效日期' } : { date: v.toISOString().slice(0, 10) };
  if (isObj(v)) {
    if ('richText' in v && Array.isArray(v.richText))
      return toCell((v.richText as Array<{ text?: string }>).map((r) => r.text ?? '').join(''));
    if ('formula' in v || 'sharedFormula' in v) {
      const result = v.result as Raw;
      if (result === undefined || result === null)
        return { error: '公式没有计算结果（请在 Excel 中打开并保存后再导入）' };
      return toCell(result);
    }
    if ('error' in v) return { error: String(v.error) };
    if ('text' in v) return toCell(v.text as Raw);
  }
  return String(v);
}

/**
 * Streams the rows of `sheet` (by name). Other sheets are skipped without being parsed; exceljs has already
 * spooled them to temporary files when they came before the shared strings, and those are closed here.
 */
export async function* readXlsx(path: string, sheet: string): AsyncGenerator<SheetRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found = false;
  for await (const ws of reader) {
    const w = ws as unknown as {
      name?: string;
      iterator?: { destroy?: () => void };
    } & AsyncIterable<ExcelJS.Row>;
    if (found || w.name !== sheet) {
      w.iterator?.destroy?.();
      continue;
    }
    found = true;
    for await (const row of w) {
      const values = row.values as Raw[];
      const cells: Cell[] = [];
      const width = Math.min(values.length - 1, MAX_COLUMNS);
      for (let i = 1; i <= width; i++) cells.push(toCell(values[i]));
      yield { rowNo: row.number, cells };
    }
  }
  if (!found) throw new FileRefused(`工作簿中没有名为“${sheet}”的工作表`);
}
