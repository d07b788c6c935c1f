// residents.history: income stays masked unless the caller asks to see it (and that is logged), the ID
// number stays masked always, and six-clears sections come back as objects so a person can see what
// changed inside a section.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskHistoryValue, MASKED_INCOME } from '../../station/residents/history';
import { newStation, type TestStation } from '../factories/station';
import { createResident, fullClears, idWith, movableClock } from './support';

describe('residents.history and income', () => {
  let s: TestStation;
  beforeEach(async () => {
    s = await newStation({ now: movableClock('2025-07-01T02:00:00Z').now });
  });
  afterEach(async () => {
    await s.close();
  });

  async function residentWithIncomeChange() {
    const id = idWith('1978-04-12', '031');
    const clears = fullClears('2025-07-01');
    const r = await createResident(s, '周收入', id, { income: { ...clears.income, monthlyIncome: 6543 } });
    await s.call('residents.update', {
      id: r.id,
      income: { ...clears.income, householdSize: 4, monthlyIncome: 7321 },
    });
    return { r, id };
  }

  it('masks monthly income by default, keeps the rest of the section readable, and writes no access log', async () => {
    const { r, id } = await residentWithIncomeChange();
    const history = await s.call('residents.history', { id: r.id });
    const text = JSON.stringify(history);
    expect(text).not.toContain('6543');
    expect(text).not.toContain('7321');
    expect(text).not.toContain(id);
    expect(history.incomeMasked).toBe(true);

    const update = history.items[0]!;
    expect(update.op).toBe('update');
    const income = update.changes.find((c) => c.field === 'clear_income')!;
    // sections are objects, not JSON text, so what changed inside them can be shown
    expect(income.old).toEqual({
      householdSize: 3,
      monthlyIncome: MASKED_INCOME,
      subsistence: 'none',
      confirmedAt: '2025-07-01',
    });
    expect(income.new).toEqual({
      householdSize: 4,
      monthlyIncome: MASKED_INCOME,
      subsistence: 'none',
      confirmedAt: '2025-07-01',
    });
    expect(await s.station.db.selectFrom('access_log').selectAll().execute()).toEqual([]);
  });

  it('reveal: true shows income, logs who saw it, and still masks the ID number', async () => {
    const { r, id } = await residentWithIncomeChange();
    const me = await s.call('session.me', {});
    const history = await s.call('residents.history', { id: r.id, reveal: true });
    expect(history.incomeMasked).toBe(false);
    const income = history.items[0]!.changes.find((c) => c.field === 'clear_income')!;
    expect(income.old).toMatchObject({ monthlyIncome: 6543 });
    expect(income.new).toMatchObject({ monthlyIncome: 7321 });
    const created = history.items[1]!;
    expect(created.op).toBe('create');
    expect(created.changes.find((c) => c.field === 'id_number')!.new).toBe(
      `${id.slice(0, 6)}********${id.slice(14)}`,
    );
    expect(JSON.stringify(history)).not.toContain(id);

    const log = await s.station.db.selectFrom('access_log').selectAll().execute();
    expect(log).toEqual([
      {
        id: 1,
        operator_id: me.operator.id,
        entity: 'residents',
        row_id: r.id,
        what: 'reveal_income',
        at: '2025-07-01T02:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(log)).not.toContain('6543');
  });

  it('every section comes back parsed, and a cleared section is null', async () => {
    const r = await createResident(s, '吴六清', idWith('1982-02-02', '041'), fullClears('2025-07-01'));
    await s.call('residents.update', {
      id: r.id,
      training: null,
      skills: { items: [{ name: '焊工' }], confirmedAt: '2025-07-01' },
    });
    const { items } = await s.call('residents.history', { id: r.id });
    const sections = items.flatMap((e) => e.changes).filter((c) => c.field.startsWith('clear_'));
    expect(sections.length).toBeGreaterThanOrEqual(8);
    for (const c of sections) {
      for (const v of [c.old, c.new])
        expect(
          v === null || (typeof v === 'object' && !Array.isArray(v)),
          `${c.field}: ${JSON.stringify(v)}`,
        ).toBe(true);
    }
    const update = items[0]!;
    expect(update.changes.find((c) => c.field === 'clear_training')).toMatchObject({
      old: { wants: true, courses: ['育婴师'] },
      new: null,
    });
    expect(update.changes.find((c) => c.field === 'clear_skills')).toMatchObject({
      old: { items: [{ name: '电工', level: '中级' }] },
      new: { items: [{ name: '焊工' }] },
    });
  });

  it('refuses a reveal flag that is not a boolean', async () => {
    const r = await createResident(s, '郑某', idWith('1982-02-02', '051'));
    await expect(s.call('residents.history', { id: r.id, reveal: 'yes' as never })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'reveal' }],
    });
  });
});

describe('maskHistoryValue', () => {
  it('masks a household monthly income and an income section, but not an empty one', () => {
    expect(maskHistoryValue('monthly_income', 8800, false)).toBe(MASKED_INCOME);
    expect(maskHistoryValue('monthly_income', null, false)).toBeNull();
    expect(maskHistoryValue('monthly_income', 8800, true)).toBe(8800);
    expect(
      maskHistoryValue(
        'clear_income',
        '{"householdSize":2,"monthlyIncome":3000,"confirmedAt":"2025-01-01"}',
        false,
      ),
    ).toEqual({
      householdSize: 2,
      monthlyIncome: MASKED_INCOME,
      confirmedAt: '2025-01-01',
    });
    expect(maskHistoryValue('clear_income', null, false)).toBeNull();
    expect(maskHistoryValue('address', '景昙路 1 号', false)).toBe('景昙路 1 号');
  });

  it('a section that is not valid JSON is shown as its text, never thrown on', () => {
    expect(maskHistoryValue('clear_skills', '{broken', false)).toBe('{broken');
    // income text that cannot be parsed could hold the number: it is masked whole
    expect(maskHistoryValue('clear_income', '{broken 5000', false)).toBe(MASKED_INCOME);
  });
});
