// The recommendation chain on a real station (real SQLite): vacancy → recommend → interview → hire → the
// person's 就业结果 and plan updated, the vacancy's open positions lowered → retention at three months;
// every step with its outbox entries in one transaction, and every bad step refused in Chinese with the
// rule it broke, writing nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStation } from '../factories/station';
import { Clock, loginAgain, makeResident, rng, stationAt } from '../cards/helpers';
import { newEmployer } from './helpers';
import { recommendationId } from '../../station/matching/ids';

let clock: Clock;
let s: TestStation;
let call: TestStation['call'];
beforeEach(async () => {
  clock = new Clock();
  s = await stationAt(clock);
  call = s.call;
});
afterEach(() => s.close());

async function outboxCount(): Promise<number> {
  const r = await s.station.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function vacancy(positions = 2, extra: Record<string, unknown> = {}) {
  const e = await newEmployer(s);
  return call('vacancies.create', {
    employerId: e.id,
    title: '家政服务员',
    occupationCode: '4-10-01-06',
    positions,
    wageMin: 4000,
    wageMax: 6000,
    validFrom: '2026-03-01',
    validTo: '2026-12-31',
    ...extra,
  });
}

describe('the chain to a lasting job', () => {
  it('recommend → interview → hire fills 就业结果, completes the plan measure, lowers the vacancy; retention at 3 months', async () => {
    const person = await makeResident(s, rng(1), { birthDate: '1975-05-20' });
    const card = await call('cards.issue', { residentId: person.id, categories: ['older_unemployed'] });
    const measure = await call('plans.addMeasure', {
      cardId: card.id,
      kind: 'job_recommendation',
      owner: '王管理',
      dueDate: '2026-04-30',
    });
    const v = await vacancy(2);

    let before = await outboxCount();
    const { id } = await call('recommendations.create', {
      residentId: person.id,
      vacancyId: v.id,
      note: '本人同意',
    });
    expect(id).toBe(recommendationId(person.id, v.id));
    expect(await outboxCount()).toBe(before + 1);
    const created = await call('recommendations.get', { id });
    expect(created).toMatchObject({
      status: 'recommended',
      recommendedOn: '2026-03-15',
      vacancyTitle: '家政服务员',
      employerName: '杭州安居物业管理有限公司',
      residentName: person.name,
      foreign: false,
      next: ['interviewed', 'not_hired', 'declined'],
      followUp: { kind: 'interview', dueOn: '2026-03-22', due: false },
    });
    expect(created.residentIdNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);

    clock.set('2026-03-18');
    call = await loginAgain(s);
    await call('recommendations.update', { id, status: 'interviewed' });
    clock.set('2026-03-20');
    call = await loginAgain(s);
    before = await outboxCount();
    const hired = await call('recommendations.update', { id, status: 'hired', date: '2026-03-19' });
    expect(hired).toMatchObject({
      status: 'hired',
      interviewedOn: '2026-03-18',
      hiredOn: '2026-03-19',
      followUp: { kind: 'retention', dueOn: '2026-06-19', due: false },
    });
    // one transaction: the recommendation, the person, the measure and its service, the vacancy
    const entries = await s.station.db
      .selectFrom('outbox')
      .select(['entity'])
      .where('seq', '>', before)
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => e.entity)).toEqual([
      'recommendations',
      'residents',
      'plan_measures',
      'plan_services',
      'vacancies',
    ]);
    const r = await call('residents.get', { id: person.id });
    expect(r.outcome).toMatchObject({
      result: 'placed',
      employer: '杭州安居物业管理有限公司',
      date: '2026-03-19',
      channel: '推荐',
      confirmedAt: '2026-03-20',
    });
    const plan = await call('plans.get', { cardId: card.id });
    expect(plan.measures.find((m) => m.id === measure.id)).toMatchObject({
      status: 'done',
      completedOn: '2026-03-19',
      result: '经推荐录用：杭州安居物业管理有限公司「家政服务员」',
    });
    expect(await call('vacancies.get', { id: v.id })).toMatchObject({
      hired: 1,
      openPositions: 1,
      status: 'open',
    });

    // a retention check before three months is refused with the rule and the first allowed day
    clock.set('2026-06-18');
    call = await loginAgain(s);
    before = await outboxCount();
    await expect(call('recommendations.update', { id, status: 'retained_3m' })).rejects.toMatchObject({
      code: 'conflict',
      message: '三个月稳定就业回访须在录用满三个月后登记（2026-06-19 起）',
    });
    expect(await outboxCount()).toBe(before);
    expect((await call('recommendations.list', { due: true })).total).toBe(0);
    clock.set('2026-06-19');
    call = await loginAgain(s);
    expect((await call('recommendations.list', { due: true })).items.map((x) => x.id)).toEqual([id]);
    expect(await call('recommendations.update', { id, status: 'retained_3m' })).toMatchObject({
      status: 'retained_3m',
      closedOn: '2026-06-19',
      next: ['left'],
      followUp: null,
    });
    expect((await call('recommendations.list', { due: true })).total).toBe(0);
  });

  it('the last open position filled closes the vacancy as 已招满; nobody more can be recommended to it', async () => {
    const v = await vacancy(1);
    const a = await makeResident(s, rng(2));
    const b = await makeResident(s, rng(3));
    const ra = await call('recommendations.create', { residentId: a.id, vacancyId: v.id });
    await call('recommendations.create', { residentId: b.id, vacancyId: v.id });
    await call('recommendations.update', { id: ra.id, status: 'interviewed' });
    await call('recommendations.update', { id: ra.id, status: 'hired' });
    expect(await call('vacancies.get', { id: v.id })).toMatchObject({
      hired: 1,
      openPositions: 0,
      status: 'filled',
    });
    const c = await makeResident(s, rng(4));
    await expect(call('recommendations.create', { residentId: c.id, vacancyId: v.id })).rejects.toMatchObject(
      {
        code: 'conflict',
        message: '岗位「家政服务员」已招满，不能再推荐',
      },
    );
  });

  it('a person who left is back among those to place, with the reason', async () => {
    const v = await vacancy(3);
    const a = await makeResident(s, rng(5));
    const { id } = await call('recommendations.create', { residentId: a.id, vacancyId: v.id });
    await call('recommendations.update', { id, status: 'interviewed' });
    await call('recommendations.update', { id, status: 'hired' });
    await expect(call('recommendations.update', { id, status: 'left' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: '「已离职」须填写原因',
      issues: [{ path: 'reason' }],
    });
    await call('recommendations.update', { id, status: 'left', reason: '家中需照顾老人' });
    expect((await call('residents.get', { id: a.id })).outcome).toMatchObject({
      result: 'not_yet',
      reasonNotYet: expect.stringContaining('离职：家中需照顾老人'),
    });
  });
});

