// A fair's positions count each vacancy once (issue 10). At a street fair two communities may bring the same
// (board) employer with overlapping lists of its vacancies, and one community may add the employer again:
// fair_employers.vacancy_positions (station migration 0023, synced with vacancy_ids and positions) records
// each vacancy's positions, and the desk (station/fairs/read.ts) and the district (server/fairs/summary.ts)
// add up each vacancy once from it. Two stations and a real district server, SQLite and PostgreSQL: the five
// figures equal at the desk and at the district, the positions counted by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { todayInChina } from '../../shared/domain/dates';
import { employerFigures } from '../../shared/domain/fairs/fair';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  peopleFrom,
  startDistrict,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { logisticsEmployer } from '../matching/helpers';

describe('employerFigures with each vacancy’s positions', () => {
  it('counts a vacancy named by two entries once, and entries holding a total only as before', () => {
    expect(
      employerFigures([
        { employerId: 'e1', positions: 8, vacancyIds: ['v1', 'v2'], vacancyPositions: { v1: 3, v2: 5 } },
        { employerId: 'e1', positions: 12, vacancyIds: ['v2', 'v3'], vacancyPositions: { v2: 5, v3: 7 } },
        // a total-only entry (written before migration 0023) whose vacancies are all counted already
        { employerId: 'e1', positions: 10, vacancyIds: ['v1', 'v3'] },
        // a total-only entry of vacancies nobody else brought
        { employerId: 'e2', positions: 4, vacancyIds: ['v4'] },
      ]),
    ).toEqual({ employers: 2, positions: 3 + 5 + 7 + 4 });
  });
});

describe.each([false, true])('a vacancy brought twice to a street fair, district on PostgreSQL: %s', (pg) => {
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
    'counts each vacancy’s positions once at both desks and at the district',
    { timeout: 120_000 },
    async () => {
      const today = todayInChina();
      const { employer, vacancy } = await logisticsEmployer(a, today);
      const v1 = await vacancy('仓库管理员', 3);
      const v2 = await vacancy('快递员', 5);
      const v3 = await vacancy('分拣员', 7);
      const fair = await a.call('fairs.create', {
        name: '凯旋街道物流专场招聘会',
        date: today,
        place: '凯旋街道社区服务中心',
        streetCode: '330104005',
        organiser: '凯旋街道劳动保障所',
      });
      await a.call('fairs.addEmployer', {
        fairId: fair.id,
        employerId: employer.id,
        vacancyIds: [v1.id, v2.id],
      });
      for (const s of [a, b]) await s.sync();

      // B (the street's other community) brings the same employer, through the board, with v2 and v3
      await b.call('fairs.addEmployer', {
        fairId: fair.id,
        employerId: employer.id,
        vacancyIds: [v2.id, v3.id],
      });
      const person = peopleFrom(31);
      const walker = await b.call('residents.create', person());
      const signed = await b.call('residents.create', person());
      await b.call('fairs.signUp', { fairId: fair.id, residentId: signed.id });
      const intent = await b.call('fairs.recordIntent', {
        fairId: fair.id,
        residentId: walker.id,
        vacancyId: v2.id,
      });
      await b.call('recommendations.update', { id: intent.recommendationId, status: 'interviewed' });
      await b.call('recommendations.update', { id: intent.recommendationId, status: 'hired' });
      for (const s of [b, a, b, a]) await s.sync();

      // by hand: one employer; v1 3 + v2 5 + v3 7 = 15 positions (A's entry 8 and B's 12 share v2); B's two
      // people signed up (the walk-in by the intent), one intent, one hire
      const figures = { employers: 1, positions: 15, signUps: 2, intents: 1, hired: 1 };
      const same = async () => {
        expect(await d.server.fairSummary(fair.id)).toMatchObject(figures);
        expect(await b.call('fairs.summary', { fairId: fair.id })).toEqual({
          ...figures,
          communityOnly: true,
        });
        // A's desk: the whole fair's employers and positions, its own community's people (none)
        expect(await a.call('fairs.summary', { fairId: fair.id })).toEqual({
          employers: 1,
          positions: 15,
          signUps: 0,
          intents: 0,
          hired: 0,
          communityOnly: true,
        });
      };
      const atA = await a.call('fairs.get', { id: fair.id });
      expect(atA.employers.map((e) => [e.communityCode, e.positions, e.vacancies.map((v) => v.id)])).toEqual([
        [COMMUNITY_A, 8, [v1.id, v2.id]],
        [COMMUNITY_B, 12, [v2.id, v3.id]],
      ]);
      await same();

      // the same employer added again at A with v2 and v3: its entry holds v1, v2, v3 once each; still 15
      await a.call('fairs.addEmployer', {
        fairId: fair.id,
        employerId: employer.id,
        vacancyIds: [v2.id, v3.id],
      });
      for (const s of [a, b]) await s.sync();
      const atB = await b.call('fairs.get', { id: fair.id });
      expect(atB.employers.map((e) => [e.communityCode, e.positions])).toEqual([
        [COMMUNITY_B, 12],
        [COMMUNITY_A, 15],
      ]);
      await same();
      const listed = (await b.call('fairs.list', {})).items.find((f) => f.id === fair.id)!;
      expect(listed.summary).toEqual(await b.call('fairs.summary', { fairId: fair.id }));
    },
  );
});
