// Training on a real station (SQLite file): courses checked against the occupation vocabulary, enrolment
// suggested from 培训需求, completion adding to the skills section in the same transaction as its outbox
// entries, the hand-counted employment rate, and bad input refused whole — no row, no outbox entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { newStation, type TestStation } from '../factories/station';
import { CARE, GUARD, desk, movableClock, runScenario } from './helpers';
import { idNumberFor } from '../matching/helpers';

let station: TestStation;
let s: TestStation;
let clock: ReturnType<typeof movableClock>;
beforeEach(async () => {
  clock = movableClock('2026-03-01');
  station = await newStation({ now: clock.now });
  s = { ...station, ...desk(station) };
});
afterEach(() => station.close());

async function count(table: 'outbox' | 'training_enrolments' | 'training_courses'): Promise<number> {
  const r = await s.station.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function refused(p: Promise<unknown>, status: 'invalid_input' | 'conflict'): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).code).toBe(status);
  return (err as ApiError).message;
}

describe('training at the station', () => {
  it('gives the hand-counted employment rate per period, course and provider', async () => {
    const { care, guard, people } = await runScenario(s, clock);
    expect(await s.call('training.rate', { from: '2026-01-01', to: '2026-12-31' })).toMatchObject({
      completed: 5,
      employed: 3,
      rate: 0.6,
    });
    expect(
      await s.call('training.rate', { courseId: care.id, from: '2026-01-01', to: '2026-12-31' }),
    ).toMatchObject({
      completed: 4,
      employed: 2,
      rate: 0.5,
    });
    expect(
      await s.call('training.rate', { provider: GUARD.provider, from: '2026-01-01', to: '2026-12-31' }),
    ).toMatchObject({ completed: 1, employed: 1, rate: 1 });
    expect(await s.call('training.rate', { from: '2026-04-01', to: '2026-12-31' })).toMatchObject({
      completed: 1,
      employed: 1,
    });
    expect(await s.call('training.rate', { from: '2025-01-01', to: '2025-12-31' })).toMatchObject({
      completed: 0,
      employed: 0,
      rate: null,
    });
    // the person's list: completion, certificate, and the hire that counted
    const mine = await s.call('training.enrolments', { residentId: people[0]!.id });
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({
      courseId: care.id,
      status: 'completed',
      completedOn: '2026-03-31',
      certificate: { kind: 'skill_level', number: 'S20260331001' },
      employedOn: '2026-05-10',
    });
    const late = await s.call('training.enrolments', { residentId: people[2]!.id });
    expect(late.items[0]!.employedOn).toBeNull();
    const course = await s.call('training.courses.get', { id: guard.id });
    expect(course).toMatchObject({ enrolled: 1, completed: 1, occupationName: '保安员', foreign: false });
  });

  it('adds the course to the skills section with the certificate, with both outbox entries', async () => {
    const p = await s.call('residents.create', {
      name: '冯小燕',
      idNumber: idNumberFor('19850412', 41),
      skills: { items: [{ name: '收银' }], confirmedAt: '2026-01-05' },
    });
    const c = await s.call('training.courses.create', { ...CARE });
    await s.call('training.enrol', { courseId: c.id, residentId: p.id });
    clock.set('2026-04-02');
    const before = await count('outbox');
    const done = await s.call('training.complete', {
      courseId: c.id,
      residentId: p.id,
      date: '2026-03-31',
      certificate: { kind: 'qualification', level: '四级', number: 'Q3301042026001' },
    });
    expect(done.status).toBe('completed');
    const r = await s.call('residents.get', { id: p.id });
    expect(r.skills).toEqual({
      items: [
        { name: '收银' },
        { name: '养老护理员', level: '四级', certificate: '职业资格证书 Q3301042026001' },
      ],
      confirmedAt: '2026-04-02',
    });
    const entries = await s.station.db
      .selectFrom('outbox')
      .select(['entity', 'row_id'])
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => e.entity)).toEqual(['training_enrolments', 'residents']);
  });

  it('suggests people whose training need fits the course, not those already enrolled', async () => {
    const want = await s.call('residents.create', {
      name: '褚红',
      idNumber: idNumberFor('19790101', 51),
      training: { wants: true, courses: ['养老护理'], confirmedAt: '2026-02-01' },
    });
    await s.call('residents.create', {
      name: '卫强',
      idNumber: idNumberFor('19790202', 52),
      training: { wants: true, courses: ['电工'], confirmedAt: '2026-02-01' },
    });
    await s.call('residents.create', {
      name: '蒋敏',
      idNumber: idNumberFor('19790303', 53),
      training: { wants: false, courses: [], confirmedAt: '2026-02-01' },
    });
    const c = await s.call('training.courses.create', { ...CARE });
    const first = await s.call('training.suggest', { courseId: c.id });
    expect(first.items.map((x) => x.name)).toEqual(['褚红']);
    expect(first.items[0]!.reasons[0]).toBe('培训需求「养老护理」与本课程相符');
    expect(first.items[0]!.idNumberMasked).toMatch(/\*{8}/);
    await s.call('training.enrol', { courseId: c.id, residentId: want.id });
    expect((await s.call('training.suggest', { courseId: c.id })).items).toEqual([]);
  });

  it('refuses bad input with the rule in Chinese and writes nothing', async () => {
    const p = await s.call('residents.create', { name: '沈洁', idNumber: idNumberFor('19820505', 61) });
    const c = await s.call('training.courses.create', { ...CARE });
    await s.call('training.enrol', { courseId: c.id, residentId: p.id });
    const rows = await count('training_enrolments');
    const courses = await count('training_courses');
    const entries = await count('outbox');

    expect(
      await refused(s.call('training.enrol', { courseId: c.id, residentId: p.id }), 'conflict'),
    ).toContain('同一课程不能重复报名');
    expect(
      await refused(
        s.call('training.complete', { courseId: c.id, residentId: p.id, date: '2026-03-01' }),
        'invalid_input',
      ),
    ).toContain('早于课程开班日期 2026-03-02');
    expect(
      await refused(
        s.call('training.complete', { courseId: c.id, residentId: p.id, date: '2026-03-20' }),
        'invalid_input',
      ),
    ).toContain('晚于今天');
    expect(
      await refused(
        s.call('training.enrol', { courseId: '01890000-0000-7000-8000-000000000000', residentId: p.id }),
        'invalid_input',
      ),
    ).toContain('找不到该培训课程');
    expect(
      await refused(
        s.call('training.enrol', { courseId: c.id, residentId: '01890000-0000-7000-8000-000000000001' }),
        'invalid_input',
      ),
    ).toContain('找不到该居民');
    expect(
      await refused(
        s.call('training.courses.create', { ...CARE, occupationCode: '4-99-99-99' }),
        'invalid_input',
      ),
    ).toContain('不在现行职业分类');
    expect(
      await refused(s.call('training.courses.create', { ...CARE, start: '1999-12-01' }), 'invalid_input'),
    ).toContain('不能早于 2000 年');
    expect(
      await refused(s.call('training.courses.create', { ...CARE, end: '2028-03-01' }), 'invalid_input'),
    ).toContain('最长 366 天');
    expect(
      await refused(s.call('training.courses.create', { ...CARE, end: '2026-03-01' }), 'invalid_input'),
    ).toContain('结业日期不能早于开班日期');
    expect(
      await refused(
        s.call('training.attend', { courseId: c.id, residentId: p.id, hours: 121 }),
        'invalid_input',
      ),
    ).toContain('超过课程总课时 120');
    // one completion (its two entries: the enrolment and the skills section); a second one is refused
    clock.set('2026-04-01');
    await s.call('training.complete', { courseId: c.id, residentId: p.id, date: '2026-03-31' });
    expect(
      await refused(
        s.call('training.complete', { courseId: c.id, residentId: p.id, date: '2026-03-31' }),
        'conflict',
      ),
    ).toContain('不能重复登记');
    expect(await count('training_enrolments')).toBe(rows);
    expect(await count('training_courses')).toBe(courses);
    expect(await count('outbox')).toBe(entries + 2);
    expect(
      await s.call('training.enrol', { courseId: c.id, residentId: p.id }).catch((e: ApiError) => e.message),
    ).toContain('已于 2026-03-31 结业');
  });
});
