// The corrections of an enrolment on a real station (SQLite file): someone who never started is withdrawn
// (the row deleted with its outbox entry; enrolling again brings the same row back); a trainee who left a
// started course drops out (退学, with the day and why) and is then closed to hours, completion and a second
// enrolment, and never counted as completed in the training employment rate; each refusal names its rule
// and writes nothing. The course counts its enrolled without the withdrawn, the drop-outs apart, alike on its
// page and in the list.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { newStation, type TestStation } from '../factories/station';
import { CARE, desk, movableClock } from './helpers';
import { idNumberFor } from '../matching/helpers';

let station: TestStation;
let s: TestStation;
let clock: ReturnType<typeof movableClock>;
beforeEach(async () => {
  clock = movableClock('2026-02-20');
  station = await newStation({ now: clock.now });
  s = { ...station, ...desk(station) };
});
afterEach(() => station.close());

const outbox = async () =>
  Number(
    (
      await s.station.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The refusal's code and rule, after checking it wrote nothing. */
async function refused(p: Promise<unknown>): Promise<{ code: string; rule: string; message: string }> {
  const before = await outbox();
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect(await outbox()).toBe(before);
  const e = err as ApiError;
  return {
    code: e.code,
    rule: (e.details?.rule as { key: string } | undefined)?.key ?? '',
    message: e.message,
  };
}

/** A course's counts from its page (courses.get) and from the list, which must agree. */
async function counts(courseId: string): Promise<{ enrolled: number; completed: number; dropped: number }> {
  const pick = (c: { enrolled: number; completed: number; dropped: number }) => ({
    enrolled: c.enrolled,
    completed: c.completed,
    dropped: c.dropped,
  });
  const one = pick(await s.call('training.courses.get', { id: courseId }));
  const listed = (await s.call('training.courses.list', { limit: 200 })).items.find((c) => c.id === courseId);
  expect(listed && pick(listed)).toEqual(one);
  return one;
}

describe('withdrawing and dropping out of a course', () => {
  it('withdraws who never started, drops out who left, and counts neither as completed', async () => {
    const course = await s.call('training.courses.create', { ...CARE });
    const people = [];
    for (const [i, name] of ['赵一梅', '钱二兰', '孙三芳'].entries())
      people.push(await s.call('residents.create', { name, idNumber: idNumberFor(`1982031${i}`, 500 + i) }));
    const [p1, p2, p3] = [people[0]!, people[1]!, people[2]!];
    for (const p of people) await s.call('training.enrol', { courseId: course.id, residentId: p.id });

    // before the course starts: a drop-out is no word for it, the enrolment is withdrawn
    expect(
      await refused(s.call('training.drop', { courseId: course.id, residentId: p1.id, date: '2026-02-20' })),
    ).toMatchObject({ code: 'conflict', rule: 'training.dropNotStarted' });
    const first = await s.call('training.withdraw', { courseId: course.id, residentId: p1.id });
    expect((await s.call('training.enrolments', { courseId: course.id })).total).toBe(2);
    // a withdrawn enrolment is not counted on the course
    expect(await counts(course.id)).toEqual({ enrolled: 2, completed: 0, dropped: 0 });
    const row = await s.station.db
      .selectFrom('training_enrolments')
      .select(['id', 'deleted_at'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    const entry = await s.station.db
      .selectFrom('outbox')
      .select(['entity', 'row_id'])
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ entity: 'training_enrolments', row_id: first.id });
    // they will come after all: the same row
    expect((await s.call('training.enrol', { courseId: course.id, residentId: p1.id })).id).toBe(first.id);

    // on the course: hours on record, so leaving is a drop-out with its day and reason
    clock.set('2026-03-12');
    await s.call('training.attend', { courseId: course.id, residentId: p2.id, hours: 16 });
    expect(
      await refused(s.call('training.withdraw', { courseId: course.id, residentId: p2.id })),
    ).toMatchObject({ code: 'conflict', rule: 'training.withdrawAttended' });
    expect(
      await refused(s.call('training.drop', { courseId: course.id, residentId: p2.id, date: '2026-03-01' })),
    ).toMatchObject({ code: 'invalid_input', rule: 'training.dropDate' });
    expect(
      await refused(s.call('training.drop', { courseId: course.id, residentId: p2.id, date: '2026-03-13' })),
    ).toMatchObject({ code: 'invalid_input', rule: 'training.dropDate' });
    const dropped = await s.call('training.drop', {
      courseId: course.id,
      residentId: p2.id,
      date: '2026-03-11',
      reason: '找到工作，提前离开',
    });
    expect(dropped).toMatchObject({
      status: 'dropped',
      droppedOn: '2026-03-11',
      dropReason: '找到工作，提前离开',
      attendedHours: 16,
    });
    for (const attempt of [
      () => s.call('training.attend', { courseId: course.id, residentId: p2.id, hours: 20 }),
      () => s.call('training.complete', { courseId: course.id, residentId: p2.id, date: '2026-03-12' }),
      () => s.call('training.drop', { courseId: course.id, residentId: p2.id, date: '2026-03-12' }),
      () => s.call('training.enrol', { courseId: course.id, residentId: p2.id }),
    ])
      expect(await refused(attempt())).toMatchObject({ code: 'conflict', rule: 'training.droppedAlready' });
    expect(
      await refused(s.call('training.withdraw', { courseId: course.id, residentId: p2.id })),
    ).toMatchObject({ code: 'conflict', rule: 'training.withdrawDropped' });

    // the others complete; a completed trainee cannot drop out; the rate counts completions only
    clock.set('2026-04-15');
    for (const p of [p1, p3])
      await s.call('training.complete', { courseId: course.id, residentId: p.id, date: '2026-03-31' });
    const late = await refused(
      s.call('training.drop', { courseId: course.id, residentId: p3.id, date: '2026-03-30' }),
    );
    expect(late).toMatchObject({ code: 'conflict', rule: 'training.dropCompleted' });
    expect(late.message).toContain('已于 2026-03-31 结业');
    expect(await s.call('training.rate', { from: '2026-01-01', to: '2026-12-31' })).toMatchObject({
      completed: 2,
    });
    const list = await s.call('training.enrolments', { courseId: course.id, status: 'dropped' });
    expect(list.items.map((e) => [e.residentId, e.droppedOn, e.dropReason])).toEqual([
      [p2.id, '2026-03-11', '找到工作，提前离开'],
    ]);
    // the course's counts, the same on its page and in the list: the drop-out stays among the enrolled
    // (they did sign up) and is counted apart, never as completed
    expect(await counts(course.id)).toEqual({ enrolled: 3, completed: 2, dropped: 1 });
  });
});
