// What an uploaded file really is, from its first bytes rather than its name: an .xlsx (a zip), a CSV in
// UTF-8 or GBK (Excel on a Chinese Windows saves CSV as GBK without saying so), or something that is not
// a spreadsheet at all — an old .xls, a PDF, a web page saved as .xls, a picture — refused with a reason.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { FileRefused } from './zipGuard';

export type FileFormat = 'xlsx' | 'csv';
export type CsvEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface Sniffed {
  format: FileFormat;
  encoding?: CsvEncoding;
  /** Bytes to skip at the start (a byte-order mark). */
  skip?: number;
}

const starts = (b: Buffer, bytes: number[]) => bytes.every((x, i) => b[i] === x);

/** True when every byte of the file decodes as UTF-8 (checked in one streaming pass). */
async function isUtf8(path: string, skip: number): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { start: skip, highWaterMark: 1 << 20 }))
      decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

export async function sniffFile(path: string): Promise<Sniffed> {
  const fd = await open(path, 'r');
  let head: Buffer;
  try {
    head = Buffer.alloc(4096);
    const { bytesRead } = await fd.read(head, 0, head.length, 0);
    head = head.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
  if (head.length === 0) throw new FileRefused('文件是空的');
  if (starts(head, [0x50, 0x4b, 0x03, 0x04])) return { format: 'xlsx' };
  if (starts(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    throw new FileRefused('这是旧版 Excel 97-2003（.xls）文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再导入');
  if (starts(head, [0x25, 0x50, 0x44, 0x46]))
    throw new FileRefused('这是 PDF 文件，不是电子表格：请导入 .xlsx 或 CSV 文件');
  if (starts(head, [0xef, 0xbb, 0xbf])) return { format: 'csv', encoding: 'utf-8', skip: 3 };
  if (starts(head, [0xff, 0xfe])) return { format: 'csv', encoding: 'utf-16le', skip: 2 };
  if (starts(head, [0xfe, 0xff])) return { format: 'csv', encoding: 'utf-16be', skip: 2 };
  const start = head.toString('latin1', 0, 512).trimStart().toLowerCase();
  if (
    start.startsWith('<html') ||
    start.startsWith('<!doctype') ||
    start.startsWith('<table') ||
    start.startsWith('<?xml')
  )
    throw new FileRefused(
      '这是网页或 XML 格式的文件（常见于系统导出的“假 .xls”）：请在 Excel 中打开后另存为 .xlsx 再导入',
    );
  // control bytes other than tab, CR, LF in the first 4 KB: a binary file (picture, Word, archive)
  if (head.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)))
    throw new FileRefused('文件不是电子表格（既不是 .xlsx 也不是 CSV 文本）');
  return { format: 'csv', encoding: (await isUtf8(path, 0)) ? 'utf-8' : 'gb18030' };
}
