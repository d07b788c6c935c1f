// Ledgers out: a grid exported with its filter, sort and columns holds exactly the rows the grid's list
// answers; the 六清台账 exported with full ID numbers imports into another station as the same residents
// (the round trip); a masked export is refused by the import; the card and zero-employment ledgers; and
// every export with full ID numbers is logged.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import type { Resident } from '../../shared/domain/resident';
import { idFor, importFile, previewFile } from './helpers';

let a: TestStation;
let b: TestStation;

async function sheetOf(base64: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as never);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

const PEOPLE: Array<Record<string, unknown>> = [
  {
    name: '张三',
    idNumber: idFor(1, '1975-06-01'),
    phone: '13800001111',
    hukouType: 'local_rural',
    address: '凯旋路 1 号，3 幢',
    householdRelation: '户主',
    landlessFarmer: true,
    disability: { level: 3 },
    subsistence: 'dibao',
    veteran: true,
    note: '走访时不在家',
    unemployment: {
      status: 'unemployed',
      since: '2024-05-01',
      registered: true,
      reason: '企业关停',
      confirmedAt: '2026-01-05',
    },
    skills: { items: [{ name: '电工', level: '中级' }, { name: '焊工' }], confirmedAt: '2026-01-05' },
    training: { wants: true, courses: ['育婴师', '电工'], confirmedAt: '2026-01-06' },
    preferences: {
      occupations: ['保安', '保洁'],
      industries: ['物业'],
      area: '江干区',
      hours: 'full_time',
      expectedWage: 4500,
      confirmedAt: '2026-01-05',
    },
    income: { householdSize: 3, monthlyIncome: 2600.5, subsistence: 'dibao', confirmedAt: '2026-01-05' },
    outcome: { result: 'not_yet', reasonNotYet: '正在培训', confirmedAt: '2026-01-07' },
  },
  {
    name: '李四',
    idNumber: idFor(2, '1988-11-30'),
    singleParent: true,
    graduateYear: 2010,
    unemployment: { status: 'employed', confirmedAt: '2025-12-01' },
    skills: { items: [], confirmedAt: '2025-12-01' },
    training: { wants: false, courses: [], confirmedAt: '2025-12-01' },
    outcome: {
      result: 'placed',
      employer: '景昙物业',
      date: '2025-10-08',
      channel: '推荐',
      confirmedAt: '2025-12-01',
    },
  },
  { name: '王五', idNumber: idFor(3, '1969-02-28'), releasedOrRehab: true, hukouType: 'nonlocal_urban' },
];

beforeAll(async () => {
  a = await newStation();
  b = await newStation();
  for (const p of PEOPLE) await a.call('residents.create', p as never);
});
afterAll(async () => {
  await a.close();
  await b.close();
});

const comparable = (r: Resident) => {
  const { id: _i, createdAt: _c, updatedAt: _u, ...rest } = r;
  return rest;
};

