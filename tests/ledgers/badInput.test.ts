// Bad input, each with a clear result — read correctly, or refused with the reason — while the station
// stays up and nothing is half-written: files that are not spreadsheets, a zip bomb (and a part that lies
// about its size), a sheet of 1,000,000 rows, formulas, merged header cells, hidden sheets, dates as
// serial numbers or text, full-width digits in ID numbers, duplicate rows, CSV in GBK and UTF-8.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { rowCounts } from '../station/support';
import { fullWidth, idFor, previewFile, rejections, upload, xlsx } from './helpers';
import { rowXml, sheetXml, xlsxWithSheet, zip } from './zip';

let ts: TestStation;
beforeAll(async () => {
  ts = await newStation();
});
afterAll(async () => {
  await ts.close();
});

/** Uploads and inspects; returns the refusal (or throws if the file was accepted). */
async function refusal(bytes: Buffer, name = 'x.xlsx'): Promise<string> {
  const before = await rowCounts(ts.station);
  const batchId = await upload(ts, 'residents', name, bytes);
  const err = await ts.call('ledgers.inspect', { batchId }).then(
    () => null,
    (e: { code: string; message: string }) => e,
  );
  expect(err, 'the file should have been refused').not.toBeNull();
  expect(err!.code).toBe('invalid_input');
  const batch = await ts.call('ledgers.batch', { batchId });
  expect(batch.status).toBe('refused');
  expect(batch.reason).toBe(err!.message);
  // the station stays up, and nothing but the batch's own record was written
  expect((await ts.call('session.me', {})).operator.username).toBe('admin');
  expect(await rowCounts(ts.station)).toEqual(before);
  return err!.message;
}

describe('files that are not spreadsheets', () => {
  it('refuses a picture, a PDF, an old .xls, a web page and a zip that is not a workbook, saying what they are', async () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect(await refusal(png, 'photo.xlsx')).toBe('文件不是电子表格（既不是 .xlsx 也不是 CSV 文本）');
    expect(await refusal(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'a.pdf')).toContain('这是 PDF 文件');
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(await refusal(ole, 'old.xls')).toContain('旧版 Excel 97-2003（.xls）');
    expect(
      await refusal(Buffer.from('<html><table><tr><td>姓名</td></tr></table></html>'), 'fake.xls'),
    ).toContain('网页或 XML 格式');
    const docx = zip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }]);
    expect(await refusal(docx, 'letter.xlsx')).toBe(
      '文件是压缩包，但不是 Excel 工作簿（.xlsx）：缺少 xl/workbook.xml',
    );
    const cut = (await xlsx([['姓名', '身份证号码']])).subarray(0, 300);
    expect(await refusal(cut, 'cut.xlsx')).toContain('压缩结构已损坏或不完整');
  });
});

describe('zip bombs', () => {
  it('refuses a sheet that inflates 1000 times over before reading it', async () => {
    const bomb = sheetXml([rowXml(1, ['姓名', '身份证号码']), ' '.repeat(60 * 1024 * 1024)]);
    const file = xlsxWithSheet(bomb);
    expect(file.length).toBeLessThan(200_000);
    expect(await refusal(file, 'bomb.xlsx')).toMatch(
      /^工作簿的部件 xl\/worksheets\/sheet1\.xml 压缩比异常（\d+ 倍，解压后 60 MB）：疑似压缩炸弹，已拒绝$/,
    );
  });

  it('refuses a part that inflates to more than it declares (a header that lies)', async () => {
    const xml = sheetXml([rowXml(1, ['姓名', '身份证号码']), ' '.repeat(5 * 1024 * 1024)]);
    expect(await refusal(xlsxWithSheet(xml, 1000), 'liar.xlsx')).toBe(
      '工作簿的部件 xl/worksheets/sheet1.xml 解压后大于其声明的大小：文件可能被篡改（压缩炸弹），已拒绝',
    );
  });
});

