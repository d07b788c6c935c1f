// Partial updates change only what the caller sent (regression: zod defaults inside .partial() used to
// reset 低保 status, contacts and vacancy status on every edit), and the employer/household/vacancy
// searches treat % and _ as text, not as SQL wildcards.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { creditCheckCharacter } from '../../shared/validators/creditCode';
import { outboxEntries } from './support';

let s: TestStation;
beforeEach(async () => {
  s = await newStation();
});
afterEach(async () => {
  await s.close();
});

function creditCode(body: string): string {
  const first17 = ('9133010' + body).padEnd(17, '0').slice(0, 17);
  return first17 + creditCheckCharacter(first17);
}

describe('partial updates keep what was not sent', () => {
  it('a household edit keeps its subsistence status', async () => {
    const h = await s.call('households.create', { address: '景芳一区', subsistence: 'dibao' });
    const after = await s.call('households.update', { id: h.id, address: '景芳二区' });
    expect(after.subsistence).toBe('dibao');
    expect((await outboxEntries(s.station)).at(-1)!.fields).toEqual({ address: ['景芳一区', '景芳二区'] });
  });

  it('an employer edit keeps its contacts', async () => {
    const e = await s.call('employers.create', {
      creditCode: creditCode('4MA2A'),
      name: '某公司',
      contacts: [{ name: '陈经理', phone: '13812345678' }],
    });
    const after = await s.call('employers.update', { id: e.id, address: '凯旋路 8 号' });
    expect(after.contacts).toEqual([{ name: '陈经理', phone: '13812345678' }]);
  });

  it('a vacancy edit keeps its status', async () => {
    const e = await s.call('employers.create', { creditCode: creditCode('4MA2B'), name: '某公司' });
    const v = await s.call('vacancies.create', {
      employerId: e.id,
      title: '保洁',
      positions: 2,
      validFrom: '2025-01-01',
      validTo: '2099-12-31',
      status: 'filled',
    });
    const after = await s.call('vacancies.update', { id: v.id, title: '保洁员' });
    expect(after.status).toBe('filled');
    expect((await outboxEntries(s.station)).at(-1)!.fields).toEqual({ title: ['保洁', '保洁员'] });
  });

  it('a vacancy update cannot make the wage range upside down against stored values', async () => {
    const e = await s.call('employers.create', { creditCode: creditCode('4MA2C'), name: '某公司' });
    const v = await s.call('vacancies.create', {
      employerId: e.id,
      title: '保安',
      positions: 1,
      wageMin: 4000,
      wageMax: 5000,
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    });
    const n = (await outboxEntries(s.station)).length;
    await expect(s.call('vacancies.update', { id: v.id, wageMin: 6000 })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'wageMax' }],
    });
    expect(await outboxEntries(s.station)).toHaveLength(n);
  });
});

describe('searches of the employer book and households take % and _ literally', () => {
  it('employers', async () => {
    await s.call('employers.create', { creditCode: creditCode('4MA2D'), name: '杭州甲公司' });
    await s.call('employers.create', { creditCode: creditCode('4MA2E'), name: '杭州乙公司' });
    for (const q of ['%', '_', '杭州%公司', '杭_']) {
      expect((await s.call('employers.search', { query: q })).items).toEqual([]);
      expect((await s.call('employers.list', { query: q })).total).toBe(0);
    }
    expect((await s.call('employers.search', { query: '甲' })).items.map((e) => e.name)).toEqual([
      '杭州甲公司',
    ]);
    expect((await s.call('employers.search', { query: 'hzjgs' })).items.map((e) => e.name)).toEqual([
      '杭州甲公司',
    ]);
  });

  it('households and vacancies', async () => {
    await s.call('households.create', { address: '景芳一区 3 幢', headName: '张三' });
    const e = await s.call('employers.create', { creditCode: creditCode('4MA2F'), name: '某公司' });
    await s.call('vacancies.create', {
      employerId: e.id,
      title: '保安',
      positions: 1,
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
    });
    for (const q of ['%', '_', '景芳%']) {
      expect((await s.call('households.list', { query: q })).total).toBe(0);
      expect((await s.call('vacancies.list', { query: q })).total).toBe(0);
    }
    expect((await s.call('households.list', { query: '景芳' })).total).toBe(1);
    expect((await s.call('vacancies.list', { query: '保安' })).total).toBe(1);
  });
});
