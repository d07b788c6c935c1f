// A vacancy named in an intent brings its employer in too (issue 10). At a street fair, two stations and a
// real district server (SQLite and PostgreSQL): community B reaches intents for two of community A's shared
// vacancies that were not at the fair — one of an employer A brought (B's own entry for that employer joins
// with the vacancy: still one employer), one of an employer nobody brought (it joins the fair with that
// vacancy only). The five figures, counted by hand, equal at both desks (employers and positions are the
// whole fair's; people are each community's) and at the district after sync.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays, todayInChina } from '../../shared/domain/dates';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { creditCode, logisticsEmployer } from '../matching/helpers';

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: an intent for a vacancy not at a street fair', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let b: SyncedStation;
  beforeEach(async () => {
    d = await startDistrict({ pg });
    a = await enrolledStation(d, COMMUNITY_A);
    b = await enrolledStation(d, COMMUNITY_B);
  });
  afterEach(async () => {
    for (const s of [a, b]) await s?.close();
    await d?.close();
  });

  it(
    'brings the vacancy, and its employer when absent, counted once at the desks and the district',
    { timeout: 120_000 },
    async () => {
      const today = todayInChina();
      const employer = (name: string) =>
        a.call('employers.create', {
          creditCode: creditCode(),
          name,
          contacts: [{ name: '联系人', phone: '13900001111' }],
        });
      const vacancy = (employerId: string, title: string, positions: number, shared = true) =>
        a.call('vacancies.create', {
          employerId,
          title,
          occupationCode: '4-07-05-01',
          positions,
          shared,
          validFrom: addDays(today, -30),
          validTo: addDays(today, 180),
        });
      const logistics = await employer('杭州凯旋物流有限公司');
      const property = await employer('杭州安居物业管理有限公司');
      const v1 = await vacancy(logistics.id, '仓库管理员', 3);
      const v2 = await vacancy(logistics.id, '快递员', 5);
      const v3 = await vacancy(property.id, '小区保安', 4);
      const hidden = await vacancy(property.id, '保洁员', 2, false);
      const fair = await a.call('fairs.create', {
        name: '凯旋街道春季招聘会',
        date: today,
        place: '凯旋街道社区服务中心',
        organiser: '凯旋街道劳动保障所',
        scope: 'street',
      });
      await a.call('fairs.addEmployer', { fairId: fair.id, employerId: logistics.id, vacancyIds: [v1.id] });
      for (const s of [a, b]) await s.sync();

      const person = peopleFrom(47);
      const courier = await b.call('residents.create', person());
      const guard = await b.call('residents.create', person());
      // v2: its employer is at the fair (A's entry); B's own entry for it joins with v2
      const first = await b.call('fairs.recordIntent', {
        fairId: fair.id,
        residentId: courier.id,
        vacancyId: v2.id,
      });
      expect(first.brought).toBe('vacancy');
      // v3: nobody brought 安居物业; it joins the fair with 小区保安 only
      const second = await b.call('fairs.recordIntent', {
        fairId: fair.id,
        residentId: guard.id,
        vacancyId: v3.id,
      });
      expect(second.brought).toBe('employer');
      await b.call('recommendations.update', { id: second.recommendationId, status: 'interviewed' });
      await b.call('recommendations.update', { id: second.recommendationId, status: 'hired' });

      // A's own vacancy that other communities do not see is not brought to a street fair by an intent
      const own = await a.call('residents.create', person());
      await expect(
        a.call('fairs.recordIntent', { fairId: fair.id, residentId: own.id, vacancyId: hidden.id }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        message: expect.stringContaining('请先把岗位「保洁员」设为共享'),
        details: { rule: { key: 'fairs.intentVacancyHidden' } },
      });
      for (const s of [b, a, b]) await s.sync();

      // by hand: employers 凯旋物流, 安居物业 = 2; positions v1 3 + v2 5 + v3 4 = 12; B's two people signed up by
      // their intents; two intents; one hire
      const figures = { employers: 2, positions: 12, signUps: 2, intents: 2, hired: 1 };
      expect(await d.server.fairSummary(fair.id)).toMatchObject(figures);
      expect(await b.call('fairs.summary', { fairId: fair.id })).toEqual({ ...figures, communityOnly: true });
      expect(await a.call('fairs.summary', { fairId: fair.id })).toEqual({
        employers: 2,
        positions: 12,
        signUps: 0,
        intents: 0,
        hired: 0,
        communityOnly: true,
      });
      const atA = await a.call('fairs.get', { id: fair.id });
      expect(
        atA.employers.map((e) => [e.communityCode, e.employerName, e.vacancies.map((v) => v.id)]),
      ).toEqual([
        [COMMUNITY_A, '杭州凯旋物流有限公司', [v1.id]],
        [COMMUNITY_B, '杭州凯旋物流有限公司', [v2.id]],
        [COMMUNITY_B, '杭州安居物业管理有限公司', [v3.id]],
      ]);

      // A brings 快递员 and 小区保安 itself later: each vacancy still counted once
      await a.call('fairs.addEmployer', { fairId: fair.id, employerId: logistics.id, vacancyIds: [v2.id] });
      await a.call('fairs.addEmployer', { fairId: fair.id, employerId: property.id, vacancyIds: [v3.id] });
      for (const s of [a, b]) await s.sync();
      expect(await d.server.fairSummary(fair.id)).toMatchObject(figures);
      expect(await b.call('fairs.summary', { fairId: fair.id })).toEqual({ ...figures, communityOnly: true });
    },
  );
});

