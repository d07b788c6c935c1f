// 推荐就业台账: every recommendation of the community with how it ended, as xlsx (title, community, date
// above a header repeated on each printed page) and as the print page's rows; ID numbers masked unless
// revealed, and a revealed one logged. Real station, real recommendations through the contract.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStation } from '../factories/station';
import { Clock, loginAgain, makeResident, rng, stationAt } from '../cards/helpers';
import { newEmployer } from '../matching/helpers';

let clock: Clock;
let s: TestStation;
let call: TestStation['call'];
beforeAll(async () => {
  clock = new Clock();
  s = await stationAt(clock);
  call = s.call;
});
afterAll(() => s.close());

async function sheetOf(base64: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as never);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))),
  );
  return rows;
}

describe('推荐就业台账', () => {
  it('lists every recommendation with its dates and result, masked unless revealed (logged)', async () => {
    const e = await newEmployer(s);
    const v = await call('vacancies.create', {
      employerId: e.id,
      title: '家政服务员',
      positions: 2,
      validFrom: '2026-03-01',
      validTo: '2026-12-31',
    });
    const hired = await makeResident(s, rng(1), { birthDate: '1975-05-20' });
    const declined = await makeResident(s, rng(2), { birthDate: '1988-09-09' });
    const a = await call('recommendations.create', {
      residentId: hired.id,
      vacancyId: v.id,
      note: '本人同意',
    });
    const b = await call('recommendations.create', { residentId: declined.id, vacancyId: v.id });
    clock.set('2026-03-18');
    call = await loginAgain(s);
    await call('recommendations.update', { id: a.id, status: 'interviewed' });
    await call('recommendations.update', { id: b.id, status: 'declined', reason: '路程太远' });
    clock.set('2026-03-20');
    call = await loginAgain(s);
    await call('recommendations.update', { id: a.id, status: 'hired' });

    const idOf = async (id: string) => (await call('residents.get', { id, reveal: true })).idNumber;
    const [hiredId, declinedId] = [await idOf(hired.id), await idOf(declined.id)];
    const file = await call('ledgers.standardFile', { ledger: 'recommendations' });
    expect(file.rows).toBe(2);
    const rows = await sheetOf(file.base64);
    expect(rows[0]![0]).toBe('推荐就业台账');
    expect(rows[1]![0]).toMatch(
      /^社区：凯旋街道 景昙社区　　制表日期：2026年3月20日　　（身份证号码、收入已隐去）$/,
    );
    expect(rows[2]).toEqual([
      '序号',
      '姓名',
      '性别',
      '身份证号码',
      '推荐岗位',
      '用人单位',
      '推荐日期',
      '面试日期',
      '录用日期',
      '推荐结果',
      '结束日期',
      '原因',
      '推荐人',
      '备注',
    ]);
    const byName = new Map(rows.slice(3).map((r) => [r[1], r]));
    const h = byName.get(hired.name)!;
    expect(h[3]).toBe(`${hiredId.slice(0, 6)}********${hiredId.slice(14)}`);
    expect(h.slice(4, 10)).toEqual([
      '家政服务员',
      '杭州安居物业管理有限公司',
      '2026-03-15',
      '2026-03-18',
      '2026-03-20',
      '已录用',
    ]);
    expect(h[13]).toBe('本人同意');
    const d = byName.get(declined.name)!;
    expect([d[9], d[10], d[11]]).toEqual(['本人放弃', '2026-03-18', '路程太远']);

    const data = await call('ledgers.standardData', { ledger: 'recommendations', reveal: true });
    expect(data.title).toBe('推荐就业台账');
    expect(data.masked).toBe(false);
    expect(data.rows.map((r) => r[3]).sort()).toEqual([hiredId, declinedId].sort());
    const log = await s.station.db
      .selectFrom('access_log')
      .select('row_id')
      .where('what', '=', 'reveal_export')
      .execute();
    expect(log.map((l) => l.row_id)).toEqual(['print:recommendations:2']);
  });
});
