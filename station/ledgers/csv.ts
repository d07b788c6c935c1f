// CSV rows, streamed: the file is decoded chunk by chunk (UTF-8 or GBK, see sniff.ts) and split by RFC 4180
// rules — quoted fields may hold separators, doubled quotes and line breaks. A state machine without
// look-ahead, so a chunk may end anywhere. The separator is the comma unless the first line says tab or
// semicolon. Excel's ="0123" (text kept as typed) is unwrapped.
import { createReadStream } from 'node:fs';
import type { Cell } from '../../shared/domain/ledgers/cells';
import type { CsvEncoding } from './sniff';
import { FileRefused } from './zipGuard';
import { MAX_CELL_CHARS, MAX_COLUMNS } from './limits';

export interface SheetRow {
  /** 1-based record number, as a spreadsheet would number the row. */
  rowNo: number;
  cells: Cell[];
}

function pickSeparator(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const [tabs, semis, commas] = [count('\t'), count(';'), count(',')];
  if (tabs > commas && tabs >= semis) return '\t';
  if (semis > commas) return ';';
  return ',';
}

function toCell(raw: string): Cell {
  const m = /^="(.*)"$/su.exec(raw);
  const s = m ? m[1]! : raw;
  return s === '' ? null : s;
}

type State = 'start' | 'plain' | 'quoted' | 'quote'; // 'quote': a quote seen inside a quoted field

/** Splits decoded text into rows; feed it text in any pieces, then call end(). */
export class CsvSplitter {
  #state: State = 'start';
  #field = '';
  #row: string[] = [];
  #rowNo = 1;
  #skipLf = false;
  constructor(private readonly sep: string) {}

  #endField(): void {
    if (this.#row.length < MAX_COLUMNS) this.#row.push(this.#field);
    this.#field = '';
    this.#state = 'start';
  }
  #endRow(out: SheetRow[]): void {
    this.#endField();
    out.push({ rowNo: this.#rowNo++, cells: this.#row.map(toCell) });
    this.#row = [];
  }

  push(text: string): SheetRow[] {
    const out: SheetRow[] = [];
    for (const ch of text) {
      if (this.#skipLf) {
        this.#skipLf = false;
        if (ch === '\n') continue;
      }
      if (this.#state === 'quoted') {
        if (ch === '"') this.#state = 'quote';
        else this.#field += ch;
      } else if (this.#state === 'quote' && ch === '"') {
        this.#field += '"';
        this.#state = 'quoted';
      } else if (ch === '"' && this.#state === 'start') this.#state = 'quoted';
      else if (ch === this.sep) this.#endField();
      else if (ch === '\n' || ch === '\r') {
        this.#endRow(out);
        this.#skipLf = ch === '\r';
      } else {
        // after a closing quote, anything but a separator or line end is kept as typed (lenient, like Excel)
        this.#field += ch;
        this.#state = 'plain';
      }
      if (this.#field.length > MAX_CELL_CHARS)
        throw new FileRefused(
          `第 ${this.#rowNo} 行有超过 ${MAX_CELL_CHARS} 个字的单元格（可能是引号没有配对），文件无法读取`,
        );
    }
    return out;
  }

  end(): SheetRow[] {
    const out: SheetRow[] = [];
    if (this.#field !== '' || this.#row.length || this.#state === 'quote') this.#endRow(out);
    return out;
  }
}

export async function* readCsv(path: string, encoding: CsvEncoding, skip = 0): AsyncGenerator<SheetRow> {
  const decoder = new TextDecoder(encoding);
  let splitter: CsvSplitter | null = null;
  let head = '';
  for await (const chunk of createReadStream(path, { start: skip, highWaterMark: 1 << 16 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (!splitter) {
      head += text;
      const nl = head.search(/[\r\n]/u);
      if (nl < 0 && head.length < 65_536) continue;
      splitter = new CsvSplitter(pickSeparator(nl < 0 ? head : head.slice(0, nl)));
      yield* splitter.push(head);
      continue;
    }
    yield* splitter.push(text);
  }
  const tail = decoder.decode();
  if (!splitter) {
    splitter = new CsvSplitter(pickSeparator(head));
    yield* splitter.push(head + tail);
  } else yield* splitter.push(tail);
  yield* splitter.end();
}
