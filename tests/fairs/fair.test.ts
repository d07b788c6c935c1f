// A job fair end to end on a real station (real SQLite): created, employers brought with their vacancies,
// people found by the matching and signed up, intents reached (each a recommendation in the chain), one hire
// through the fair filling 就业结果 with channel 招聘会 — and the five figures counted by hand. Every bad input
// is refused in Chinese with the rule it broke, writing nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestStation } from '../factories/station';
import { Clock, loginAgain, makeResident, rng, stationAt } from '../cards/helpers';
import { newEmployer } from '../matching/helpers';

let clock: Clock;
let s: TestStation;
let call: TestStation['call'];
beforeEach(async () => {
  clock = new Clock(); // 2026-03-15
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

async function vacancy(employerId: string, title: string, occupationCode: string, positions: number) {
  return call('vacancies.create', {
    employerId,
    title,
    occupationCode,
    positions,
    wageMin: 4000,
    wageMax: 6000,
    validFrom: '2026-03-01',
    validTo: '2026-12-31',
  });
}

const wants = (code: string) => ({
  preferences: { occupations: [], industries: [], occupationCodes: [code], confirmedAt: '2026-03-01' },
});

describe('a job fair at a station', () => {
  it('counts its five figures: employers, positions, sign-ups, intents, hires (by hand: 2, 9, 5, 4, 1)', async () => {
    const e1 = await newEmployer(s, '杭州安居物业管理有限公司');
    const e2 = await newEmployer(s, '杭州康乐养老服务有限公司');
    const v1 = await vacancy(e1.id, '家政服务员', '4-10-01-06', 3);
    const v2 = await vacancy(e1.id, '小区保安', '4-07-05-01', 2);
    const v3 = await vacancy(e2.id, '养老护理员', '4-10-01-05', 4);
    const v4 = await vacancy(e2.id, '厨师', '4-03-02-01', 1); // not brought to the fair

    const fair = await call('fairs.create', {
      name: '春风行动专场招聘会',
      date: '2026-03-20',
      place: '景昙社区文化家园',
      organiser: '景昙社区居委会',
    });
    expect(fair).toMatchObject({ scope: 'community', streetCode: null, own: true });
    await call('fairs.addEmployer', { fairId: fair.id, employerId: e1.id, vacancyIds: [v1.id, v2.id] });
    // brought again with one of the same vacancies: nothing new, nothing written
    let before = await outboxCount();
    await call('fairs.addEmployer', { fairId: fair.id, employerId: e1.id, vacancyIds: [v2.id] });
    expect(await outboxCount()).toBe(before);
    const withBoth = await call('fairs.addEmployer', {
      fairId: fair.id,
      employerId: e2.id,
      vacancyIds: [v3.id],
    });
    expect(
      withBoth.employers.map((e) => [e.employerName, e.positions, e.vacancies.map((v) => v.title)]),
    ).toEqual([
      ['杭州安居物业管理有限公司', 5, ['家政服务员', '小区保安']],
      ['杭州康乐养老服务有限公司', 4, ['养老护理员']],
    ]);

    const p1 = await makeResident(s, rng(1), wants('4-10-01-06'));
    const p2 = await makeResident(s, rng(2), wants('4-10-01-06'));
    const p3 = await makeResident(s, rng(3), wants('4-10-01-05'));
    const p4 = await makeResident(s, rng(4), wants('4-07-05-01'));
    const p5 = await makeResident(s, rng(5), wants('6-18-01')); // a machinist: no vacancy of his at the fair

    // the candidate list is the matching over the fair's vacancies, each person once with the jobs they fit
    const found = await call('fairs.candidates', { fairId: fair.id });
    const byId = new Map(found.items.map((c) => [c.residentId, c]));
    expect([...byId.keys()].sort()).toEqual([p1.id, p2.id, p3.id, p4.id].sort());
    expect(byId.get(p1.id)!.vacancies[0]).toMatchObject({ id: v1.id, title: '家政服务员' });
    expect(byId.get(p4.id)!.vacancies.map((v) => v.id)).toContain(v2.id);
    expect(byId.get(p1.id)!.reasons.length).toBeGreaterThan(0);

    for (const p of [p1, p2, p3, p4]) await call('fairs.signUp', { fairId: fair.id, residentId: p.id });
    // signed-up people leave the candidate list
    expect((await call('fairs.candidates', { fairId: fair.id })).items).toEqual([]);

    // the fair day
    clock.set('2026-03-20');
    call = await loginAgain(s);
    await call('fairs.recordIntent', { fairId: fair.id, residentId: p1.id, vacancyId: v1.id });
    await call('fairs.recordIntent', { fairId: fair.id, residentId: p2.id, vacancyId: v1.id });
    await call('fairs.recordIntent', { fairId: fair.id, residentId: p4.id, vacancyId: v2.id });
    // a walk-in who did not sign up reaches an intent: signed up on the spot, in the same write
    before = await outboxCount();
    const walkIn = await call('fairs.recordIntent', { fairId: fair.id, residentId: p5.id, vacancyId: v3.id });
    expect(await outboxCount()).toBe(before + 3); // recommendation, sign-up, intent

    // each intent is a recommendation in the chain
    const recs = await call('recommendations.list', { vacancyId: v1.id });
    expect(recs.items.map((r) => r.residentId).sort()).toEqual([p1.id, p2.id].sort());
    expect((await call('recommendations.get', { id: walkIn.recommendationId })).status).toBe('recommended');

    const r1 = recs.items.find((r) => r.residentId === p1.id)!;
    const r2 = recs.items.find((r) => r.residentId === p2.id)!;
    await call('recommendations.update', { id: r1.id, status: 'interviewed' });
    await call('recommendations.update', { id: r1.id, status: 'hired' });
    await call('recommendations.update', { id: r2.id, status: 'interviewed' });
    await call('recommendations.update', { id: r2.id, status: 'not_hired', reason: '体检未通过' });

    // the hire through the fair: 就业结果 with channel 招聘会
    expect((await call('residents.get', { id: p1.id })).outcome).toMatchObject({
      result: 'placed',
      employer: '杭州安居物业管理有限公司',
      date: '2026-03-20',
      channel: '招聘会',
    });

    // by hand: employers 安居, 康乐 = 2; positions 3 + 2 + 4 = 9; sign-ups p1–p4 and the walk-in p5 = 5;
    // intents p1→家政, p2→家政, p4→保安, p5→护理 = 4; hired p1 = 1
    const figures = { employers: 2, positions: 9, signUps: 5, intents: 4, hired: 1 };
    expect(await call('fairs.summary', { fairId: fair.id })).toEqual({ ...figures, communityOnly: false });
    const got = await call('fairs.get', { id: fair.id });
    expect(got.summary).toEqual({ ...figures, communityOnly: false });
    expect(got.people.map((p) => p.residentId).sort()).toEqual([p1, p2, p3, p4, p5].map((p) => p.id).sort());
    const one = got.people.find((p) => p.residentId === p1.id)!;
    expect(one.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(one.intents).toEqual([
      expect.objectContaining({ vacancyTitle: '家政服务员', status: 'hired', reachedOn: '2026-03-20' }),
    ]);
    const list = await call('fairs.list', {});
    expect(list).toMatchObject({ total: 1, items: [{ id: fair.id, summary: { ...figures } }] });
    const mine = await call('fairs.ofResident', { residentId: p1.id });
    expect(mine.items).toEqual([
      expect.objectContaining({ fairId: fair.id, name: '春风行动专场招聘会', signedUpOn: '2026-03-15' }),
    ]);
    expect(mine.items[0]!.intents[0]).toMatchObject({ status: 'hired' });

    // the kitchen's vacancy never came to the fair: an intent for it brings it to 康乐's entry, in one write
    before = await outboxCount();
    const kitchen = await call('fairs.recordIntent', {
      fairId: fair.id,
      residentId: p5.id,
      vacancyId: v4.id,
    });
    expect(kitchen.brought).toBe('vacancy');
    expect(await outboxCount()).toBe(before + 3); // the entry, the recommendation, the intent
    const withKitchen = await call('fairs.get', { id: fair.id });
    expect(
      withKitchen.employers.map((e) => [e.employerName, e.positions, e.vacancies.map((v) => v.title)]),
    ).toEqual([
      ['杭州安居物业管理有限公司', 5, ['家政服务员', '小区保安']],
      ['杭州康乐养老服务有限公司', 5, ['养老护理员', '厨师']],
    ]);
    // by hand now: 2 employers; 9 + 1 (the kitchen's one position) = 10; sign-ups 5; intents 5; hired 1
    expect(withKitchen.summary).toEqual({
      employers: 2,
      positions: 10,
      signUps: 5,
      intents: 5,
      hired: 1,
      communityOnly: false,
    });
  });

  it('brings the employer of a vacancy named in an intent, with that vacancy only, or writes nothing', async () => {
    const e1 = await newEmployer(s, '杭州安居物业管理有限公司');
    const e2 = await newEmployer(s, '杭州九堡物流有限公司');
    const v1 = await vacancy(e1.id, '家政服务员', '4-10-01-06', 3);
    const v2 = await vacancy(e2.id, '仓库管理员', '4-07-05-01', 6);
    await vacancy(e2.id, '叉车司机', '4-03-02-01', 2); // e2's other vacancy: not brought by the intent
    const v4 = await vacancy(e2.id, '分拣员', '4-10-01-05', 4);
    await call('vacancies.update', { id: v4.id, status: 'closed' });
    const fair = await call('fairs.create', {
      name: '就业援助月招聘会',
      date: '2026-03-15',
      place: '景昙社区',
      organiser: '景昙社区',
    });
    await call('fairs.addEmployer', { fairId: fair.id, employerId: e1.id, vacancyIds: [v1.id] });
    const walkIn = await makeResident(s, rng(11), wants('4-07-05-01'));
    const other = await makeResident(s, rng(12), wants('4-07-05-01'));

    // a closed vacancy is not brought: refused in Chinese with its rule, nothing written
    let before = await outboxCount();
    await expect(
      call('fairs.recordIntent', { fairId: fair.id, residentId: walkIn.id, vacancyId: v4.id }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: '岗位「分拣员」已关闭，不能带到「就业援助月招聘会」，也就不能登记这条意向',
      details: { rule: { key: 'fairs.intentVacancyClosed' } },
    });
    await expect(
      call('fairs.recordIntent', {
        fairId: fair.id,
        residentId: walkIn.id,
        vacancyId: '0190a000-0000-7000-8000-000000000009',
      }),
    ).rejects.toMatchObject({ code: 'not_found', details: { rule: { key: 'fairs.vacancyNotFound' } } });
    expect(await outboxCount()).toBe(before);
    expect((await call('fairs.get', { id: fair.id })).employers).toHaveLength(1);

    // a walk-in's intent for e2's warehouse job: e2 joins the fair with that vacancy; the walk-in is signed up
    const intent = await call('fairs.recordIntent', {
      fairId: fair.id,
      residentId: walkIn.id,
      vacancyId: v2.id,
    });
    expect(intent.brought).toBe('employer');
    expect(await outboxCount()).toBe(before + 4); // the entry, the recommendation, the sign-up, the intent
    let got = await call('fairs.get', { id: fair.id });
    expect(got.employers.map((e) => [e.employerName, e.positions, e.vacancies.map((v) => v.id)])).toEqual([
      ['杭州安居物业管理有限公司', 3, [v1.id]],
      ['杭州九堡物流有限公司', 6, [v2.id]],
    ]);
    expect(got.summary).toEqual({
      employers: 2,
      positions: 9,
      signUps: 1,
      intents: 1,
      hired: 0,
      communityOnly: false,
    });

    // a second intent for the same vacancy brings nothing more
    before = await outboxCount();
    const second = await call('fairs.recordIntent', {
      fairId: fair.id,
      residentId: other.id,
      vacancyId: v2.id,
    });
    expect(second.brought).toBeNull();
    expect(await outboxCount()).toBe(before + 3); // the recommendation, the sign-up, the intent
    got = await call('fairs.get', { id: fair.id });
    expect(got.summary).toEqual({
      employers: 2,
      positions: 9,
      signUps: 2,
      intents: 2,
      hired: 0,
      communityOnly: false,
    });
    // the vacancy brought is on the fair's list for the candidates like any other
    expect((await call('fairs.candidates', { fairId: fair.id, vacancyId: v2.id })).items).toBeDefined();
  });

  it('refuses bad input in Chinese with the rule, writing nothing', async () => {
    const e = await newEmployer(s);
    const v = await vacancy(e.id, '家政服务员', '4-10-01-06', 2);
    const other = await newEmployer(s, '杭州九堡物流有限公司');
    const p = await makeResident(s, rng(7), wants('4-10-01-06'));
    const late = await makeResident(s, rng(8), wants('4-10-01-06'));
    const fair = await call('fairs.create', {
      name: '就业援助月招聘会',
      date: '2026-03-20',
      place: '景昙社区',
      organiser: '景昙社区',
    });
    const before = await outboxCount();
    const refused = async (p: Promise<unknown>, code: string, text: string) =>
      expect(p).rejects.toMatchObject({ code, message: expect.stringContaining(text) });

    await refused(
      call('fairs.create', { name: '太远的招聘会', date: '2027-06-01', place: '某地', organiser: '某单位' }),
      'invalid_input',
      '不能晚于一年以后',
    );
    await refused(
      call('fairs.create', { name: '太早的招聘会', date: '1999-12-31', place: '某地', organiser: '某单位' }),
      'invalid_input',
      '不能早于 2000-01-01',
    );
    await refused(
      call('fairs.create', {
        name: '就业援助月招聘会',
        date: '2026-03-20',
        place: '别处',
        organiser: '别人',
      }),
      'conflict',
      '同一天同名的招聘会不重复登记',
    );
    await refused(
      call('fairs.create', {
        name: '外街道招聘会',
        date: '2026-04-01',
        place: '某地',
        organiser: '某街道',
        streetCode: '330104006',
      }),
      'invalid_input',
      '只能登记本街道',
    );
    await refused(
      call('fairs.addEmployer', { fairId: fair.id, employerId: other.id, vacancyIds: [v.id] }),
      'invalid_input',
      '不是「杭州九堡物流有限公司」的岗位',
    );
    await refused(
      call('fairs.addEmployer', {
        fairId: '0190a000-0000-7000-8000-000000000000',
        employerId: e.id,
        vacancyIds: [v.id],
      }),
      'not_found',
      '找不到该招聘会',
    );
    await call('fairs.addEmployer', { fairId: fair.id, employerId: e.id, vacancyIds: [v.id] });
    await call('fairs.signUp', { fairId: fair.id, residentId: p.id });
    const afterGood = await outboxCount();
    expect(afterGood).toBe(before + 2);
    await refused(
      call('fairs.signUp', { fairId: fair.id, residentId: p.id }),
      'conflict',
      '同一场招聘会不重复报名',
    );
    await refused(
      call('fairs.signUp', { fairId: fair.id, residentId: '0190a000-0000-7000-8000-000000000001' }),
      'not_found',
      '找不到该居民',
    );
    // before the fair: no intent yet
    await refused(
      call('fairs.recordIntent', { fairId: fair.id, residentId: p.id, vacancyId: v.id }),
      'invalid_input',
      '意向日期不能早于举办日期',
    );
    clock.set('2026-03-21');
    call = await loginAgain(s);
    await refused(
      call('fairs.recordIntent', { fairId: fair.id, residentId: p.id, vacancyId: v.id, date: '2026-03-22' }),
      'invalid_input',
      '不能晚于今天',
    );
    await call('fairs.recordIntent', {
      fairId: fair.id,
      residentId: p.id,
      vacancyId: v.id,
      date: '2026-03-20',
    });
    const afterIntent = await outboxCount();
    await refused(
      call('fairs.recordIntent', { fairId: fair.id, residentId: p.id, vacancyId: v.id }),
      'conflict',
      '不重复登记',
    );
    // more than 30 days after the fair: sign-ups are closed
    clock.set('2026-04-25');
    call = await loginAgain(s);
    const afterLate = await outboxCount();
    await refused(
      call('fairs.signUp', { fairId: fair.id, residentId: late.id }),
      'conflict',
      '会后 30 天内补录',
    );
    expect(await outboxCount()).toBe(afterLate);
    expect(afterIntent).toBe(afterGood + 2); // recommendation and intent (already signed up)
    expect(await call('fairs.summary', { fairId: fair.id })).toEqual({
      employers: 1,
      positions: 2,
      signUps: 1,
      intents: 1,
      hired: 0,
      communityOnly: false,
    });
  });
});
