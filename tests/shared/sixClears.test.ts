// The six clears as a pure rule: what is missing, what is stale on the edge day, and that a confirmation
// dated in the future (another PC's clock) counts as current. Also the sections' own field checks.
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STALE_AFTER_DAYS,
  SECTION_KEYS,
  evaluateSixClears,
  incomeSection,
  preferencesSection,
  sixClearsSchema,
  type SixClears,
} from '../../shared/domain/sixClears';
import { addDays } from '../../shared/domain/dates';

const AS_OF = '2025-07-01';
function allConfirmedOn(on: string): SixClears {
  return {
    unemployment: { status: 'unemployed', confirmedAt: on },
    skills: { items: [], confirmedAt: on },
    training: { wants: false, courses: [], confirmedAt: on },
    preferences: { occupations: [], industries: [], confirmedAt: on },
    income: { householdSize: 1, monthlyIncome: 0, subsistence: 'none', confirmedAt: on },
    outcome: { result: 'not_yet', confirmedAt: on },
  };
}

describe('evaluateSixClears', () => {
  it('nothing recorded: all six missing, none stale, no oldest date', () => {
    expect(evaluateSixClears({}, AS_OF)).toEqual({
      complete: false,
      missing: [...SECTION_KEYS],
      stale: [],
      oldestConfirmedAt: null,
    });
  });

  it('null and absent sections both count as missing', () => {
    const c = { ...allConfirmedOn('2025-06-01'), skills: null, outcome: undefined };
    const r = evaluateSixClears(c, AS_OF);
    expect(r.missing).toEqual(['skills', 'outcome']);
    expect(r.complete).toBe(false);
  });

  it('all six recorded and recent: complete', () => {
    expect(evaluateSixClears(allConfirmedOn('2025-06-01'), AS_OF)).toEqual({
      complete: true,
      missing: [],
      stale: [],
      oldestConfirmedAt: '2025-06-01',
    });
  });

  it('stale only after the limit: day 180 is still current, day 181 is stale', () => {
    expect(DEFAULT_STALE_AFTER_DAYS).toBe(180);
    const edge = { ...allConfirmedOn('2025-06-01'), income: allConfirmedOn(addDays(AS_OF, -180)).income };
    expect(evaluateSixClears(edge, AS_OF)).toMatchObject({
      complete: true,
      stale: [],
      oldestConfirmedAt: '2025-01-02',
    });
    const over = { ...allConfirmedOn('2025-06-01'), income: allConfirmedOn(addDays(AS_OF, -181)).income };
    expect(evaluateSixClears(over, AS_OF)).toMatchObject({
      complete: false,
      missing: [],
      stale: ['income'],
      oldestConfirmedAt: '2025-01-01',
    });
  });

  it('the station can set its own limit', () => {
    const c = allConfirmedOn(addDays(AS_OF, -31));
    expect(evaluateSixClears(c, AS_OF, 30).stale).toEqual([...SECTION_KEYS]);
    expect(evaluateSixClears(c, AS_OF, 31).complete).toBe(true);
  });

  it('a confirmation dated after today counts as current', () => {
    expect(evaluateSixClears(allConfirmedOn('2025-07-10'), AS_OF)).toMatchObject({
      complete: true,
      stale: [],
      oldestConfirmedAt: '2025-07-10',
    });
  });

  it('missing and stale together: both reported, across a leap year', () => {
    const c = { ...allConfirmedOn('2024-02-29'), training: null };
    const r = evaluateSixClears(c, '2024-08-28'); // 181 days after 2024-02-29
    expect(r.missing).toEqual(['training']);
    expect(r.stale).toEqual(['unemployment', 'skills', 'preferences', 'income', 'outcome']);
    expect(evaluateSixClears(c, '2024-08-27').stale).toEqual([]);
  });
});

describe('section schemas', () => {
  it('each section needs a real confirmation date', () => {
    const r = sixClearsSchema.safeParse({ unemployment: { status: 'employed', confirmedAt: '2025-02-29' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['unemployment', 'confirmedAt']);
  });

  it('money: not negative, at most two decimals (floating-point sums still pass)', () => {
    expect(incomeSection.safeParse({ householdSize: 2, monthlyIncome: -1, confirmedAt: AS_OF }).success).toBe(
      false,
    );
    const threeDecimals = incomeSection.safeParse({
      householdSize: 2,
      monthlyIncome: 12.345,
      confirmedAt: AS_OF,
    });
    expect(threeDecimals.success).toBe(false);
    expect(threeDecimals.error!.issues[0]!.message).toBe('金额最多保留两位小数');
    for (const ok of [0, 4500, 4500.5, 19.99, 0.1 + 0.2, 1234.56])
      expect(
        incomeSection.safeParse({ householdSize: 2, monthlyIncome: ok, confirmedAt: AS_OF }).success,
        String(ok),
      ).toBe(true);
    expect(preferencesSection.safeParse({ expectedWage: 3000.001, confirmedAt: AS_OF }).success).toBe(false);
  });

  it('household size is at least 1', () => {
    const r = incomeSection.safeParse({ householdSize: 0, monthlyIncome: 100, confirmedAt: AS_OF });
    expect(r.error!.issues[0]!.message).toBe('家庭人口至少 1 人');
  });
});