describe('bad input: a 400 or 409 naming the rule, nothing written', () => {
  it('unknown ids, a closed or expired vacancy, a second recommendation, steps out of order, future dates', async () => {
    const v = await vacancy(2);
    const person = await makeResident(s, rng(6));
    const closed = await vacancy(2, { title: '保洁', status: 'closed' });
    const expired = await vacancy(2, { title: '门卫', validFrom: '2025-01-01', validTo: '2026-01-31' });
    const before = await outboxCount();
    const unknown = '0190a000-0000-7000-8000-000000000000';
    await expect(
      call('recommendations.create', { residentId: unknown, vacancyId: v.id }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/找不到该居民/),
    });
    await expect(
      call('recommendations.create', { residentId: person.id, vacancyId: unknown }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/找不到该岗位/),
    });
    await expect(
      call('recommendations.create', { residentId: 'x', vacancyId: v.id } as never),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [expect.objectContaining({ message: '居民编号格式不正确' })],
    });
    await expect(
      call('recommendations.create', { residentId: person.id, vacancyId: closed.id }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: '岗位「保洁」已关闭，不能再推荐',
    });
    await expect(
      call('recommendations.create', { residentId: person.id, vacancyId: expired.id }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: '岗位「门卫」已于 2026-01-31 过期，不能再推荐',
    });
    expect(await outboxCount()).toBe(before);

    const { id } = await call('recommendations.create', { residentId: person.id, vacancyId: v.id });
    const after = await outboxCount();
    await expect(
      call('recommendations.create', { residentId: person.id, vacancyId: v.id }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/已于 2026-03-15 推荐到「家政服务员」，同一岗位不重复推荐/),
    });
    await expect(call('recommendations.update', { id, status: 'hired' })).rejects.toMatchObject({
      code: 'conflict',
      message: '不能从「已推荐」改为「已录用」：录用须在面试之后登记',
    });
    await expect(call('recommendations.update', { id, status: 'retained_3m' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/三个月稳定就业回访只能在录用之后登记/),
    });
    await expect(call('recommendations.update', { id, status: 'declined' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: '「本人放弃」须填写原因',
    });
    await expect(
      call('recommendations.update', { id, status: 'interviewed', date: '2026-03-16' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: '日期不能晚于今天',
    });
    await expect(
      call('recommendations.update', { id, status: 'interviewed', date: '2026-03-01' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: '日期不能早于上一步（2026-03-15）',
    });
    await expect(call('recommendations.update', { id, status: 'recommended' })).rejects.toMatchObject({
      code: 'conflict',
      message: '该推荐已是「已推荐」状态',
    });
    await expect(
      call('recommendations.update', { id: unknown, status: 'interviewed' }),
    ).rejects.toMatchObject({
      code: 'not_found',
      message: '找不到该推荐单',
    });
    expect(await outboxCount()).toBe(after);
    expect(await call('recommendations.get', { id })).toMatchObject({ status: 'recommended' });
  });
});

describe('the ledger', () => {
  it('lists by person, vacancy and status, with follow-ups due after 7 days', async () => {
    const v1 = await vacancy(5);
    const v2 = await vacancy(5, { title: '保安', occupationCode: '4-07-05-01' });
    const a = await makeResident(s, rng(7));
    const b = await makeResident(s, rng(8));
    await call('recommendations.create', { residentId: a.id, vacancyId: v1.id });
    await call('recommendations.create', { residentId: a.id, vacancyId: v2.id });
    await call('recommendations.create', { residentId: b.id, vacancyId: v1.id });
    expect((await call('recommendations.list', { residentId: a.id })).total).toBe(2);
    expect((await call('recommendations.list', { vacancyId: v1.id })).total).toBe(2);
    expect((await call('recommendations.list', { status: 'hired' })).total).toBe(0);
    expect((await call('recommendations.list', { due: true })).total).toBe(0);
    clock.set('2026-03-22');
    call = await loginAgain(s);
    const due = await call('recommendations.list', { due: true });
    expect(due.total).toBe(3);
    expect(due.items.every((x) => x.followUp?.kind === 'interview' && x.followUp.due)).toBe(true);
  });
});
