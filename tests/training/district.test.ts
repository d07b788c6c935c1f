// Training across PCs and the district, real server over HTTP (SQLite and PostgreSQL) and real station
// files: a course entered at one community reaches every other station through the district's course board
// and can be enrolled on there; the district's training employment rate over every community agrees with
// the hand count (and with the station's for its own community); two offline PCs enrolling the same person
// on the same course make one enrolment (its id is made from the pair), merged at the district.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EntityName } from '../../shared/sync/entities';
import {
  COMMUNITY_A,
  COMMUNITY_B,
  enrolledStation,
  rowDiff,
  serverRows,
  startDistrict,
  stationRows,
  type District,
  type SyncedStation,
} from '../sync/harness';
import { idNumberFor } from '../matching/helpers';
import { CARE, GUARD, desk, movableClock, runScenario } from './helpers';

const ENTITIES: EntityName[] = ['training_courses', 'training_enrolments', 'residents'];

describe.each([
  ['SQLite', false],
  ['PostgreSQL', true],
])('%s: training between stations and the district', (_store, pg) => {
  let d: District;
  let a: SyncedStation;
  let a2: SyncedStation;
  let b: SyncedStation;
  let clock: ReturnType<typeof movableClock>;
  beforeEach(async () => {
    clock = movableClock('2026-01-20');
    d = await startDistrict({ pg, now: clock.now });
    a = await enrolledStation(d, COMMUNITY_A, { now: clock.now });
    a2 = await enrolledStation(d, COMMUNITY_A, { now: clock.now });
    b = await enrolledStation(d, COMMUNITY_B, { now: clock.now });
  });
  afterEach(async () => {
    await Promise.all([a?.close(), a2?.close(), b?.close()]);
    await d?.close();
  });

  it('shares courses to other communities and gives the district rate over all of them', async () => {
    const da = desk(a);
    const db = desk(b);
    const { care, guard } = await runScenario(da, clock);
    await da.call('sync.now', {});
    await db.call('sync.now', {});
    // community B sees A's courses, read-only, and enrols its own resident on one
    const list = await db.call('training.courses.list', {});
    expect(list.items.map((c) => [c.name, c.foreign, c.communityCode]).sort()).toEqual(
      [
        [CARE.name, true, COMMUNITY_A],
        [GUARD.name, true, COMMUNITY_A],
      ].sort(),
    );
    clock.set('2026-03-05');
    const p = await db.call('residents.create', { name: '韩梅', idNumber: idNumberFor('19810707', 77) });
    await db.call('training.enrol', { courseId: care.id, residentId: p.id });
    clock.set('2026-04-02');
    await db.call('training.complete', { courseId: care.id, residentId: p.id, date: '2026-03-31' });
    clock.set('2026-10-15');
    await db.call('sync.now', {});
    await da.call('sync.now', {});

    const year = { from: '2026-01-01', to: '2026-12-31' };
    // the district: A's five completions (three hired in time) and B's one (not hired)
    expect(await d.server.trainingRate(year)).toEqual({ completed: 6, employed: 3, rate: 0.5 });
    expect(await d.server.trainingRate({ ...year, community: COMMUNITY_A })).toEqual({
      completed: 5,
      employed: 3,
      rate: 0.6,
    });
    expect(await d.server.trainingRate({ ...year, courseId: care.id })).toEqual({
      completed: 5,
      employed: 2,
      rate: 0.4,
    });
    expect(await d.server.trainingRate({ ...year, provider: GUARD.provider })).toEqual({
      completed: 1,
      employed: 1,
      rate: 1,
    });
    expect(await d.server.trainingRate({ ...year, courseId: guard.id, from: '2026-05-01' })).toMatchObject({
      completed: 0,
      rate: null,
    });
    // each station counts its own community by the same rule
    expect(await da.call('training.rate', year)).toMatchObject({ completed: 5, employed: 3, rate: 0.6 });
    expect(await db.call('training.rate', year)).toMatchObject({ completed: 1, employed: 0, rate: 0 });
    expect(await db.call('training.rate', { ...year, provider: CARE.provider })).toMatchObject({
      completed: 1,
    });
  });

  it('two offline PCs enrolling the same person on the same course make one enrolment', async () => {
    const d1 = desk(a);
    const d2 = desk(a2);
    clock.set('2026-03-01');
    const p = await d1.call('residents.create', { name: '杨帆', idNumber: idNumberFor('19830303', 88) });
    const course = await d1.call('training.courses.create', { ...CARE });
    await d1.call('sync.now', {});
    await d2.call('sync.now', {});
    // offline from each other, both enrol the person; the first PC also records the completion
    const e1 = await d1.call('training.enrol', { courseId: course.id, residentId: p.id });
    const e2 = await d2.call('training.enrol', { courseId: course.id, residentId: p.id });
    expect(e1.id).toBe(e2.id);
    clock.set('2026-04-01');
    await d1.call('training.complete', {
      courseId: course.id,
      residentId: p.id,
      date: '2026-03-31',
      certificate: { kind: 'qualification', number: 'Q0001' },
    });
    await d1.call('sync.now', {});
    await d2.call('sync.now', {});
    await d1.call('sync.now', {});

    const district = await serverRows(a, ENTITIES);
    expect([...district.keys()].filter((k) => k.startsWith('training_enrolments:'))).toEqual([
      `training_enrolments:${e1.id}`,
    ]);
    expect(district.get(`training_enrolments:${e1.id}`)).toMatchObject({
      status: 'completed',
      completed_on: '2026-03-31',
    });
    for (const s of [a, a2]) {
      expect(rowDiff(await stationRows(s, ENTITIES), district)).toEqual([]);
      const mine = await desk(s).call('training.enrolments', { residentId: p.id });
      expect(mine.items.map((x) => [x.status, x.certificate?.number])).toEqual([['completed', 'Q0001']]);
    }
    expect(await d.server.trainingRate({ from: '2026-01-01', to: '2026-12-31' })).toMatchObject({
      completed: 1,
    });
  });
});
