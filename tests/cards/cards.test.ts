// Cards on a real station database: suggestions from the resident's and household's data, issue with
// confirmation, replace keeping history, cancel, contact card, the plan, print data and the print log,
// one outbox entry per changed row in the same transaction, and bad input refused with nothing written.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import type { TestStation } from '../factories/station';
import { Clock, loginAgain, makeResident, rng, stationAt } from './helpers';

let clock: Clock;
let s: TestStation;
beforeEach(async () => {
  clock = new Clock();
  s = await stationAt(clock);
});
afterEach(async () => {
  await s.close();
});

async function outbox(entity?: string) {
  let q = s.station.db.selectFrom('outbox').selectAll().orderBy('seq');
  if (entity) q = q.where('entity', '=', entity);
  return q.execute();
}

async function rejects(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('reference.assistanceCategories and cards.suggest', () => {
  it('lists the ten categories in force with code and name', async () => {
    const r = await s.call('reference.assistanceCategories', {});
    expect(r.asOf).toBe('2026-03-15');
    expect(r.items).toHaveLength(10);
    expect(r.items[0]).toMatchObject({ code: 'older_unemployed', name: '大龄失业人员', version: 1 });
    expect(r.items[0]!.params).toMatchObject({ minAgeFemale: 40, minAgeMale: 50 });
  });

  it('suggests from the resident: a 45-year-old unemployed woman, landless, unemployed 14 months', async () => {
    const res = await makeResident(s, rng(1), {
      sex: 'F',
      birthDate: '1980-05-20',
      since: '2025-01-10',
      landlessFarmer: true,
    });
    const { suggestions } = await s.call('cards.suggest', { residentId: res.id });
    expect(suggestions.map((x) => x.code)).toEqual([
      'older_unemployed',
      'long_term_unemployed',
      'landless_farmer',
    ]);
    expect(suggestions.every((x) => x.name && x.reason)).toBe(true);
    const earlier = await s.call('cards.suggest', { residentId: res.id, asOf: '2025-06-01' });
    expect(earlier.suggestions.map((x) => x.code)).toEqual(['older_unemployed', 'landless_farmer']);
  });

  it('a household stops being zero-employment when a member gets a job', async () => {
    const hh = await s.call('households.create', { address: '景昙路 1 号' });
    const a = await makeResident(s, rng(2), { sex: 'M', birthDate: '1990-01-01', householdId: hh.id });
    const b = await makeResident(s, rng(3), { sex: 'F', birthDate: '1992-01-01', householdId: hh.id });
    const codes = async () =>
      (await s.call('cards.suggest', { residentId: a.id })).suggestions.map((x) => x.code);
    expect(await codes()).toContain('zero_employment_family');
    await s.call('residents.update', {
      id: b.id,
      unemployment: { status: 'employed', since: '2026-03-01', confirmedAt: '2026-03-15' },
    });
    expect(await codes()).not.toContain('zero_employment_family');
  });

  it('refuses an unknown resident and a malformed id', async () => {
    expect(
      (await rejects(s.call('cards.suggest', { residentId: '0190a0a0-0000-7000-8000-000000000000' }))).code,
    ).toBe('not_found');
    const e = await rejects(s.call('cards.suggest', { residentId: 'abc' }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toContain('居民 id 格式不正确');
  });
});

describe('cards.issue', () => {
  it("issues a card whose number is community + station + year + sequence, with the rules' reasons", async () => {
    const res = await makeResident(s, rng(4), { landlessFarmer: true });
    const card = await s.call('cards.issue', {
      residentId: res.id,
      categories: ['older_unemployed', 'landless_farmer'],
    });
    expect(card.cardNumber).toBe('330104005051-01-2026-00001');
    expect(card.status).toBe('valid');
    expect(card.holderName).toBe(res.name);
    expect(card.holderIdNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(card.categories.map((c) => [c.code, c.suggested])).toEqual([
      ['older_unemployed', true],
      ['landless_farmer', true],
    ]);
    expect(card.categories[0]!.reason).toContain('周岁');
    expect(card.issuedOn).toBe('2026-03-15');
    expect(card.issuedBy).toBe('王管理');
    const second = await s.call('cards.issue', {
      residentId: (await makeResident(s, rng(5))).id,
      categories: ['older_unemployed'],
    });
    expect(second.cardNumber).toBe('330104005051-01-2026-00002');
  });

  it("records the assistant's reason for a category the rules did not suggest, and demands it", async () => {
    const res = await makeResident(s, rng(6));
    const e = await rejects(s.call('cards.issue', { residentId: res.id, categories: ['veteran'] }));
    expect(e.code).toBe('invalid_input');
    expect(e.message).toBe('「退役军人」不在系统建议的类别中，请填写认定理由');
    const card = await s.call('cards.issue', {
      residentId: res.id,
      categories: ['veteran'],
      reason: '持退役证，档案未录入',
    });
    expect(card.categories[0]).toMatchObject({
      code: 'veteran',
      suggested: false,
      reason: '协理员认定：持退役证，档案未录入',
    });
    expect(card.issueReason).toBe('持退役证，档案未录入');
  });

  it('one valid card per person; unknown categories and empty lists are refused with nothing written', async () => {
    const res = await makeResident(s, rng(7));
    const before = (await outbox()).length;
    expect(
      (await rejects(s.call('cards.issue', { residentId: res.id, categories: ['no_such'] }))).message,
    ).toBe('援助对象类别「no_such」不存在或已停用');
    expect((await rejects(s.call('cards.issue', { residentId: res.id, categories: [] }))).message).toContain(
      '请至少确认一个援助对象类别',
    );
    expect((await outbox()).length).toBe(before);
    const card = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    const dup = await rejects(
      s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] }),
    );
    expect(dup.code).toBe('conflict');
    expect(dup.message).toContain(card.cardNumber);
    // the refused issue used no sequence number
    const next = await s.call('cards.issue', {
      residentId: (await makeResident(s, rng(8))).id,
      categories: ['older_unemployed'],
    });
    expect(next.cardNumber.endsWith('-00002')).toBe(true);
    expect(await s.station.db.selectFrom('cards').select('id').execute()).toHaveLength(2);
  });

  it('writes the card, the plan and their outbox entries in one transaction', async () => {
    const res = await makeResident(s, rng(9));
    const card = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    const [entry] = await outbox('cards');
    expect(entry).toMatchObject({ row_id: card.id, op: 'create', operator_name: '王管理' });
    const fields = JSON.parse(entry!.fields) as Record<string, [unknown, unknown]>;
    expect(fields.card_number).toEqual([null, card.cardNumber]);
    expect(fields.status).toEqual([null, 'valid']);
    expect((await outbox('card_plans')).map((e) => e.row_id)).toEqual([res.id]);
  });
});

describe('replace and cancel', () => {
  it('replace keeps history: old card replaced with its reason, new card links to it, contact and plan carried', async () => {
    const res = await makeResident(s, rng(10));
    const old = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    await s.call('cards.setContact', {
      cardId: old.id,
      officerName: '李援助',
      officerPhone: '0571-86012345',
      hours: '周一至周五 9:00-17:00',
    });
    await s.call('plans.addMeasure', {
      cardId: old.id,
      kind: 'training',
      owner: '李援助',
      dueDate: '2026-04-30',
      note: '家政培训',
    });
    const fresh = await s.call('cards.replace', { id: old.id, reason: '卡片遗失' });
    expect(fresh.cardNumber).toBe('330104005051-01-2026-00002');
    expect(fresh).toMatchObject({ status: 'valid', replacesId: old.id, issueReason: '换卡：卡片遗失' });
    expect(fresh.categories).toEqual(old.categories);
    expect(fresh.contact).toMatchObject({ officerName: '李援助', officerPhone: '0571-86012345' });
    const oldNow = await s.call('cards.get', { id: old.id });
    expect(oldNow).toMatchObject({
      status: 'replaced',
      replacedById: fresh.id,
      statusReason: '卡片遗失',
      cardNumber: old.cardNumber,
    });
    const list = await s.call('cards.list', { residentId: res.id });
    expect(list.items.map((c) => [c.cardNumber, c.status])).toEqual([
      [fresh.cardNumber, 'valid'],
      [old.cardNumber, 'replaced'],
    ]);
    const plan = await s.call('plans.get', { cardId: fresh.id });
    expect(plan.measures.map((m) => m.note)).toEqual(['家政培训']);
    // outbox: old card's status change carries its whole group; new card created
    const entries = (await outbox('cards')).slice(1);
    expect(entries.map((e) => [e.row_id, e.op])).toEqual([
      [old.id, 'update'],
      [fresh.id, 'create'],
    ]);
    expect(Object.keys(JSON.parse(entries[0]!.fields)).sort()).toEqual(
      ['card_number', 'replaced_by_id', 'status', 'status_changed_at', 'status_reason'].sort(),
    );
    await expect(s.call('cards.replace', { id: old.id, reason: '再次换卡' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('cancel needs a reason; a cancelled card cannot be cancelled, replaced or printed', async () => {
    const res = await makeResident(s, rng(11));
    const card = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    const e = await rejects(s.call('cards.cancel', { id: card.id, reason: ' ' }));
    expect(e.message).toBe('输入有误：请填写原因（至少 2 个字）');
    const cancelled = await s.call('cards.cancel', { id: card.id, reason: '已就业，本人申请注销' });
    expect(cancelled).toMatchObject({ status: 'cancelled', statusReason: '已就业，本人申请注销' });
    const refusals = [
      await rejects(s.call('cards.cancel', { id: card.id, reason: '重复' })),
      await rejects(s.call('cards.replace', { id: card.id, reason: '重复' })),
      await rejects(s.call('cards.printData', { ids: [card.id] })),
    ];
    expect(refusals.map((r) => [r.code, r.message])).toEqual([
      ['conflict', `援助卡 ${card.cardNumber} 已注销，不能注销`],
      ['conflict', `援助卡 ${card.cardNumber} 已注销，不能换卡`],
      ['conflict', `援助卡 ${card.cardNumber} 已注销，不能打印`],
    ]);
    // after cancelling, the person may get a new card
    const again = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    expect(again.cardNumber.endsWith('-00002')).toBe(true);
  });
});

describe('contact card and plan', () => {
  it('contact card: set, update with one outbox entry each, bad phone refused', async () => {
    const res = await makeResident(s, rng(12));
    const card = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    const c1 = await s.call('cards.setContact', {
      cardId: card.id,
      officerName: '李援助',
      officerPhone: '138 1234 5678',
      hours: '工作日 9:00-17:00',
    });
    expect(c1.officerPhone).toBe('13812345678');
    await s.call('cards.setContact', {
      cardId: card.id,
      officerName: '李援助',
      officerPhone: '13812345678',
      hours: '工作日 9:00-17:00',
    });
    await s.call('cards.setContact', {
      cardId: card.id,
      officerName: '赵援助',
      officerPhone: '13912345678',
      hours: '工作日 9:00-17:00',
    });
    const entries = await outbox('contact_cards');
    expect(entries.map((e) => e.op)).toEqual(['create', 'update']); // the unchanged call wrote nothing
    expect(Object.keys(JSON.parse(entries[1]!.fields)).sort()).toEqual(['officer_name', 'officer_phone']);
    const bad = await rejects(
      s.call('cards.setContact', {
        cardId: card.id,
        officerName: '赵援助',
        officerPhone: '12345',
        hours: '工作日',
      }),
    );
    expect(bad.code).toBe('invalid_input');
    expect(bad.issues?.[0]?.path).toBe('officerPhone');
    expect((await s.call('cards.get', { id: card.id })).contact?.officerName).toBe('赵援助');
  });

  it('measures become overdue after their due date, and completing one adds a service to the timeline', async () => {
    const res = await makeResident(s, rng(13));
    const card = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    const m1 = await s.call('plans.addMeasure', {
      cardId: card.id,
      kind: 'job_recommendation',
      owner: '李援助',
      dueDate: '2026-03-20',
      note: '推荐保洁岗位',
    });
    const m2 = await s.call('plans.addMeasure', {
      cardId: card.id,
      kind: 'follow_up_visit',
      owner: '王管理',
      dueDate: '2026-04-15',
    });
    expect((await s.call('cards.overdueMeasures', {})).total).toBe(0);
    clock.set('2026-03-20');
    let call = await loginAgain(s);
    expect((await call('cards.overdueMeasures', {})).total).toBe(0); // due today is not overdue
    clock.set('2026-03-25');
    call = await loginAgain(s);
    const overdue = await call('cards.overdueMeasures', {});
    expect(overdue.items.map((o) => [o.measure.id, o.daysOverdue, o.cardNumber, o.holderName])).toEqual([
      [m1.id, 5, card.cardNumber, res.name],
    ]);
    await call('plans.completeMeasure', { measureId: m1.id, result: '已推荐至某物业公司，待面试' });
    expect((await call('cards.overdueMeasures', {})).total).toBe(0);
    await call('plans.addService', {
      cardId: card.id,
      kind: 'policy_advice',
      note: '讲解社保补贴政策',
      date: '2026-03-22',
    });
    const plan = await call('plans.get', { cardId: card.id });
    expect(plan.measures.map((m) => [m.id, m.status])).toEqual([
      [m1.id, 'done'],
      [m2.id, 'open'],
    ]);
    expect(plan.services.map((x) => [x.date, x.kind, x.note])).toEqual([
      ['2026-03-25', 'job_recommendation', '已推荐至某物业公司，待面试'],
      ['2026-03-22', 'policy_advice', '讲解社保补贴政策'],
    ]);
    expect((await rejects(call('plans.completeMeasure', { measureId: m1.id }))).code).toBe('conflict');
    const future = await rejects(
      call('plans.addService', { cardId: card.id, kind: 'other', note: '回访', date: '2026-04-01' }),
    );
    expect(future.message).toBe('服务日期不能晚于今天');
    const badKind = await rejects(
      call('plans.addMeasure', {
        cardId: card.id,
        kind: 'lunch' as never,
        owner: 'x',
        dueDate: '2026-04-01',
      }),
    );
    expect(badKind.message).toBe('输入有误：请选择援助措施类型');
    const badDate = await rejects(
      call('plans.addMeasure', { cardId: card.id, kind: 'training', owner: 'x', dueDate: '2026-02-30' }),
    );
    expect(badDate.issues?.[0]?.path).toBe('dueDate');
    // a cancelled card's measures leave the work list
    clock.set('2026-05-01');
    call = await loginAgain(s);
    expect((await call('cards.overdueMeasures', {})).total).toBe(1);
    await call('cards.cancel', { id: card.id, reason: '迁出本社区' });
    expect((await call('cards.overdueMeasures', {})).total).toBe(0);
  });
});

describe('printing data and the print log', () => {
  it('print data is masked and ordered as asked; the log marks reprints and has an outbox entry each', async () => {
    const a = await makeResident(s, rng(14));
    const b = await makeResident(s, rng(15));
    const ca = await s.call('cards.issue', { residentId: a.id, categories: ['older_unemployed'] });
    const cb = await s.call('cards.issue', { residentId: b.id, categories: ['long_term_unemployed'] });
    const data = await s.call('cards.printData', { ids: [cb.id, ca.id] });
    expect(data.items.map((x) => x.cardNumber)).toEqual([cb.cardNumber, ca.cardNumber]);
    const full = await s.call('residents.get', { id: b.id, reveal: true });
    expect(data.items[0]).toMatchObject({
      holderName: b.name,
      holderIdNumber: full.idNumber.slice(0, 6) + '********' + full.idNumber.slice(14),
      communityName: '景昙社区',
      categories: [{ code: 'long_term_unemployed', name: '长期失业人员' }],
      printedBefore: false,
    });
    expect(JSON.stringify(data)).not.toContain(full.idNumber);
    const first = await s.call('cards.logPrint', { ids: [ca.id, cb.id], layout: 'sheet' });
    expect(first.items.map((x) => x.reprint)).toEqual([false, false]);
    const again = await s.call('cards.logPrint', { ids: [cb.id], layout: 'card' });
    expect(again.items[0]).toMatchObject({
      reprint: true,
      cardNumber: cb.cardNumber,
      holderName: b.name,
      operatorName: '王管理',
    });
    expect((await s.call('cards.printData', { ids: [cb.id] })).items[0]!.printedBefore).toBe(true);
    const log = await s.call('cards.printLog', {});
    expect(log.total).toBe(3);
    expect(
      (await s.call('cards.printLog', { cardId: cb.id })).items.map((x) => [x.layout, x.reprint]),
    ).toEqual([
      ['card', true],
      ['sheet', false],
    ]);
    expect((await outbox('card_prints')).length).toBe(3);
  });

  it('refuses an empty selection, a bad layout and an unknown card without logging anything', async () => {
    expect((await rejects(s.call('cards.printData', { ids: [] }))).message).toBe(
      '输入有误：请至少选择一张援助卡',
    );
    const res = await makeResident(s, rng(16));
    const card = await s.call('cards.issue', { residentId: res.id, categories: ['older_unemployed'] });
    expect(
      (await rejects(s.call('cards.logPrint', { ids: [card.id], layout: 'poster' as never }))).message,
    ).toBe('输入有误：版式应为 card、sheet 或 booklet');
    const unknown = await rejects(
      s.call('cards.logPrint', { ids: [card.id, '0190a0a0-0000-7000-8000-000000000000'], layout: 'card' }),
    );
    expect(unknown).toMatchObject({ code: 'not_found', message: '找不到第 2 张援助卡' });
    expect(await s.station.db.selectFrom('card_prints').select('id').execute()).toHaveLength(0);
    expect(await outbox('card_prints')).toHaveLength(0);
  });

  it('needs a logged-in operator', async () => {
    const e = await rejects(s.station.call('cards.list', {}));
    expect(e.code).toBe('unauthorized');
  });
});
