// 走访 and 用工合作协议 on a real station: a visit records the vacancies collected during it, an agreement
// counts the hires made through recommendations within its period; bad input refused in Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStation } from '../factories/station';
import { Clock, makeResident, rng, stationAt } from '../cards/helpers';
import { newEmployer } from './helpers';

const clock = new Clock(); // 2026-03-15
let s: TestStation;
beforeAll(async () => {
  s = await stationAt(clock);
});
afterAll(() => s.close());

describe('visits and agreements', () => {
  it('a visit with the vacancies it collected; an agreement with its hires so far', async () => {
    const e = await newEmployer(s, '杭州四季青服装有限公司');
    const other = await newEmployer(s, '杭州另一家公司');
    const v = await s.call('vacancies.create', {
      employerId: e.id,
      title: '缝纫工',
      positions: 3,
      validFrom: '2026-03-01',
      validTo: '2026-09-30',
    });
    const foreignToEmployer = await s.call('vacancies.create', {
      employerId: other.id,
      title: '文员',
      positions: 1,
      validFrom: '2026-03-01',
      validTo: '2026-09-30',
    });
    const visit = await s.call('visits.create', {
      employerId: e.id,
      date: '2026-03-14',
      visitors: '王管理、李协理员',
      notes: '春季用工需求旺盛',
      vacancyIds: [v.id],
    });
    expect(visit).toMatchObject({
      employerName: '杭州四季青服装有限公司',
      vacancies: [{ id: v.id, title: '缝纫工' }],
    });
    expect((await s.call('visits.list', { employerId: e.id })).items.map((x) => x.id)).toEqual([visit.id]);
    await expect(
      s.call('visits.create', { employerId: e.id, date: '2026-03-16', visitors: '王管理' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: '走访日期不能晚于今天' });
    await expect(
      s.call('visits.create', {
        employerId: e.id,
        date: '2026-03-14',
        visitors: '王管理',
        vacancyIds: [foreignToEmployer.id],
      }),
    ).rejects.toMatchObject({ message: '登记的岗位须是这家用人单位在本社区的岗位' });
    await expect(
      s.call('visits.create', { employerId: e.id, date: '2026-03-14', visitors: ' ' }),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ message: '请填写走访人' })] });

    await expect(
      s.call('agreements.create', {
        employerId: e.id,
        startsOn: '2026-06-01',
        endsOn: '2026-01-01',
        committedHires: 5,
      }),
    ).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: 'endsOn', message: '协议结束日期不能早于开始日期' })],
    });
    const a = await s.call('agreements.create', {
      employerId: e.id,
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      committedHires: 5,
    });
    expect(a).toMatchObject({ hiresSoFar: 0, current: true, committedHires: 5 });
    const p = await makeResident(s, rng(31));
    const { id } = await s.call('recommendations.create', { residentId: p.id, vacancyId: v.id });
    await s.call('recommendations.update', { id, status: 'interviewed' });
    await s.call('recommendations.update', { id, status: 'hired' });
    expect((await s.call('agreements.list', { employerId: e.id })).items[0]).toMatchObject({ hiresSoFar: 1 });
  });
});
