// Subsidy applications on a real station (SQLite file): the checklist, the standard amount, eligibility with
// its reasons, one claim per person, policy and period, and bad input refused whole — no row, no outbox entry.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/errors';
import { newStation, type TestStation } from '../factories/station';
import { NOON_2026_09_15, SOCIAL_INSURANCE_DOCS, flexibleCardHolder } from './helpers';

let s: TestStation;
beforeEach(async () => {
  s = await newStation({ now: () => NOON_2026_09_15 });
});
afterEach(() => s.close());

async function outboxCount(): Promise<number> {
  const r = await s.station.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function refused(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe('subsidies.apply', () => {
  it('prepares an application with its checklist and the reasons it qualifies, and lists it', async () => {
    const { resident, card } = await flexibleCardHolder(s, 7);
    const app = await s.call('subsidies.apply', {
      policyCode: 'social_insurance',
      residentId: resident.id,
      period: { from: '2026-09-01', to: '2027-02-28' },
      amount: 3600,
      documents: SOCIAL_INSURANCE_DOCS,
    });
    expect(app).toMatchObject({
      policyName: '社会保险补贴',
      status: 'submitted',
      months: 6,
      standardAmount: 3600,
      residentName: resident.name,
    });
    expect(app.idNumberMasked).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
    expect(app.documents.every((d) => d.provided)).toBe(true);
    expect(app.eligibilityReason).toContain(`持有效就业援助卡 ${card.cardNumber}`);
    const list = await s.call('subsidies.list', { residentId: resident.id });
    expect(list.items.map((x) => x.id)).toEqual([app.id]);
    const entry = await s.station.db
      .selectFrom('outbox')
      .selectAll()
      .where('entity', '=', 'subsidy_applications')
      .executeTakeFirstOrThrow();
    expect(entry.row_id).toBe(app.id);
    const totals = await s.call('subsidies.totals', { from: '2026-01-01', to: '2026-12-31' });
    expect(totals.items).toEqual([
      {
        policyCode: 'social_insurance',
        policyName: '社会保险补贴',
        personTimes: 1,
        amount: 3600,
        approved: 0,
        paid: 0,
        paidAmount: 0,
      },
    ]);
  });

  it('refuses bad input in plain Chinese and writes nothing', async () => {
    const { resident } = await flexibleCardHolder(s, 8);
    const young = await s.call('residents.create', {
      name: '李小青',
      idNumber: '330104199601010027',
      outcome: { result: 'flexible', date: '2026-08-01', confirmedAt: '2026-09-15' },
    });
    const base = {
      policyCode: 'social_insurance',
      residentId: resident.id,
      period: { from: '2026-09-01', to: '2026-12-31' },
      amount: 2400,
      documents: SOCIAL_INSURANCE_DOCS,
    };
    await s.call('subsidies.apply', base);
    const before = await outboxCount();
    const cases: Array<[object, RegExp, string]> = [
      [
        { amount: 2400.01 },
        /申请金额 ¥2,400.01 超过政策标准 ¥2,400.00（¥600.00\/月 × 4 个月）/,
        'invalid_input',
      ],
      [
        { period: { from: '2026-10-01', to: '2027-03-31' } },
        /已申请「社会保险补贴」2026-09-01 至 2026-12-31（已申报），与本次期间重叠/,
        'conflict',
      ],
      [{ residentId: young.id }, /不符合「社会保险补贴」的条件：.*须持有效就业援助卡/, 'invalid_input'],
      [{ period: { from: '2026-11-01', to: '2026-10-01' } }, /截止日期不能早于起始日期/, 'invalid_input'],
      [
        { period: { from: '2026-11-01', to: '2027-02-28' } },
        /补贴起始日期不能晚于一个月以后/,
        'invalid_input',
      ],
      [{ period: { from: '2026-09-01', to: '2030-02-28' } }, /补贴截止日期不能晚于一年以后/, 'invalid_input'],
      [{ period: { from: '2006-01-01', to: '2006-02-28' } }, /不能早于 2007 年/, 'invalid_input'],
      [
        { period: { from: '2023-01-01', to: '2026-08-31' } },
        /每次申请最长 36 个月，本次 44 个月/,
        'invalid_input',
      ],
      [{ documents: SOCIAL_INSURANCE_DOCS.slice(1) }, /还缺申请材料：补贴申请表/, 'invalid_input'],
      [{ policyCode: 'nonsense' }, /政策「nonsense」不存在/, 'invalid_input'],
      [{ policyCode: 'employer_hire', amount: 100 }, /由用人单位申请，请选择用人单位/, 'invalid_input'],
      [{ amount: -5 }, /金额应大于 0/, 'invalid_input'],
    ];
    for (const [change, message, code] of cases) {
      const err = await refused(s.call('subsidies.apply', { ...base, ...change } as never));
      expect(err.message, JSON.stringify(change)).toMatch(message);
      expect(err.code).toBe(code);
    }
    expect(await outboxCount()).toBe(before);
    expect((await s.call('subsidies.list', {})).total).toBe(1);
    // the next period, not overlapping, is a new claim
    const next = await s.call('subsidies.apply', {
      ...base,
      period: { from: '2026-08-01', to: '2026-08-31' },
      amount: 600,
    });
    expect(next.status).toBe('submitted');
  });

  it('answers eligibility for every policy in force, with reasons', async () => {
    const { resident } = await flexibleCardHolder(s, 9);
    const r = await s.call('subsidies.eligibility', { residentId: resident.id, asOf: '2026-09-15' });
    const si = r.items.find((x) => x.code === 'social_insurance')!;
    expect(si.eligible).toBe(true);
    const pw = r.items.find((x) => x.code === 'public_welfare_post')!;
    expect(pw).toMatchObject({ eligible: false, reasons: ['就业结果须为公益性岗位安置'] });
    const cat = await s.call('reference.policies', {});
    expect(cat.items.map((p) => p.name)).toEqual([
      '企业用工补助',
      '社会保险补贴',
      '公益性岗位补贴',
      '开业补贴',
      '学历教育补贴',
      '在岗技能培训补贴',
    ]);
  });
});