describe('六清台账 round trip', () => {
  it('exports with full ID numbers (logged) and imports into another station as the same residents', async () => {
    const file = await a.call('ledgers.standardFile', { ledger: 'sixClears', reveal: true });
    expect(file.fileName).toMatch(/^六清台账-\d{8}\.xlsx$/);
    expect(file.rows).toBe(3);
    const rows = await sheetOf(file.base64);
    expect(rows[0]![0]).toBe('六清台账');
    expect(rows[1]![0]).toMatch(/^社区：凯旋街道 景昙社区　　制表日期：\d{4}年\d{1,2}月\d{1,2}日$/);
    expect(rows[2]!.slice(0, 4)).toEqual(['序号', '姓名', '身份证号码', '性别']);
    // ID numbers stay text in Excel: the written cells, and the column for cells typed in later
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(4).getCell(3).numFmt).toBe('@');
    expect(ws.getColumn(3).numFmt).toBe('@');
    expect(ws.getRow(4).getCell(2).numFmt).toBe('@');
    const log = await a.station.db
      .selectFrom('access_log')
      .selectAll()
      .where('what', '=', 'reveal_export')
      .execute();
    expect(log.map((l) => l.row_id)).toEqual(['standard:sixClears:3']);

    const imported = await importFile(b, 'residents', file.fileName, Buffer.from(file.base64, 'base64'));
    expect(imported.inspect.headerRows).toEqual([3]);
    expect(imported.inspect.columns.filter((c) => c.field === null).map((c) => c.header)).toEqual([
      '六清状态',
    ]);
    expect(imported.result).toMatchObject({ created: 3, rejected: 0 });
    for (const p of PEOPLE) {
      const id = p.idNumber as string;
      const ra = (await a.call('residents.findByIdNumber', { idNumber: id })).resident!;
      const rb = (await b.call('residents.findByIdNumber', { idNumber: id })).resident!;
      expect(comparable(await b.call('residents.get', { id: rb.id, reveal: true }))).toEqual(
        comparable(await a.call('residents.get', { id: ra.id, reveal: true })),
      );
    }
    // imported again: every row unchanged
    const again = await previewFile(b, 'residents', 'again.xlsx', Buffer.from(file.base64, 'base64'));
    expect(again.preview.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('masks ID numbers and income unless revealed, and the import refuses a masked ledger', async () => {
    const file = await a.call('ledgers.standardFile', { ledger: 'sixClears', reveal: false });
    const rows = await sheetOf(file.base64);
    const zhang = rows.find((r) => r[1] === '张三')!;
    expect(zhang[2]).toBe(`${idFor(1, '1975-06-01').slice(0, 6)}********${idFor(1, '1975-06-01').slice(14)}`);
    expect(zhang).toContain('****');
    expect(zhang).not.toContain('2600.5');
    const c = await newStation();
    try {
      const p = await previewFile(c, 'residents', 'masked.xlsx', Buffer.from(file.base64, 'base64'));
      expect(p.preview.counts).toMatchObject({ created: 0, rejected: 3 });
    } finally {
      await c.close();
    }
  });
});

describe('grid exports', () => {
  it('exports every row the residents grid answers for its filter and sort, in its columns', async () => {
    // 65 named 赵…, 65 named 钱…
    for (let i = 0; i < 130; i++)
      await a.call('residents.create', {
        name: `${i % 2 ? '赵' : '钱'}${String.fromCharCode(0x4e00 + i)}`,
        idNumber: idFor(100 + i, '1990-01-01'),
      });
    const query = { filter: { name: '赵' }, sort: [{ field: 'name' as const, dir: 'desc' as const }] };
    const file = await a.call('ledgers.exportGrid', {
      grid: 'residents',
      query,
      columns: ['name', 'idNumber', 'sex', 'sixClears'],
    });
    const rows = await sheetOf(file.base64);
    expect(rows[0]).toEqual(['姓名', '身份证号码', '性别', '六清']);
    const listed = [];
    for (let offset = 0; ; offset += 50) {
      const page = await a.call('residents.list', { ...query, offset, limit: 50 });
      listed.push(...page.items);
      if (offset + 50 >= page.total) break;
    }
    expect(listed).toHaveLength(65);
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.map((r) => r.name));
    expect(rows.slice(1).map((r) => r[1])).toEqual(listed.map((r) => r.idNumber));
    expect(rows[1]![3]).toBe('缺：失业、技能、培训、意向、收入、结果');
    expect(file.rows).toBe(65);
  });

  it('exports employers, households and cards grids, and the card and zero-employment ledgers', async () => {
    const e = await a.call('employers.create', { creditCode: '91330104MA2H00011J', name: '景昙物业' });
    expect(e.name).toBe('景昙物业');
    const employers = await sheetOf(
      (
        await a.call('ledgers.exportGrid', {
          grid: 'employers',
          query: {},
          columns: ['name', 'creditCode', 'nope'],
        })
      ).base64,
    );
    expect(employers).toEqual([
      ['单位名称', '统一社会信用代码'],
      ['景昙物业', '91330104MA2H00011J'],
    ]);
    const zhang = (await a.call('residents.findByIdNumber', { idNumber: idFor(1, '1975-06-01') })).resident!;
    const h = await a.call('households.create', {
      address: '凯旋路 1 号',
      headName: '张三',
      monthlyIncome: 2600,
      subsistence: 'dibao',
    });
    await a.call('households.setMember', { householdId: h.id, residentId: zhang.id, relation: '户主' });
    const suggested = (await a.call('cards.suggest', { residentId: zhang.id })).suggestions.map(
      (s) => s.code,
    );
    const card = await a.call('cards.issue', { residentId: zhang.id, categories: suggested });

    const households = await sheetOf(
      (
        await a.call('ledgers.exportGrid', {
          grid: 'households',
          query: {},
          columns: ['headName', 'monthlyIncome', 'zeroEmployment'],
        })
      ).base64,
    );
    expect(households).toEqual([
      ['户主', '家庭月收入', '零就业家庭'],
      ['张三', '****', '是'],
    ]);
    const cards = await a.call('ledgers.exportGrid', {
      grid: 'cards',
      query: {},
      columns: ['cardNumber', 'holder', 'idNumber'],
      reveal: true,
    });
    expect((await sheetOf(cards.base64))[1]).toEqual([card.cardNumber, '张三', idFor(1, '1975-06-01')]);

    const cardLedger = await sheetOf((await a.call('ledgers.standardFile', { ledger: 'cards' })).base64);
    expect(cardLedger[0]![0]).toBe('就业援助卡发放台账');
    expect(cardLedger[2]).toEqual([
      '序号',
      '卡号',
      '姓名',
      '性别',
      '身份证号码',
      '援助对象类别',
      '发放日期',
      '发放人',
      '状态',
      '联系援助员',
    ]);
    expect(cardLedger[3]!.slice(0, 3)).toEqual(['1', card.cardNumber, '张三']);
    const zero = await sheetOf((await a.call('ledgers.standardFile', { ledger: 'zeroEmployment' })).base64);
    expect(zero[0]![0]).toBe('零就业家庭台账');
    expect(zero[3]!.slice(0, 5)).toEqual([
      '1',
      '张三',
      '凯旋路 1 号',
      '1',
      `张三（${ageOf('1975-06-01')}岁）`,
    ]);
    expect(zero[3]![5]).toBe('****');
  });
});

function ageOf(birth: string): number {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  let age = +today.slice(0, 4) - +birth.slice(0, 4);
  if (today.slice(5) < birth.slice(5)) age--;
  return age;
}
