// Two PCs of one community, offline, both recommend the same person to the same vacancy and both record the
// hire; then both sync with a real district server (SQLite and PostgreSQL). The district keeps ONE
// recommendation (its id is made from the person and the vacancy: the registry's `same-row` rule) and
// counts ONE hire on the vacancy; both PCs end equal to the district.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  COMMUNITY_A,
  enrolledStation,
  rowDiff,
  serverRows,
  startDistrict,
  stationRows,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { creditCode, idNumberFor } from './helpers';

const ENTITIES = ['residents', 'vacancies', 'recommendations', 'employers'] as const;

describe.each([false, true])('two offline PCs, district on PostgreSQL: %s', (pg) => {
  let d: District;
  let a1: SyncedStation;
  let a2: SyncedStation;
  beforeEach(async () => {
    d = await startDistrict({ pg });
    a1 = await enrolledStation(d, COMMUNITY_A);
    a2 = await enrolledStation(d, COMMUNITY_A);
  });
  afterEach(async () => {
    await a1?.close();
    await a2?.close();
    await d?.close();
  });

  it('both recommend the same person to the same vacancy and both record the hire: one row, one hire', async () => {
    const e = await a1.call('employers.create', {
      creditCode: creditCode(),
      name: '杭州九堡物流有限公司',
      contacts: [{ name: '钱主管', phone: '13900001111' }],
    });
    const v = await a1.call('vacancies.create', {
      employerId: e.id,
      title: '仓库理货员',
      occupationCode: '4-02-06',
      positions: 2,
      validFrom: '2026-01-01',
      validTo: '2027-12-31',
    });
    const p = await a1.call('residents.create', { name: '孙丽', idNumber: idNumberFor('19800315', 21) });
    await a1.sync();
    await a2.sync();

    // offline, each PC: recommend, interview, hire
    const ids: string[] = [];
    for (const s of [a1, a2]) {
      const { id } = await s.call('recommendations.create', { residentId: p.id, vacancyId: v.id });
      ids.push(id);
      await s.call('recommendations.update', { id, status: 'interviewed' });
      await s.call('recommendations.update', { id, status: 'hired' });
      expect(await s.call('vacancies.get', { id: v.id })).toMatchObject({ hired: 1, openPositions: 1 });
    }
    expect(ids[0]).toBe(ids[1]);

    await a1.sync();
    await a2.sync();
    await a1.sync();
    const district = await serverRows(a1, ENTITIES);
    const recs = [...district.keys()].filter((k) => k.startsWith('recommendations:'));
    expect(recs).toEqual([`recommendations:${ids[0]}`]);
    expect(district.get(`recommendations:${ids[0]}`)).toMatchObject({ status: 'hired' });
    expect(district.get(`vacancies:${v.id}`)).toMatchObject({ hired: 1, status: 'open' });
    for (const s of [a1, a2]) {
      expect(rowDiff(await stationRows(s, ENTITIES), district)).toEqual([]);
      expect(await s.call('vacancies.get', { id: v.id })).toMatchObject({ hired: 1, openPositions: 1 });
      expect((await s.call('residents.get', { id: p.id })).outcome).toMatchObject({
        result: 'placed',
        channel: '推荐',
      });
    }

    // a second person hired at the other PC fills the vacancy at the district and on both PCs
    const q = await a2.call('residents.create', { name: '周强', idNumber: idNumberFor('19820520', 31) });
    const { id } = await a2.call('recommendations.create', { residentId: q.id, vacancyId: v.id });
    await a2.call('recommendations.update', { id, status: 'interviewed' });
    await a2.call('recommendations.update', { id, status: 'hired' });
    await a2.sync();
    await a1.sync();
    for (const s of [a1, a2])
      expect(await s.call('vacancies.get', { id: v.id })).toMatchObject({
        hired: 2,
        openPositions: 0,
        status: 'filled',
      });
  });
});
