// Reading .xlsx files as communities write them: thousands of Chinese names and addresses, which in UTF-8
// are three bytes a character — so the XML's chunk boundaries fall inside characters. exceljs's streaming
// reader decodes chunks one by one and garbles such characters; station/ledgers/xlsx.ts hands it whole
// characters. Both the shared-strings form (Excel's) and inline strings (exceljs's streaming writer).
// And whatever order a writer stores the workbook's parts in: exceljs stores xl/workbook.xml last, and
// exceljs's own single-pass reader now and then dropped it (a crash in a preview, more often on a busy
// machine); the parts are found through the zip's central directory instead.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../station/ledgers/xlsx';
import { readCentralDirectory, readZipEntry } from '../../station/ledgers/zipGuard';
import { zip, type ZipPart } from './zip';

const dir = mkdtempSync(join(tmpdir(), 'liuqing-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 6,000 different two- and three-character Han names, and an address each. */
function people(): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < 6000; i++) {
    const a = String.fromCharCode(0x4e00 + (i % 5000));
    const b = String.fromCharCode(0x5e00 + ((i * 7) % 4000));
    out.push([`${a}${b}${i % 3 ? String.fromCharCode(0x6e00 + (i % 900)) : ''}`, `凯旋路${i}号${b}幢`]);
  }
  return out;
}

async function readBack(file: string, sheet: string): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const r of readXlsx(file, sheet)) rows.push(r.cells.map((c) => String(c)));
  return rows;
}

describe('xlsx rows with Chinese text', () => {
  it('reads every character of shared strings (as Excel writes them) across chunk boundaries', async () => {
    const data = people();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民台账（景昙社区）');
    for (const r of data) ws.addRow(r);
    const file = join(dir, 'shared.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    expect(await readBack(file, '居民台账（景昙社区）')).toEqual(data);
  });

  it('reads every character of inline strings (as a streaming writer writes them)', async () => {
    const data = people();
    const file = join(dir, 'inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('台账');
    for (const r of data) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
    expect(await readBack(file, '台账')).toEqual(data);
  });
});

describe('xlsx parts in any stored order', () => {
  it('reads the rows when the workbook part comes after the shared strings and the sheet, or all reversed', async () => {
    const data = people().slice(0, 40);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['本表由社区填写']);
    const ws = wb.addWorksheet('台账');
    for (const r of data) ws.addRow(r);
    const written = join(dir, 'written.xlsx');
    writeFileSync(written, Buffer.from(await wb.xlsx.writeBuffer()));
    const parts: ZipPart[] = [];
    for (const e of await readCentralDirectory(written))
      if (!e.name.endsWith('/')) parts.push({ name: e.name, data: (await readZipEntry(written, e.name))! });
    const first = (names: string[]) => [
      ...names.map((n) => parts.find((p) => p.name === n)!),
      ...parts.filter((p) => !names.includes(p.name)),
    ];
    const orders = {
      // what exceljs's reader could not take: the sheet arrives with the strings known but not the sheet names
      'strings, sheets, then workbook': first([
        '[Content_Types].xml',
        'xl/_rels/workbook.xml.rels',
        'xl/sharedStrings.xml',
        'xl/worksheets/sheet1.xml',
        'xl/worksheets/sheet2.xml',
      ]),
      reversed: [...parts].reverse(),
    };
    expect(orders['strings, sheets, then workbook'].at(-1)!.name).toBe('xl/workbook.xml');
    for (const [order, stored] of Object.entries(orders)) {
      const file = join(dir, `${order}.xlsx`);
      writeFileSync(file, zip(stored));
      expect(await readBack(file, '台账'), order).toEqual(data);
      expect(await readBack(file, '说明'), order).toEqual([['本表由社区填写']]);
    }
  });
});