// Two PCs of one community, offline: one brings the employer with 仓库管理员, the other reaches an intent for
// its 快递员 (not at the fair there). Both wrote the same entry (its id is made from the fair, the employer and
// the community); the district keeps the union of their vacancies (server/fairs/entryMerge.ts) instead of the
// first to arrive, and both PCs pull it: the intent's vacancy is at the fair and its positions are counted.
describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: one employer brought on two PCs offline', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let a2: SyncedStation;
  beforeEach(async () => {
    d = await startDistrict({ pg });
    a = await enrolledStation(d, COMMUNITY_A);
    a2 = await enrolledStation(d, COMMUNITY_A);
  });
  afterEach(async () => {
    for (const s of [a, a2]) await s?.close();
    await d?.close();
  });

  it('keeps the vacancies of both PCs in the employer’s entry', { timeout: 120_000 }, async () => {
    const today = todayInChina();
    const { employer, vacancy } = await logisticsEmployer(a, today);
    const v1 = await vacancy('仓库管理员', 3);
    const v2 = await vacancy('快递员', 5);
    const fair = await a.call('fairs.create', {
      name: '凯旋社区冬季招聘会',
      date: today,
      place: '凯旋社区文化家园',
      organiser: '凯旋社区居委会',
    });
    const courier = await a.call('residents.create', peopleFrom(53)());
    for (const s of [a, a2]) await s.sync();

    await a.call('fairs.addEmployer', { fairId: fair.id, employerId: employer.id, vacancyIds: [v1.id] });
    const intent = await a2.call('fairs.recordIntent', {
      fairId: fair.id,
      residentId: courier.id,
      vacancyId: v2.id,
    });
    expect(intent.brought).toBe('employer');
    for (const s of [a, a2, a, a2]) await s.sync();

    // by hand: one employer; 3 + 5 = 8 positions; the courier signed up by the intent; one intent
    const figures = { employers: 1, positions: 8, signUps: 1, intents: 1, hired: 0 };
    expect(await d.server.fairSummary(fair.id)).toMatchObject(figures);
    for (const s of [a, a2]) {
      const got = await s.call('fairs.get', { id: fair.id });
      expect(got.employers.map((e) => [e.positions, e.vacancies.map((v) => v.id)])).toEqual([
        [8, [v1.id, v2.id]],
      ]);
      expect(got.summary).toEqual({ ...figures, communityOnly: false });
    }
  });
});
