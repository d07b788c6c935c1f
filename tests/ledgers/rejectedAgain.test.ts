// The rows not imported, downloaded as xlsx with their reasons, corrected in the file as an assistant does
// it in Excel and imported again: the 原行号 and 拒绝原因 columns are recognised as the download's own and
// left alone, the corrected rows are created, a row still wrong is refused again with its reason,.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { idFor, importFile, previewFile, rejections, xlsx } from './helpers';

let ts: TestStation;
beforeAll(async () => {
  ts = await newStation();
});
afterAll(async () => {
  await ts.close();
});

const badCheckDigit = (id: string) => id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');

describe('rejected rows, corrected and imported again', () => {
  it('imports the corrected download and refuses what is still wrong, with its reason', async () => {
    const first = await importFile(
      ts,
      'residents',
      '景昙社区台账.xlsx',
      await xlsx([
        ['序号', '姓名', '身份证号码', '联系电话', '户籍性质', '就业状况'],
        [1, '张三', idFor(21), '13800002121', '本地城镇', '失业'],
        [2, '李四', badCheckDigit(idFor(22)), '13800002222', '本地农村', '就业'],
        [3, '王五', idFor(23), '13800002323', '火星户口', null],
        [4, '赵六', idFor(24), '1380000', '本地城镇', null],
      ]),
    );
    expect(first.result).toMatchObject({ created: 1, rejected: 3 });

    const file = await ts.call('ledgers.rejectedFile', { batchId: first.batchId });
    expect(file.rows).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '序号',
      '姓名',
      '身份证号码',
      '联系电话',
      '户籍性质',
      '就业状况',
      '原行号',
      '拒绝原因',
    ]);
    const col = (h: string) => header.indexOf(h) + 1;
    // the assistant corrects two rows and leaves the third as it was
    for (let r = 2; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const name = row.getCell(col('姓名')).value;
      if (name === '李四') row.getCell(col('身份证号码')).value = idFor(22);
      if (name === '王五') row.getCell(col('户籍性质')).value = '外地农村';
    }
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());

    const again = await previewFile(ts, 'residents', '景昙社区台账-未导入.xlsx', fixed);
    const fields = Object.fromEntries(again.inspect.columns.map((c) => [c.header, c.field]));
    expect(fields['原行号']).toBe('_ignore');
    expect(fields['拒绝原因']).toBe('_ignore');
    expect(again.preview.counts).toMatchObject({ created: 2, updated: 0, unchanged: 0, rejected: 1 });
    const still = await rejections(ts, again.batchId);
    expect(still).toHaveLength(1);
    expect(still[0]!.row).toBe(4); // 赵六, the last row of the download
    expect(still[0]!.issues[0]).toMatchObject({ header: '联系电话', value: '1380000' });
    expect(still[0]!.issues[0]!.reason).toBe('手机号应为 11 位，当前为 7 位');

    expect(await ts.call('ledgers.commit', { batchId: again.batchId })).toMatchObject({
      created: 2,
      rejected: 1,
    });
    const full = async (idNumber: string) =>
      ts.call('residents.get', {
        id: (await ts.call('residents.findByIdNumber', { idNumber })).resident!.id,
      });
    expect(await full(idFor(22))).toMatchObject({
      name: '李四',
      phone: '13800002222',
      hukouType: 'local_rural',
    });
    expect(await full(idFor(23))).toMatchObject({ name: '王五', hukouType: 'nonlocal_rural' });
    // the second download holds only the row still wrong
    const left = await ts.call('ledgers.rejectedFile', { batchId: again.batchId });
    expect(left.rows).toBe(1);
  });
});