describe('size', () => {
  it('refuses a sheet of 1,000,000 rows from the size it declares, before reading a row', async () => {
    function* rows() {
      yield rowXml(1, ['姓名', '身份证号码']);
      for (let n = 2; n <= 1_000_001; n++) yield `<row r="${n}"><c r="A${n}"><v>${n}</v></c></row>`;
    }
    // Excel writes the sheet's extent at its top: the refusal needs only the first kilobytes
    const file = xlsxWithSheet(sheetXml(rows(), 'A1:B1000001'), undefined, 1);
    expect(await refusal(file, 'million.xlsx')).toBe(
      '工作表超过 300,000 行，超出一次导入的上限：请把台账按街道或社区分成几个文件再导入（工作表“台账”有 1,000,001 行）',
    );
  });

  it('refuses 1,000,000 rows that do not declare their size when row 300,001 is read, and writes nothing', async () => {
    const lines = ['姓名,身份证号码'];
    for (let n = 1; n <= 1_000_000; n++) lines.push(String(n));
    const before = await rowCounts(ts.station);
    const batchId = await upload(ts, 'residents', 'million.csv', Buffer.from(lines.join('\n')));
    const inspect = await ts.call('ledgers.inspect', { batchId });
    await expect(
      ts.call('ledgers.preview', {
        batchId,
        mapping: inspect.columns.map((c) => ({ index: c.index, field: c.field })),
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: '工作表超过 300,000 行，超出一次导入的上限：请把台账按街道或社区分成几个文件再导入',
    });
    expect((await ts.call('ledgers.batch', { batchId })).status).toBe('refused');
    expect(await rowCounts(ts.station)).toEqual(before);
  }, 120_000);

  it('refuses a declared size above the limit and a chunk that does not follow the last one', async () => {
    await expect(
      ts.call('ledgers.upload', {
        kind: 'residents',
        fileName: 'big.xlsx',
        size: 101 * 1024 * 1024,
        offset: 0,
        data: '',
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: '输入有误：文件超过 100 MB，请把台账分成几个文件',
    });
    const first = await ts.call('ledgers.upload', {
      kind: 'residents',
      fileName: 'a.csv',
      size: 10,
      offset: 0,
      data: Buffer.from('12345').toString('base64'),
    });
    await expect(
      ts.call('ledgers.upload', {
        batchId: first.batchId,
        kind: 'residents',
        fileName: 'a.csv',
        size: 10,
        offset: 7,
        data: Buffer.from('890').toString('base64'),
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('what real ledgers hold', () => {
  it('takes the cached result of formulas and refuses a formula with none', async () => {
    const file = await xlsx([
      ['姓名', '身份证号码', '家庭人口', '家庭月收入'],
      ['张三', idFor(11), 3, { formula: 'C2*1500', result: 4500 }],
      ['李四', { formula: '"3301"&"04"', result: idFor(12) }, 2, 3000],
      ['王五', idFor(13), 2, { formula: 'C4*1500' } as never],
    ]);
    const p = await previewFile(ts, 'residents', 'formulas.xlsx', file);
    expect(p.preview.counts).toMatchObject({ created: 2, rejected: 1 });
    const [r] = await rejections(ts, p.batchId);
    expect(r!.issues[0]).toMatchObject({
      column: 'D',
      reason: '单元格是错误值“公式没有计算结果（请在 Excel 中打开并保存后再导入）”，请在表格中改正',
    });
    await ts.call('ledgers.commit', { batchId: p.batchId });
    const li = (await ts.call('residents.findByIdNumber', { idNumber: idFor(12) })).resident!;
    expect((await ts.call('residents.get', { id: li.id, reveal: true })).income?.monthlyIncome).toBe(3000);
    const zhang = (await ts.call('residents.findByIdNumber', { idNumber: idFor(11) })).resident!;
    expect((await ts.call('residents.get', { id: zhang.id, reveal: true })).income?.monthlyIncome).toBe(4500);
  });

  it('reads a two-level header of merged cells under a merged title', async () => {
    const file = await xlsx(
      [
        ['景昙社区 失业人员登记台账'],
        ['序号', '姓名', '身份证号码', '失业状况', null, '家庭收入情况', null],
        [null, null, null, '就业状况', '失业时间', '家庭人口', '月收入（元）'],
        [1, '赵一', idFor(21), '失业', '2025-03-01', 2, 2600],
      ],
      {
        after: (ws) => {
          ws.mergeCells('A1:G1');
          for (const c of ['A', 'B', 'C']) ws.mergeCells(`${c}2:${c}3`);
          ws.mergeCells('D2:E2');
          ws.mergeCells('F2:G2');
        },
      },
    );
    const p = await previewFile(ts, 'residents', 'merged.xlsx', file);
    expect(p.inspect.headerRows).toEqual([2, 3]);
    expect(p.inspect.columns.map((c) => [c.header, c.field])).toEqual([
      ['序号', '_ignore'],
      ['姓名', 'name'],
      ['身份证号码', 'idNumber'],
      ['失业状况·就业状况', 'u.status'],
      ['失业状况·失业时间', 'u.since'],
      ['家庭收入情况·家庭人口', 'i.householdSize'],
      ['家庭收入情况·月收入（元）', 'i.monthlyIncome'],
    ]);
    expect(p.preview.counts).toMatchObject({ created: 1, rejected: 0 });
  });

  it('reads the first visible sheet, lists hidden ones, and will not read a hidden sheet', async () => {
    const file = await xlsx(
      [
        ['姓名', '身份证号码'],
        ['钱二', idFor(31)],
      ],
      {
        sheet: '台账',
        before: (wb) => {
          const hidden = wb.addWorksheet('旧数据', { state: 'hidden' });
          hidden.addRow(['姓名', '身份证号码']);
          hidden.addRow(['不该导入', idFor(32)]);
          wb.addWorksheet('说明', { state: 'veryHidden' }).addRow(['填表说明']);
        },
      },
    );
    const batchId = await upload(ts, 'residents', 'hidden.xlsx', file);
    const inspect = await ts.call('ledgers.inspect', { batchId });
    expect(inspect.sheets).toEqual([
      { name: '旧数据', hidden: true },
      { name: '说明', hidden: true },
      { name: '台账', hidden: false },
    ]);
    expect(inspect.sheet).toBe('台账');
    await expect(ts.call('ledgers.inspect', { batchId, sheet: '旧数据' })).rejects.toMatchObject({
      message: '工作表“旧数据”是隐藏的：请在 Excel 中取消隐藏后再导入',
    });
    const preview = await ts.call('ledgers.preview', {
      batchId,
      mapping: inspect.columns.map((c) => ({ index: c.index, field: c.field })),
    });
    expect(preview.counts.created).toBe(1);
    const only = await xlsx([['x']], { sheet: '也藏', after: (ws) => (ws.state = 'hidden') });
    expect(await refusal(only, 'all-hidden.xlsx')).toBe(
      '工作簿中只有隐藏的工作表：请在 Excel 中取消隐藏要导入的工作表后再导入',
    );
  });

  it('reads dates as date cells, Excel serial numbers and text; refuses an impossible date', async () => {
    const file = await xlsx(
      [
        ['姓名', '身份证号码', '就业状况', '失业时间', '调查日期'],
        ['孙三', idFor(41), '失业', new Date(Date.UTC(2024, 4, 6)), '2025年12月1日'],
        ['周四', idFor(42), '失业', 45413, '2025/12/1'],
        ['吴五', idFor(43), '失业', '2024.5', 46000],
        ['郑六', idFor(44), '失业', '2023-02-29', null],
      ],
      { after: (ws) => (ws.getColumn(4).numFmt = 'yyyy-mm-dd') },
    );
    const p = await previewFile(ts, 'residents', 'dates.xlsx', file);
    expect(p.preview.counts).toMatchObject({ created: 3, rejected: 1 });
    expect((await rejections(ts, p.batchId))[0]!.issues[0]).toMatchObject({
      column: 'D',
      header: '失业时间',
      reason: '日期 2023-02-29 不存在',
    });
    await ts.call('ledgers.commit', { batchId: p.batchId });
    const since = async (n: number) => {
      const r = (await ts.call('residents.findByIdNumber', { idNumber: idFor(n) })).resident!;
      return (await ts.call('residents.get', { id: r.id })).unemployment;
    };
    expect(await since(41)).toMatchObject({ since: '2024-05-06', confirmedAt: '2025-12-01' });
    expect(await since(42)).toMatchObject({ since: '2024-05-01', confirmedAt: '2025-12-01' });
    expect(await since(43)).toMatchObject({ since: '2024-05-01', confirmedAt: '2025-12-09' });
  });

  it('takes full-width digits in ID numbers and refuses one Excel stored as a number', async () => {
    const file = await xlsx([
      ['姓名', '身份证号码'],
      ['冯七', fullWidth(idFor(51))],
      ['陈八', Number(idFor(52).slice(0, 17)) * 10],
    ]);
    const p = await previewFile(ts, 'residents', 'fullwidth.xlsx', file);
    expect(p.preview.counts).toMatchObject({ created: 1, rejected: 1 });
    expect((await rejections(ts, p.batchId))[0]!.issues[0]!.reason).toContain('被 Excel 存成了数字');
    await ts.call('ledgers.commit', { batchId: p.batchId });
    expect((await ts.call('residents.findByIdNumber', { idNumber: idFor(51) })).resident?.name).toBe('冯七');
  });

  it('keeps the first of identical rows and refuses both of two rows that disagree about one person', async () => {
    const file = await xlsx([
      ['姓名', '身份证号码', '联系电话'],
      ['褚九', idFor(61), '13800000061'],
      ['卫十', idFor(62), '13800000062'],
      ['褚九', idFor(61), '13800000061'],
      ['卫十', idFor(62), '13900000062'],
    ]);
    const p = await previewFile(ts, 'residents', 'dups.xlsx', file);
    expect(p.preview.counts).toMatchObject({ created: 1, rejected: 3 });
    const rows = await rejections(ts, p.batchId);
    expect(rows.map((r) => [r.row, r.issues.map((i) => i.reason)])).toEqual([
      [3, ['与第 5 行的身份证号码相同但内容不同，请核对后只保留一行']],
      [4, ['与第 2 行重复（内容完全相同），按第 2 行导入']],
      [5, ['与第 3 行的身份证号码相同但内容不同，请核对后只保留一行']],
    ]);
  });
});

describe('CSV', () => {
  const csv = (text: string) => text.replaceAll('\n', '\r\n');

  it('reads GBK (as Excel saves CSV on Chinese Windows) and UTF-8 with or without BOM, quoted fields included', async () => {
    const text = csv(
      `姓名,身份证号码,现住址,技术特长\n蒋一,${idFor(71)},"凯旋路 1 号, 3 幢","电工（中级）、\n焊工"\n韩二,="${idFor(72)}",,无\n`,
    );
    const encoded = encodeGbk(text);
    const p1 = await previewFile(ts, 'residents', 'gbk.csv', encoded);
    expect(p1.inspect).toMatchObject({ format: 'csv', encoding: 'gb18030' });
    expect(p1.preview.counts).toMatchObject({ created: 2, rejected: 0 });
    await ts.call('ledgers.commit', { batchId: p1.batchId });
    const jiang = (await ts.call('residents.findByIdNumber', { idNumber: idFor(71) })).resident!;
    expect(await ts.call('residents.get', { id: jiang.id })).toMatchObject({
      address: '凯旋路 1 号, 3 幢',
      skills: { items: [{ name: '电工', level: '中级' }, { name: '焊工' }] },
    });
    const utf8 = csv(`姓名\t身份证号码\n杨三\t${idFor(73)}\n`);
    const p2 = await previewFile(
      ts,
      'residents',
      'utf8.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(utf8)]),
    );
    expect(p2.inspect).toMatchObject({ encoding: 'utf-8' });
    expect(p2.preview.counts.created).toBe(1);
    const p3 = await previewFile(
      ts,
      'residents',
      'plain.csv',
      Buffer.from(`姓名,身份证号码\n朱四,${idFor(74)}\n`),
    );
    expect(p3.inspect.encoding).toBe('utf-8');
    expect(p3.preview.counts.created).toBe(1);
  });
});

/** GBK bytes of a text, built from the decoder Node has (there is no TextEncoder for GBK). */
function encodeGbk(text: string): Buffer {
  const table = gbkTable();
  const out: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) out.push(cp);
    else {
      const code = table.get(ch);
      if (code === undefined) throw new Error(`no GBK code for ${ch}`);
      out.push(code >> 8, code & 0xff);
    }
  }
  return Buffer.from(out);
}

let cache: Map<string, number> | null = null;
function gbkTable(): Map<string, number> {
  if (cache) return cache;
  cache = new Map();
  const d = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++)
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = d.decode(Uint8Array.of(hi, lo));
      if (ch.length && !cache.has(ch) && ch !== '\ufffd') cache.set(ch, (hi << 8) | lo);
    }
  return cache;
}
