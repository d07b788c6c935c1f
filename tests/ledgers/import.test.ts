// Importing a residents ledger into a real station: recognised columns, preview counts, created / updated
// with differences by field group / rejected with row, column, value and reason, the choice to keep or
// overwrite a group, outbox entries and the history line "导入：<file>", and nothing written before confirm.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { outboxEntries, rowCounts } from '../station/support';
import { fullWidth, idFor, importFile, previewFile, rejections, xlsx } from './helpers';

let ts: TestStation;
beforeEach(async () => {
  ts = await newStation();
});
afterEach(async () => {
  await ts.close();
});

const HEADER = [
  '序号',
  '姓名',
  '身份证号码',
  '联系电话',
  '户籍性质',
  '就业状况',
  '失业时间',
  '技术特长',
  '培训需求',
  '家庭人口',
  '家庭月收入',
];

describe('residents ledger', () => {
  it('previews without writing, then imports every row with its outbox entry and history source', async () => {
    const file = await xlsx([
      ['景昙社区六清台账（2026年）'],
      HEADER,
      [
        1,
        '张三',
        idFor(1),
        '13800001111',
        '本地城镇',
        '失业',
        '2025-06-01',
        '电工（中级）',
        '育婴师',
        3,
        '4,500元',
      ],
      [2, '李四', fullWidth(idFor(2)), '0571-86001234', '农业', '就业', null, '无', '无', null, null],
      [
        3,
        '王五',
        idFor(3).slice(0, 17) + (idFor(3).endsWith('1') ? '2' : '1'),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ],
      [null, '　 '], // looks empty: an ideographic space typed into a cell
      [4, '赵六', idFor(4), null, '火星户口', null, null, null, null, null, null],
    ]);
    const before = await rowCounts(ts.station);
    const p = await previewFile(ts, 'residents', '景昙社区.xlsx', file);
    expect(p.inspect.headerRows).toEqual([2]);
    expect(p.inspect.columns.map((c) => c.field)).toEqual([
      '_ignore',
      'name',
      'idNumber',
      'phone',
      'hukouType',
      'u.status',
      'u.since',
      'skills',
      'training',
      'i.householdSize',
      'i.monthlyIncome',
    ]);
    // samples help the mapping; ID numbers in them are masked
    expect(p.inspect.columns[2]!.samples[0]).toBe(`${idFor(1).slice(0, 6)}********${idFor(1).slice(14)}`);
    expect(p.preview.counts).toEqual({
      total: 4,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      skipped: 1,
      flagged: 0,
    });
    // nothing is written before the assistant confirms (the batch row itself is local bookkeeping)
    expect(await rowCounts(ts.station)).toEqual(before);

    const rejected = await rejections(ts, p.batchId);
    expect(rejected.map((r) => r.row)).toEqual([5, 7]);
    expect(rejected[0]!.issues[0]).toMatchObject({ column: 'C', header: '身份证号码' });
    expect(rejected[0]!.issues[0]!.reason).toContain('校验位错误');
    expect(rejected[1]!.issues[0]).toEqual({
      column: 'E',
      header: '户籍性质',
      value: '火星户口',
      reason: '户籍性质“火星户口”不是可识别的代码，可填：本地城镇、本地农村、外地城镇、外地农村',
    });

    const result = await ts.call('ledgers.commit', { batchId: p.batchId });
    expect(result).toEqual({ created: 2, updated: 0, kept: 0, unchanged: 0, rejected: 2 });
    const found = await ts.call('residents.findByIdNumber', { idNumber: idFor(1) });
    const zhang = await ts.call('residents.get', { id: found.resident!.id, reveal: true });
    expect(zhang).toMatchObject({
      name: '张三',
      phone: '13800001111',
      hukouType: 'local_urban',
      unemployment: {
        status: 'unemployed',
        since: '2025-06-01',
        confirmedAt: ts.station.identity && expect.any(String),
      },
      skills: { items: [{ name: '电工', level: '中级' }] },
      training: { wants: true, courses: ['育婴师'] },
      income: { householdSize: 3, monthlyIncome: 4500, subsistence: 'none' },
    });
    const li = await ts.call('residents.findByIdNumber', { idNumber: idFor(2) });
    expect(li.resident?.name).toBe('李四');
    const entries = (await outboxEntries(ts.station)).filter((e) => e.entity === 'residents');
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.op === 'create' && e.operatorName === '王管理')).toBe(true);
    const history = await ts.call('residents.history', { id: zhang.id });
    expect(history.items[0]!.source).toBe('导入：景昙社区.xlsx');
  });

  it('shows an update as differences by field group, and keeps the groups the assistant keeps', async () => {
    const created = await ts.call('residents.create', {
      name: '张三',
      idNumber: idFor(1),
      phone: '13800001111',
      address: '凯旋路 1 号',
      unemployment: { status: 'unemployed', since: '2024-01-01', confirmedAt: '2025-01-01' },
    });
    const file = await xlsx([
      ['姓名', '身份证号码', '联系电话', '现住址', '就业状况'],
      ['张三', idFor(1), '13900002222', null, '就业'],
      ['李四', idFor(2), null, null, null],
      ['张三', idFor(1), '13900002222', null, '就业'],
    ]);
    const p = await previewFile(ts, 'residents', 'update.xlsx', file);
    expect(p.preview.counts).toMatchObject({ created: 1, updated: 1, rejected: 1 });
    expect(p.preview.groups).toEqual([
      { group: 'contact', label: '电话与住址', rows: 1 },
      { group: 'unemployment', label: '失业状况清', rows: 1 },
    ]);
    const { items } = await ts.call('ledgers.previewRows', { batchId: p.batchId, action: 'update' });
    expect(items[0]!.groups[0]).toEqual({
      group: 'contact',
      label: '电话与住址',
      changes: [{ field: 'phone', label: '联系电话', old: '13800001111', new: '13900002222' }],
    });
    // the repeated identical row is refused, and says the first one stands
    expect((await rejections(ts, p.batchId))[0]!.issues[0]!.reason).toBe(
      '与第 2 行重复（内容完全相同），按第 2 行导入',
    );

    const result = await ts.call('ledgers.commit', { batchId: p.batchId, choices: { contact: 'keep' } });
    expect(result).toMatchObject({ created: 1, updated: 1 });
    const after = await ts.call('residents.get', { id: created.id });
    expect(after.phone).toBe('13800001111');
    expect(after.address).toBe('凯旋路 1 号');
    expect(after.unemployment).toMatchObject({ status: 'employed', since: '2024-01-01' });
    const history = await ts.call('residents.history', { id: created.id });
    expect(history.items[0]).toMatchObject({ op: 'update', source: '导入：update.xlsx' });
  });

  it('refuses a mapping without a required field and a field given to two columns', async () => {
    const file = await xlsx([
      ['姓名', '证件', '电话'],
      ['张三', idFor(1), '13800001111'],
    ]);
    const { upload } = await import('./helpers');
    const batchId = await upload(ts, 'residents', 'x.xlsx', file);
    const inspect = await ts.call('ledgers.inspect', { batchId });
    expect(inspect.columns.map((c) => c.field)).toEqual(['name', null, 'phone']);
    await expect(
      ts.call('ledgers.preview', {
        batchId,
        mapping: inspect.columns.map((c) => ({ index: c.index, field: c.field })),
      }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: '请为必填项“身份证号码”选择对应的列' });
    await expect(
      ts.call('ledgers.preview', {
        batchId,
        mapping: [
          { index: 0, field: 'name' },
          { index: 1, field: 'idNumber' },
          { index: 2, field: 'name' },
        ],
      }),
    ).rejects.toMatchObject({ message: '“姓名”同时对应了第 A 列和第 C 列，请只选一列' });
    // a mapping chosen by hand is remembered for the next file with that header
    await ts.call('ledgers.preview', {
      batchId,
      mapping: [
        { index: 0, field: 'name' },
        { index: 1, field: 'idNumber' },
        { index: 2, field: 'phone' },
      ],
    });
    const again = await importFile(ts, 'residents', 'y.xlsx', file);
    expect(again.inspect.columns[1]).toMatchObject({ field: 'idNumber', source: 'remembered' });
    expect(again.result.created).toBe(1);
  });
});
