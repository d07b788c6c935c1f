// The committed fixtures (tests/ledgers/fixtures, written by make.ts): ledgers as communities keep them,
// every ugliness at once, read from their bytes on disk. Each is previewed and imported into a real station
// and what it holds is checked value by value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { importFile, rejections } from './helpers';

let ts: TestStation;
beforeAll(async () => {
  ts = await newStation();
});
afterAll(async () => {
  await ts.close();
});

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));

async function person(name: string) {
  const found = await ts.call('residents.search', { query: name });
  expect(found.items.filter((r) => r.name === name)).toHaveLength(1);
  return ts.call('residents.get', { id: found.items.find((r) => r.name === name)!.id, reveal: true });
}

describe('committed ledgers', () => {
  it('景昙社区 survey sheet: hidden sheets, merged title and two-level header, formulas, dates, full-width IDs, a row entered twice', async () => {
    const r = await importFile(
      ts,
      'residents',
      '景昙社区六清台账-2025走访.xlsx',
      fixture('景昙社区六清台账-2025走访.xlsx'),
    );
    expect(r.inspect.sheets).toEqual([
      { name: '2024年', hidden: true },
      { name: '字典', hidden: true },
      { name: '六清台账', hidden: false },
    ]);
    expect(r.inspect.sheet).toBe('六清台账');
    expect(r.inspect.headerRows).toEqual([3, 4]);
    expect(r.inspect.columns.map((c) => c.field)).toEqual([
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
      'note',
    ]);
    // the samples that help the mapping never show an ID number, full-width ones included
    expect(r.inspect.columns[2]!.samples).toEqual([
      '330104********5014',
      '３３０１０４********５０２Ｘ',
      '330104********5036',
    ]);
    expect(r.preview.counts).toEqual({
      total: 6,
      created: 4,
      updated: 0,
      unchanged: 0,
      rejected: 2,
      skipped: 1,
      flagged: 0,
    });
    expect(
      (await rejections(ts, r.batchId)).map((x) => [x.row, x.issues[0]!.column, x.issues[0]!.reason]),
    ).toEqual([
      [8, 'C', '与第 7 行重复（内容完全相同），按第 7 行导入'],
      [9, 'C', '身份证号校验位错误：最后一位应为 9，实际为 1（请核对前 17 位是否有输错）'],
    ]);
    expect(r.result).toEqual({ created: 4, updated: 0, kept: 0, unchanged: 0, rejected: 2 });

    // a date cell with a Chinese date format, income with a unit and a thousands separator
    expect(await person('陈一')).toMatchObject({
      idNumber: '330104197803155014',
      hukouType: 'local_urban',
      unemployment: { status: 'unemployed', since: '2025-01-01' },
      skills: { items: [{ name: '电工', level: '中级' }] },
      training: { wants: true, courses: ['育婴师'] },
      income: { householdSize: 3, monthlyIncome: 3500 },
    });
    // full-width digits and X; a landline; 无 as an empty section confirmed
    expect(await person('林二')).toMatchObject({
      idNumber: '33010419850701502X',
      phone: '0571-86001234',
      unemployment: { status: 'flexible' },
      skills: { items: [] },
      training: { wants: false, courses: [] },
      note: '全角身份证号',
    });
    // a date written 2025.6.1; two skills in one cell
    expect(await person('黄三')).toMatchObject({
      unemployment: { status: 'unemployed', since: '2025-06-01' },
      skills: { items: [{ name: '焊工' }, { name: '叉车' }] },
    });
    // 6千 as people write it
    expect((await person('吴五')).income).toMatchObject({ householdSize: 4, monthlyIncome: 6000 });
    expect((await ts.call('residents.search', { query: '去年的人' })).items).toEqual([]);
  });

  it('采荷社区 card roll saved as CSV: GBK, a title line, quoted commas and line breaks, ="…" ID numbers', async () => {
    const r = await importFile(
      ts,
      'residents',
      '采荷社区援助对象花名册.csv',
      fixture('采荷社区援助对象花名册.csv'),
    );
    expect(r.inspect).toMatchObject({ format: 'csv', encoding: 'gb18030', headerRows: [2] });
    expect(r.preview.counts).toMatchObject({ total: 4, created: 3, rejected: 1 });
    expect((await rejections(ts, r.batchId)).map((x) => [x.row, x.issues[0]!.reason])).toEqual([
      [6, '身份证号中的出生日期 1991-04-31 不存在，请核对第 7–14 位'],
    ]);
    expect(await person('郑六')).toMatchObject({
      idNumber: '330104197205056016',
      address: '采荷路 12 号, 2 幢 301',
      phone: '13905710006',
      skills: { items: [{ name: '保洁' }, { name: '家政服务员', level: '初级' }] },
    });
    expect((await person('冯八')).phone).toBe('13905710008');
  });

  it('business register extract: its own headers, statuses in words, a lowercase code with spaces around it', async () => {
    const r = await importFile(ts, 'register', '工商登记信息导出.xlsx', fixture('工商登记信息导出.xlsx'));
    expect(r.preview.counts).toMatchObject({ total: 4, created: 4, rejected: 0, flagged: 2 });
    const created = await ts.call('ledgers.previewRows', { batchId: r.batchId, action: 'create' });
    expect(created.items.map((x) => [x.key, x.name, x.flag])).toEqual([
      ['91330104MA2H007019', '杭州景昙物业管理有限公司', null],
      ['91330104MA2H00702C', '凯旋小吃店', 'deregistered'],
      ['91330104MA2H00703F', '杭州某某网络科技有限公司', 'deregistered'],
      ['91330104MA2H00704J', '景昙便利店', null],
    ]);
    const { items } = await ts.call('employers.list', { offset: 0, limit: 10 } as never);
    expect(items.map((e) => [e.creditCode, e.industry, e.contacts])).toEqual([
      ['91330104MA2H007019', 'K7020', [{ name: '赵甲', role: '法定代表人' }]],
      ['91330104MA2H00702C', 'H6210', [{ name: '钱乙', role: '法定代表人' }]],
      ['91330104MA2H00703F', 'I6510', [{ name: '孙丙', role: '法定代表人' }]],
      ['91330104MA2H00704J', 'F5212', [{ name: '李丁', role: '法定代表人' }]],
    ]);
  });
});
