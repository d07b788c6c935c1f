// One rule for personal data in answers, on a real station: a full ID number and any income amount come
// masked unless the caller asks `reveal`, and every reveal writes the access log (who, whose, when, what —
// never the value), whether it is residents.get, residents.history or households.get. Writes and lists
// always answer masked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MASKED_INCOME } from '../../shared/domain/privacy';
import { newStation, type TestStation } from '../factories/station';
import { createResident, fullClears, idWith, movableClock } from './support';

const AT = '2025-07-01T02:00:00.000Z';
const RESIDENT_INCOME = 6543.21;
const HOUSEHOLD_INCOME = 8765.42;

let s: TestStation;
beforeEach(async () => {
  s = await newStation({ now: movableClock(AT).now });
});
afterEach(async () => {
  await s.close();
});

const accessLog = () =>
  s.station.db.selectFrom('access_log').select(['operator_id', 'entity', 'row_id', 'what', 'at']).execute();
const me = async () => (await s.call('session.me', {})).operator.id;

/** A resident with every clear (income included), in a household with an income. */
async function residentWithIncome() {
  const idNumber = idWith('1978-04-12', '031');
  const household = await s.call('households.create', {
    address: '景昙路 1 号',
    monthlyIncome: HOUSEHOLD_INCOME,
    subsistence: 'none',
  });
  const clears = fullClears('2025-07-01');
  const r = await createResident(s, '周收入', idNumber, {
    ...clears,
    income: { ...clears.income, monthlyIncome: RESIDENT_INCOME },
    householdId: household.id,
  });
  return { r, idNumber, household };
}

/** No trace of the secrets anywhere in an answer. */
function expectNoSecrets(answer: unknown, idNumber: string, what: string) {
  const text = JSON.stringify(answer);
  for (const secret of [
    idNumber,
    String(RESIDENT_INCOME),
    String(HOUSEHOLD_INCOME),
    String(HOUSEHOLD_INCOME / 2), // per capita of the two-member household
    String(HOUSEHOLD_INCOME / 1),
  ])
    expect(text, `${what} shows ${secret}`).not.toContain(secret);
}

describe('residents.get', () => {
  it('masks the income amount (and the ID number) without a reveal, and logs nothing', async () => {
    const { r, idNumber } = await residentWithIncome();
    const plain = await s.call('residents.get', { id: r.id });
    expect(plain.income).toEqual({
      householdSize: 3,
      monthlyIncome: MASKED_INCOME,
      subsistence: 'none',
      confirmedAt: '2025-07-01',
    });
    expect(plain).toMatchObject({ incomeMasked: true, idNumberMasked: true });
    // masking changes nothing the six-clears state says
    expect(plain.sixClearsState.complete).toBe(true);
    expectNoSecrets(plain, idNumber, 'residents.get');
    expect(await accessLog()).toEqual([]);
  });

  it('reveal shows the income and the ID number and logs both, like the history’s reveal', async () => {
    const { r, idNumber } = await residentWithIncome();
    const shown = await s.call('residents.get', { id: r.id, reveal: true });
    expect(shown).toMatchObject({ idNumber, idNumberMasked: false, incomeMasked: false });
    expect(shown.income?.monthlyIncome).toBe(RESIDENT_INCOME);
    const who = await me();
    expect(await accessLog()).toEqual([
      { operator_id: who, entity: 'residents', row_id: r.id, what: 'reveal_id_number', at: AT },
      { operator_id: who, entity: 'residents', row_id: r.id, what: 'reveal_income', at: AT },
    ]);
    expectNoSecrets(await accessLog(), idNumber, 'the access log');

    // the history's reveal writes its line the same way
    await s.call('residents.history', { id: r.id, reveal: true });
    expect((await accessLog()).at(-1)).toEqual({
      operator_id: who,
      entity: 'residents',
      row_id: r.id,
      what: 'reveal_income',
      at: AT,
    });
  });

  it('a resident without an income amount: the reveal logs the ID number only', async () => {
    const r = await createResident(s, '陈静', idWith('1990-03-15', '002'));
    const shown = await s.call('residents.get', { id: r.id, reveal: true });
    expect(shown.income).toBeNull();
    expect((await accessLog()).map((l) => l.what)).toEqual(['reveal_id_number']);
  });
});

