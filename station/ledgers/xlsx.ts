// Rows of one worksheet of a checked .xlsx (zipGuard.ts), streamed with exceljs's WorkbookReader so a
// large ledger is never held whole. Formulas give their cached result; date-formatted cells give calendar
// dates; hidden sheets are listed but never read unless they are the only ones a person can be sent back to.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell } from '../../shared/domain/ledgers/cells';
import type { SheetRow } from './csv';
import { MAX_CELL_CHARS, MAX_COLUMNS } from './limits';
import { FileRefused, readZipEntry, readZipEntryHead } from './zipGuard';

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

/** The part (xl/worksheets/sheetN.xml) that holds a sheet, through the workbook's relationships. */
async function sheetPart(path: string, sheet: string): Promise<string | null> {
  const wb = (await readZipEntry(path, 'xl/workbook.xml'))?.toString('utf8') ?? '';
  const rels = (await readZipEntry(path, 'xl/_rels/workbook.xml.rels'))?.toString('utf8') ?? '';
  for (const m of wb.matchAll(/<(?:\w+:)?sheet\b([^>]*)\/?>/gu)) {
    if (decodeXml(/\bname="([^"]*)"/u.exec(m[1]!)?.[1] ?? '') !== sheet) continue;
    const rid = /\br:id="([^"]*)"/u.exec(m[1]!)?.[1];
    for (const r of rels.matchAll(/<Relationship\b([^>]*)\/?>/gu)) {
      if (/\bId="([^"]*)"/u.exec(r[1]!)?.[1] !== rid) continue;
      const target = /\bTarget="([^"]*)"/u.exec(r[1]!)?.[1] ?? '';
      return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    }
  }
  return null;
}

/**
 * The last row a sheet says it uses (its <dimension ref="A1:K1000001"/>, which Excel writes at the top),
 * read without inflating the rest; null when the sheet does not say. Lets a huge sheet be refused at once.
 */
export async function declaredRows(path: string, sheet: string): Promise<number | null> {
  const part = await sheetPart(path, sheet);
  if (!part) return null;
  const head = (await readZipEntryHead(path, part))?.toString('utf8') ?? '';
  const m = /<(?:\w+:)?dimension\b[^>]*\bref="[A-Z]+\d+(?::[A-Z]+(\d+))?"/u.exec(head);
  return m?.[1] ? Number(m[1]) : null;
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
 * exceljs's streaming reader decodes every chunk of XML on its own (lib/utils/parse-sax.js), so a Chinese
 * character whose three UTF-8 bytes straddle two chunks turns into two replacement characters — in names,
 * addresses, shared strings, sheet names. Until that is fixed upstream, the reader's parts are handed to it
 * already decoded as whole characters: streams through a UTF-8 PassThrough, iterators through a streaming
 * TextDecoder (parse-sax passes strings through untouched). Pinned by tests/ledgers/xlsxRead.test.ts.
 */
function decodeWholeCharacters(reader: ExcelJS.stream.xlsx.WorkbookReader): void {
  const r = reader as unknown as Record<string, (...args: unknown[]) => unknown>;
  const asText = (entry: unknown) => {
    const text = new PassThrough();
    text.setEncoding('utf8');
    (entry as NodeJS.ReadableStream).pipe(text);
    return text;
  };
  for (const name of ['_parseSharedStrings', '_parseWorkbook']) {
    const original = r[name]!;
    r[name] = function (this: unknown, entry: unknown) {
      return original.call(this, asText(entry));
    };
  }
  const worksheet = r._parseWorksheet!;
  r._parseWorksheet = function (this: unknown, iterator: unknown, sheetNo: unknown) {
    return worksheet.call(this, decodedIterator(iterator as AsyncIterable<Buffer | string>), sheetNo);
  };
}

/** Whole characters from byte chunks; keeps the source's destroy/on so a skipped sheet can be closed. */
function decodedIterator(source: AsyncIterable<Buffer | string>) {
  async function* decode() {
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of source) {
      const s = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (s) yield s;
    }
    const tail = decoder.decode();
    if (tail) yield tail;
  }
  const out = decode() as AsyncGenerator<string> & {
    destroy?: () => void;
    on?: (e: string, f: () => void) => void;
  };
  const stream = source as unknown as { destroy?: () => void; on?: (e: string, f: () => void) => void };
  if (typeof stream.destroy === 'function') out.destroy = () => stream.destroy!();
  if (typeof stream.on === 'function') out.on = (e, f) => stream.on!(e, f);
  return out;
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
  decodeWholeCharacters(reader);
  let found = false;
  for await (const ws of reader) {
    const w = ws as unknown as {
      name?: string;
      iterator?: { destroy?: () => void; on?: (event: string, fn: () => void) => void };
    } & AsyncIterable<ExcelJS.Row>;
    if (found || w.name !== sheet) {
      // a spooled sheet's file is removed as soon as we move on; its stream may only then try to open it
      w.iterator?.on?.('error', () => undefined);
      w.iterator?.destroy?.();
      continue;
    }
    found = true;
    try {
      for await (const row of w) {
        const values = row.values as Raw[];
        const cells: Cell[] = [];
        const width = Math.min(values.length - 1, MAX_COLUMNS);
        for (let i = 1; i <= width; i++) cells.push(toCell(values[i]));
        yield { rowNo: row.number, cells };
      }
    } finally {
      // stopped early (the header was all we wanted, or the sheet was refused): close the sheet's stream
      w.iterator?.on?.('error', () => undefined);
      w.iterator?.destroy?.();
    }
  }
  if (!found) throw new FileRefused(`工作簿中没有名为“${sheet}”的工作表`);
}
