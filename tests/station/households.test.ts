// A household on the station: size and per-capita income from its members, and the zero-employment flag
// following the members' six-clears employment status as they find work.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newStation, type TestStation } from '../factories/station';
import { createResident, idWith, movableClock, outboxEntries, rowCounts } from './support';

let s: TestStation;
beforeEach(async () => {
  s = await newStation({ now: movableClock('2025-07-01T02:00:00Z').now });
});
afterEach(async () => {
  await s.close();
});

const unemployed = { status: 'unemployed' as const, confirmedAt: '2025-06-01' };

// per-capita income is computed on the revealed amount (masked otherwise: tests/station/reveal.test.ts)
describe('households', () => {
  it('size, per-capita income and zero-employment follow the members', async () => {
    const h = await s.call('households.create', { address: '景芳三区 5 幢 201', monthlyIncome: 2000 });
    expect(h).toMatchObject({ size: 0, perCapitaIncome: null, zeroEmployment: false, subsistence: 'none' });

    const father = await createResident(s, '张大', idWith('1975-01-01', '011'), { unemployment: unemployed });
    const mother = await createResident(s, '李芳', idWith('1977-01-01', '012'), { unemployment: unemployed });
    const grandma = await createResident(s, '王婆', idWith('1945-01-01', '022'));
    const child = await createResident(s, '张小', idWith('2015-01-01', '031'));
    for (const [r, rel] of [
      [father, '户主'],
      [mother, '配偶'],
      [grandma, '母亲'],
      [child, '子女'],
    ] as const)
      await s.call('households.setMember', { householdId: h.id, residentId: r.id, relation: rel });

    let got = await s.call('households.get', { id: h.id, reveal: true });
    expect(got.size).toBe(4);
    expect(got.perCapitaIncome).toBe(500);
    expect(got.zeroEmployment).toBe(true);
    expect(got.members.map((m) => [m.name, m.relation, m.age])).toEqual([
      ['王婆', '母亲', 80],
      ['张大', '户主', 50],
      ['李芳', '配偶', 48],
      ['张小', '子女', 10],
    ]);

    // the mother finds flexible work: no longer a zero-employment household
    await s.call('residents.update', {
      id: mother.id,
      unemployment: { status: 'flexible', confirmedAt: '2025-07-01' },
    });
    got = await s.call('households.get', { id: h.id, reveal: true });
    expect(got.zeroEmployment).toBe(false);
    expect(got.members.find((m) => m.name === '李芳')!.employment).toBe('flexible');

    // she leaves the household: the father alone is unemployed again → zero-employment, 3 people
    await s.call('households.removeMember', { householdId: h.id, residentId: mother.id });
    got = await s.call('households.get', { id: h.id, reveal: true });
    expect(got).toMatchObject({ size: 3, perCapitaIncome: 666.67, zeroEmployment: true });

    // a removed resident no longer counts
    await s.call('residents.remove', { id: father.id });
    got = await s.call('households.get', { id: h.id, reveal: true });
    expect(got).toMatchObject({ size: 2, zeroEmployment: false });
  });

  it('removeMember of someone not in the household is a conflict and writes nothing', async () => {
    const h = await s.call('households.create', {});
    const other = await s.call('households.create', {});
    const r = await createResident(s, '张大', idWith('1975-01-01', '011'));
    await s.call('households.setMember', { householdId: other.id, residentId: r.id });
    const before = await rowCounts(s.station);
    await expect(
      s.call('households.removeMember', { householdId: h.id, residentId: r.id }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await rowCounts(s.station)).toEqual(before);
  });

  it('setMember to a household that does not exist is not_found and writes nothing', async () => {
    const r = await createResident(s, '张大', idWith('1975-01-01', '011'));
    const n = (await outboxEntries(s.station)).length;
    await expect(
      s.call('households.setMember', {
        householdId: '01900000-0000-7000-8000-000000000000',
        residentId: r.id,
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    expect(await outboxEntries(s.station)).toHaveLength(n);
  });

  it('a resident can be put in a household through residents.update, and the household must exist', async () => {
    const h = await s.call('households.create', { monthlyIncome: 3000 });
    const r = await createResident(s, '张大', idWith('1975-01-01', '011'), { householdId: h.id });
    expect(r.householdId).toBe(h.id);
    await expect(
      s.call('residents.update', { id: r.id, householdId: '01900000-0000-7000-8000-000000000000' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'householdId' }],
    });
    const cleared = await s.call('residents.update', { id: r.id, householdId: null });
    expect(cleared.householdId).toBeNull();
  });
});