describe('households.get', () => {
  it('masks the income and the per-capita income without a reveal; reveal shows them and is logged', async () => {
    const { household, idNumber } = await residentWithIncome();
    const plain = await s.call('households.get', { id: household.id });
    expect(plain).toMatchObject({
      monthlyIncome: MASKED_INCOME,
      perCapitaIncome: MASKED_INCOME,
      incomeMasked: true,
      size: 1,
    });
    expectNoSecrets(plain, idNumber, 'households.get');
    expect(await accessLog()).toEqual([]);

    const shown = await s.call('households.get', { id: household.id, reveal: true });
    expect(shown).toMatchObject({
      monthlyIncome: HOUSEHOLD_INCOME,
      perCapitaIncome: HOUSEHOLD_INCOME,
      incomeMasked: false,
    });
    expect(await accessLog()).toEqual([
      { operator_id: await me(), entity: 'households', row_id: household.id, what: 'reveal_income', at: AT },
    ]);
  });

  it('a household without an income: nothing to mask, and a reveal logs nothing', async () => {
    const h = await s.call('households.create', { address: '景昙路 2 号', subsistence: 'none' });
    const plain = await s.call('households.get', { id: h.id });
    expect(plain).toMatchObject({ monthlyIncome: null, perCapitaIncome: null });
    await s.call('households.get', { id: h.id, reveal: true });
    expect(await accessLog()).toEqual([]);
  });

  it('refuses a reveal flag that is not a boolean', async () => {
    const h = await s.call('households.create', { subsistence: 'none' });
    await expect(s.call('households.get', { id: h.id, reveal: 1 as never })).rejects.toMatchObject({
      code: 'invalid_input',
      issues: [{ path: 'reveal' }],
    });
  });
});

describe('every other method that answers with a resident or a household', () => {
  it('answers masked and logs nothing: writes, lists, search, work list, cards and print data', async () => {
    const { r, idNumber, household } = await residentWithIncome();
    const other = await createResident(s, '吴六清', idWith('1980-05-20', '041'));
    const clears = fullClears('2025-07-01');
    const answers: Array<[string, unknown]> = [
      [
        'residents.create',
        await createResident(s, '郑某', idWith('1982-02-02', '051'), {
          income: { ...clears.income, monthlyIncome: RESIDENT_INCOME },
        }),
      ],
      ['residents.update', await s.call('residents.update', { id: r.id, note: '复核' })],
      [
        'residents.update (income)',
        await s.call('residents.update', {
          id: r.id,
          income: { ...clears.income, householdSize: 2, monthlyIncome: RESIDENT_INCOME },
        }),
      ],
      [
        'residents.confirmClears',
        await s.call('residents.confirmClears', { id: r.id, sections: ['income'] }),
      ],
      ['residents.search', await s.call('residents.search', { query: '周收入' })],
      ['residents.search (ID)', await s.call('residents.search', { query: idNumber })],
      ['residents.list', await s.call('residents.list', { offset: 0, limit: 10 })],
      ['residents.findByIdNumber', await s.call('residents.findByIdNumber', { idNumber })],
      [
        'residents.possibleDuplicates',
        await s.call('residents.possibleDuplicates', { name: '周收入', birthDate: '1978-04-12' }),
      ],
      ['residents.history', await s.call('residents.history', { id: r.id })],
      ['worklist.today', await s.call('worklist.today', { offset: 0, limit: 50 })],
      [
        'households.update',
        await s.call('households.update', { id: household.id, monthlyIncome: HOUSEHOLD_INCOME }),
      ],
      [
        'households.setMember',
        await s.call('households.setMember', { householdId: household.id, residentId: other.id }),
      ],
      ['households.list', await s.call('households.list', { offset: 0, limit: 10 })],
      [
        'households.removeMember',
        await s.call('households.removeMember', { householdId: household.id, residentId: other.id }),
      ],
      [
        'households.create',
        await s.call('households.create', { monthlyIncome: HOUSEHOLD_INCOME, subsistence: 'none' }),
      ],
    ];
    const card = await s.call('cards.issue', {
      residentId: r.id,
      categories: ['older_unemployed'],
      reason: '测试',
    });
    answers.push(
      ['cards.issue', card],
      ['cards.get', await s.call('cards.get', { id: card.id })],
      ['cards.list', await s.call('cards.list', { offset: 0, limit: 10 })],
      ['cards.suggest', await s.call('cards.suggest', { residentId: r.id })],
      ['cards.printData', await s.call('cards.printData', { ids: [card.id] })],
      ['cards.logPrint', await s.call('cards.logPrint', { ids: [card.id], layout: 'card' })],
      ['cards.printLog', await s.call('cards.printLog', { offset: 0, limit: 10 })],
      ['plans.get', await s.call('plans.get', { cardId: card.id })],
    );
    for (const [what, answer] of answers) expectNoSecrets(answer, idNumber, what);
    // the masked values say they are masked
    const updated = answers.find(([w]) => w === 'residents.update (income)')![1] as {
      income: { monthlyIncome: unknown };
      incomeMasked: boolean;
    };
    expect(updated).toMatchObject({ incomeMasked: true, income: { monthlyIncome: MASKED_INCOME } });
    const list = answers.find(([w]) => w === 'households.list')![1] as {
      items: Array<{ id: string; monthlyIncome: unknown; incomeMasked: boolean }>;
    };
    expect(list.items.find((h) => h.id === household.id)).toMatchObject({
      monthlyIncome: MASKED_INCOME,
      incomeMasked: true,
    });
    expect(await accessLog()).toEqual([]);
  });
});
