// The vacancies grid exported as it stands: the rows vacancies.list answers for the grid's filter (status,
// one employer, a search word), every page of them, in the columns the grid shows and in their order;
// wages written as people write them (面议, 3000以上, 4000-6000).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { creditCodeFor } from './helpers';

let ts: TestStation;
beforeAll(async () => {
  ts = await newStation();
});
afterAll(async () => {
  await ts.close();
});

async function sheetOf(base64: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as never);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))),
  );
  return rows;
}

describe('vacancies grid export', () => {
  it('exports every vacancy the grid lists for its filter, in its columns and order', async () => {
    const wuye = await ts.call('employers.create', { creditCode: creditCodeFor(1), name: '景昙物业' });
    const chaoshi = await ts.call('employers.create', { creditCode: creditCodeFor(2), name: '凯旋超市' });
    const job = (employerId: string, title: string, extra: Record<string, unknown> = {}) =>
      ts.call('vacancies.create', {
        employerId,
        title,
        positions: 2,
        validFrom: '2026-01-01',
        validTo: '2099-12-31',
        ...extra,
      } as never);
    // 520 open posts at the property company: more than one page of the list
    for (let i = 0; i < 520; i++)
      await job(wuye.id, `保洁员${String(i).padStart(3, '0')}`, { wageMin: 3000, wageMax: 4000 + i });
    await job(wuye.id, '保安', { wageMin: 3000 });
    const closed = await job(wuye.id, '电工');
    await ts.call('vacancies.update', { id: closed.id, status: 'closed' } as never);
    await job(chaoshi.id, '收银员');

    const query = { employerId: wuye.id, status: 'open' as const, includeExpired: true };
    const file = await ts.call('ledgers.exportGrid', {
      grid: 'vacancies',
      query,
      columns: ['wage', 'title', 'status'],
    });
    const rows = await sheetOf(file.base64);
    expect(rows[0]).toEqual(['工资待遇', '岗位名称', '岗位状态']);

    const listed = [];
    for (let offset = 0; ; offset += 100) {
      const page = await ts.call('vacancies.list', { ...query, offset, limit: 100 });
      listed.push(...page.items);
      if (offset + 100 >= page.total) break;
    }
    expect(listed).toHaveLength(521);
    expect(file.rows).toBe(521);
    expect(rows.slice(1).map((r) => r[1])).toEqual(listed.map((v) => v.title));
    expect(rows.find((r) => r[1] === '保安')).toEqual(['3000以上', '保安', '招聘中']);
    expect(rows.find((r) => r[1] === '保洁员007')).toEqual(['3000-4007', '保洁员007', '招聘中']);
    expect(rows.some((r) => r[1] === '电工' || r[1] === '收银员')).toBe(false);

    const all = await sheetOf(
      (
        await ts.call('ledgers.exportGrid', {
          grid: 'vacancies',
          query: { query: '电工', includeExpired: true },
          columns: ['employerName', 'title', 'wage', 'status'],
        })
      ).base64,
    );
    expect(all).toEqual([
      ['单位名称', '岗位名称', '工资待遇', '岗位状态'],
      ['景昙物业', '电工', '面议', '已关闭'],
    ]);
  });
});
