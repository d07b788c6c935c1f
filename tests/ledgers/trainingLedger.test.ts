// 培训台账: every enrolment of the community's residents — course, kind, provider, occupation, dates, hours,
// status, completion, certificate, and whether a hire followed within six months — as xlsx (title,
// community, date above a header repeated on each printed page) and as the print page's rows; ID numbers
// masked unless revealed, and a revealed one logged. Real station, the hand-counted training scenario
// (tests/training/helpers.ts) through the contract.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { desk, movableClock, runScenario, type Scenario } from '../training/helpers';

let station: TestStation;
let s: TestStation;
let sc: Scenario;
beforeAll(async () => {
  const clock = movableClock('2026-01-20');
  station = await newStation({ now: clock.now });
  s = { ...station, ...desk(station) };
  sc = await runScenario(s, clock);
});
afterAll(() => station.close());

async function sheetOf(base64: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as never);
  const ws = wb.worksheets[0]!;
  expect(ws.pageSetup.orientation).toBe('landscape');
  const rows: string[][] = [];
  ws.eachRow((row) =>
    rows.push(Array.from((row.values as unknown[]).slice(1), (v) => (v == null ? '' : String(v)))),
  );
  // exceljs leaves empty cells out of a row (holes, short rows): pad each to the header's width
  return rows.map((r) => (r.length >= 3 ? [...r, ...Array<string>(Math.max(0, 17 - r.length)).fill('')] : r));
}

const HEADER = [
  '序号',
  '姓名',
  '身份证号码',
  '培训课程',
  '培训类型',
  '培训机构',
  '培训职业',
  '培训起止日期',
  '学时',
  '已参训学时',
  '培训状态',
  '结业日期',
  '证书类别',
  '证书等级',
  '证书编号',
  '六个月内就业',
  '就业日期',
];

describe('培训台账', () => {
  it('lists every enrolment with its certificate and the hire within six months, masked', async () => {
    const file = await s.call('ledgers.standardFile', { ledger: 'training' });
    expect(file.rows).toBe(6);
    expect(file.fileName).toMatch(/^培训台账/);
    const rows = await sheetOf(file.base64);
    expect(rows[0]![0]).toBe('培训台账');
    expect(rows[1]![0]).toMatch(
      /^社区：凯旋街道 景昙社区　　制表日期：2026年10月15日　　（身份证号码、收入已隐去）$/,
    );
    expect(rows[2]).toEqual(HEADER);
    const body = rows.slice(3);
    expect(body.map((r) => r[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    // the 养老护理员 course starts first, so its five people come before the 保安员 one
    expect(body[5]![1]).toBe('吴六强');
    const byName = new Map(body.map((r) => [r[1], r]));
    const [p1, p2, p3, p4, p5, p6] = sc.people.map((p) => byName.get(p.name)!);

    const id = (await s.call('residents.get', { id: sc.people[0]!.id, reveal: true })).idNumber;
    expect(p1![2]).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
    const occupation = await station.station.db
      .selectFrom('ref_occupations')
      .select('name')
      .where('code', '=', '4-10-01-05')
      .executeTakeFirstOrThrow();
    expect(p1!.slice(3, 17)).toEqual([
      '养老护理员（订单班）',
      '订单式培训',
      '杭州市职业技能培训中心',
      occupation.name,
      '2026-03-02至2026-03-31',
      '120',
      '0',
      '已结业',
      '2026-03-31',
      '职业技能等级证书',
      '五级/初级工',
      'S20260331001',
      '是',
      '2026-05-10',
    ]);
    // hired on the last day of the six months: counts; one day late or before the course: does not
    expect([p2![15], p2![16]]).toEqual(['是', '2026-09-30']);
    expect([p3![15], p3![16]]).toEqual(['否', '']);
    expect([p4![15], p4![16]]).toEqual(['否', '']);
    // still in training: no completion, no certificate, no employment answer yet
    expect([p5![10], p5![11], p5![14], p5![15]]).toEqual(['在训', '', '', '']);
    expect([p6![3], p6![4], p6![10], p6![11], p6![12], p6![15], p6![16]]).toEqual([
      '保安员定向班',
      '定向培训',
      '已结业',
      '2026-04-10',
      '',
      '是',
      '2026-04-20',
    ]);
    // the same figures as the training employment rate: 3 of 5 completions employed
    const rate = await s.call('training.rate', { from: '2026-01-01', to: '2026-12-31' });
    expect(body.filter((r) => r[15] === '是').length).toBe(rate.employed);
    expect(body.filter((r) => r[15] !== '').length).toBe(rate.completed);
  });

  it('gives the print page the same rows, revealed only on request and then logged', async () => {
    const masked = await s.call('ledgers.standardData', { ledger: 'training' });
    expect(masked.title).toBe('培训台账');
    expect(masked.masked).toBe(true);
    // the print keeps what fits across A4 landscape: the certificate and the hire each in one cell
    expect(masked.columns.map((c) => c.header)).toEqual([
      ...HEADER.slice(0, 9),
      ...HEADER.slice(10, 12),
      '证书',
      '六个月内就业',
    ]);
    expect(masked.rows).toHaveLength(6);
    const first = masked.rows.find((r) => r[1] === sc.people[0]!.name)!;
    expect(first.slice(11)).toEqual(['职业技能等级证书 五级/初级工 S20260331001', '是（2026-05-10）']);
    const late = masked.rows.find((r) => r[1] === sc.people[2]!.name)!;
    expect(late[12]).toBe('否');
    const ids = await Promise.all(
      sc.people.map(async (p) => (await s.call('residents.get', { id: p.id, reveal: true })).idNumber),
    );
    for (const r of masked.rows) expect(ids).not.toContain(r[2]);

    const data = await s.call('ledgers.standardData', { ledger: 'training', reveal: true });
    expect(data.masked).toBe(false);
    expect(data.rows.map((r) => r[2]).sort()).toEqual([...ids].sort());
    const log = await station.station.db
      .selectFrom('access_log')
      .select('row_id')
      .where('what', '=', 'reveal_export')
      .execute();
    expect(log.map((l) => l.row_id)).toEqual(['print:training:6']);
  });

  it('leaves out enrolments of other communities', async () => {
    const before = (await s.call('ledgers.standardData', { ledger: 'training' })).rows.length;
    await station.station.db
      .updateTable('training_enrolments')
      .set({ community_code: '330104999999' })
      .where('resident_id', '=', sc.people[4]!.id)
      .execute();
    const after = await s.call('ledgers.standardData', { ledger: 'training' });
    expect(after.rows).toHaveLength(before - 1);
    expect(after.rows.map((r) => r[1])).not.toContain(sc.people[4]!.name);
  });
});
