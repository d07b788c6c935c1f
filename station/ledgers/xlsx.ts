// Rows of one worksheet of a checked .xlsx (zipGuard.ts), streamed with exceljs's WorkbookReader so a
// large ledger is never held whole. Formulas give their cached result; date-formatted cells give calendar
// dates; hidden sheets are listed but never read unless they are the only ones a person can be sent back to.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell } from '../../shared/domain/ledgers/cells';
import type { SheetRow } from './csv';
import { MAX_CELL_CHARS, MAX_COLUMNS } from './limits';
import { FileRefused, openZipPart, readCentralDirectory, readZipEntry, readZipEntryHead } from './zipGuard';

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
 * addresses, shared strings, sheet names, number formats. Until that is fixed upstream, the reader's parts
 * are handed to it already decoded as whole characters: streams through a UTF-8 PassThrough, the sheet
 * through a streaming TextDecoder (parse-sax passes strings through untouched). Pinned by
 * tests/ledgers/xlsxRead.test.ts.
 */
function asText(part: NodeJS.ReadableStream): PassThrough {
  const text = new PassThrough();
  text.setEncoding('utf8');
  part.on('error', (e: Error) => text.destroy(e));
  part.pipe(text);
  return text;
}

/** Whole characters from byte chunks; keeps the source's destroy/on so a stopped sheet can be closed. */
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

/** The parts of exceljs's WorkbookReader that read one part each (lib/stream/xlsx/workbook-reader.js). */
interface PartReaders {
  _parseRels(part: NodeJS.ReadableStream): Promise<void>;
  _parseWorkbook(part: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(part: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseStyles(part: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<string>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: SheetReader }>;
}

type SheetReader = AsyncIterable<ExcelJS.Row> & {
  iterator?: { destroy?: () => void; on?: (event: string, fn: () => void) => void };
};

/**
 * Streams the rows of `sheet` (by name). The parts are found through the zip's central directory and read
 * in the order the rows need them — relationships, workbook, shared strings, styles, then the one sheet —
 * not in a single pass over the file the way exceljs's WorkbookReader.parse does: that pass (unzipper's
 * Parse) signals its end as soon as the last bytes of the file are buffered, so the parts after the one
 * being read (xl/workbook.xml, which exceljs writes last; shared strings) could be dropped, and the sheet
 * then failed with "Cannot read properties of undefined (reading 'sheets')" — now and then, more often
 * on a busy machine (exceljs#3064). Other sheets are not read at all.
 */
export async function* readXlsx(path: string, sheet: string): AsyncGenerator<SheetRow> {
  const parts = await readCentralDirectory(path);
  const partName = await sheetPart(path, sheet);
  if (!partName || !parts.some((p) => p.name === partName))
    throw new FileRefused(`工作簿中没有名为“${sheet}”的工作表`);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const r = reader as unknown as PartReaders;
  const part = (name: string) => openZipPart(path, parts, name);
  const rels = await part('xl/_rels/workbook.xml.rels');
  if (rels) await r._parseRels(asText(rels));
  const book = await part('xl/workbook.xml');
  if (book) await r._parseWorkbook(asText(book));
  const shared = await part('xl/sharedStrings.xml');
  // cached by the reader ('cache'): nothing is yielded
  if (shared) for await (const _ of r._parseSharedStrings(asText(shared)));
  const styles = await part('xl/styles.xml');
  if (styles) await r._parseStyles(asText(styles));
  const source = (await part(partName))!;
  const sheetNo = /(\d+)\.xml$/u.exec(partName)?.[1] ?? '0';
  const [emitted] = [...r._parseWorksheet(decodedIterator(source), sheetNo)];
  const w = emitted!.value;
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
    source.on('error', () => undefined);
    source.destroy();
  }
}
