// Reading .xlsx files as communities write them: thousands of Chinese names and addresses, which in UTF-8
// are three bytes a character — so the XML's chunk boundaries fall inside characters. exceljs's streaming
// reader decodes chunks one by one and garbles such characters; station/ledgers/xlsx.ts hands it whole
// characters. Both the shared-strings form (Excel's) and inline strings (exceljs's streaming writer).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { readXlsx } from '../../station/ledgers/xlsx';

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
