// Issue 15 at the district: a resident who left the book stops counting of working age from the date they
// left, at the station and at the district alike. One station and a real district server (SQLite and
// PostgreSQL): two people of working age, one marked retired last month; the community's figures for this
// month are the same at the desk and in the district's report, and the retired person is in neither's
// working-age list. Before server migration 0017 the district still counted them.
import { describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import { periodOf } from '../../shared/reports/figures';
import { figureList } from '../../nodelib/reports/compute';
import { districtReport, districtSource, loadCategories } from '../../server/reports/service';
import { COMMUNITY_A, enrolledStation, peopleFrom, startDistrict } from '../sync/harness';

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: who left the book, at the district', (_store, pg) => {
  it('is counted of working age neither at the desk nor at the district, from the date they left', async () => {
    const d = await startDistrict({ pg });
    const s = await enrolledStation(d, COMMUNITY_A);
    try {
      const people = peopleFrom(2601);
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        // of working age for certain: born 30 years ago
        let p = people();
        while (Number(todayInChina().slice(0, 4)) - Number(p.idNumber.slice(6, 10)) > 45) p = people();
        ids.push((await s.call('residents.create', { name: p.name, idNumber: p.idNumber })).id);
      }
      const month = todayInChina().slice(0, 7);
      const period = { kind: 'month' as const, value: month };
      await s.sync();
      const before = (await s.call('reports.community', { period })).figures;

      await s.call('residents.setLifecycle', {
        id: ids[0]!,
        lifecycle: { state: 'retired', date: addDays(todayInChina(), -40), reason: '办理退休手续' },
      });
      expect(await s.sync()).toMatchObject({ rejected: 0 });

      const desk = (await s.call('reports.community', { period })).figures;
      expect(desk.workingAge).toBe(before.workingAge - 1);
      const district = await districtReport(d.server.db, periodOf('month', month), null);
      const row = district.streets.flatMap((st) => st.children).find((c) => c.code === COMMUNITY_A)!;
      expect(row.figures).toEqual(desk);

      const list = await figureList(
        districtSource(d.server.db),
        {
          scope: [COMMUNITY_A],
          period: periodOf('month', month),
          categories: await loadCategories(d.server.db),
        },
        'workingAge',
        { offset: 0, limit: 50 },
      );
      expect(list.total).toBe(desk.workingAge);
      expect(list.items.map((i) => i.id)).not.toContain(ids[0]);
      expect(list.items.map((i) => i.id)).toContain(ids[1]);
    } finally {
      await s.close();
      await d.close();
    }
  }, 120_000);
});
