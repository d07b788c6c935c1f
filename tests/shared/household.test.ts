// 零就业家庭 and per-capita income, as pure rules.
import { describe, expect, it } from 'vitest';
import {
  isWorkingAge,
  isZeroEmploymentHousehold,
  perCapitaIncome,
  householdUpdateSchema,
} from '../../shared/domain/household';

type Status = 'employed' | 'flexible' | 'unemployed' | null;
const m = (age: number, sex: 'M' | 'F', status: Status) => ({
  age,
  sex,
  clears: { unemployment: status ? { status, confirmedAt: '2025-06-01' } : null },
});

describe('zero-employment household', () => {
  it('every working-age member unemployed: zero-employment', () => {
    expect(isZeroEmploymentHousehold([m(45, 'M', 'unemployed'), m(43, 'F', 'unemployed')])).toBe(true);
  });

  it('stops being zero-employment as soon as one member finds work (flexible work counts)', () => {
    expect(isZeroEmploymentHousehold([m(45, 'M', 'unemployed'), m(43, 'F', 'employed')])).toBe(false);
    expect(isZeroEmploymentHousehold([m(45, 'M', 'unemployed'), m(43, 'F', 'flexible')])).toBe(false);
  });

  it('members outside working age do not count either way', () => {
    // a retired father (70) and a child (10) beside one unemployed adult
    expect(
      isZeroEmploymentHousehold([m(70, 'M', 'employed'), m(10, 'F', null), m(40, 'F', 'unemployed')]),
    ).toBe(true);
    // nobody of working age: not a zero-employment household
    expect(isZeroEmploymentHousehold([m(70, 'M', 'unemployed'), m(12, 'M', null)])).toBe(false);
    expect(isZeroEmploymentHousehold([])).toBe(false);
  });

  it('a working-age member with no recorded status keeps the household off the list', () => {
    expect(isZeroEmploymentHousehold([m(45, 'M', 'unemployed'), m(43, 'F', null)])).toBe(false);
  });

  it('working age: 16 up to 60 for men and 55 for women (the birthday year itself is out)', () => {
    expect(isWorkingAge(15, 'M')).toBe(false);
    expect(isWorkingAge(16, 'F')).toBe(true);
    expect(isWorkingAge(54, 'F')).toBe(true);
    expect(isWorkingAge(55, 'F')).toBe(false);
    expect(isWorkingAge(59, 'M')).toBe(true);
    expect(isWorkingAge(60, 'M')).toBe(false);
    expect(isZeroEmploymentHousehold([m(56, 'F', 'unemployed')])).toBe(false);
    expect(isZeroEmploymentHousehold([m(56, 'M', 'unemployed')])).toBe(true);
  });
});

describe('per-capita income', () => {
  it('income over members, to the fen', () => {
    expect(perCapitaIncome(3000, 3)).toBe(1000);
    expect(perCapitaIncome(1000, 3)).toBe(333.33);
    expect(perCapitaIncome(2000, 3)).toBe(666.67);
    expect(perCapitaIncome(0, 2)).toBe(0);
  });

  it('unknown income or no members: unknown', () => {
    expect(perCapitaIncome(null, 3)).toBeNull();
    expect(perCapitaIncome(3000, 0)).toBeNull();
  });
});

describe('household update schema', () => {
  it('does not invent values for fields the caller left out', () => {
    expect(householdUpdateSchema.parse({ id: '01900000-0000-7000-8000-000000000000' })).toEqual({
      id: '01900000-0000-7000-8000-000000000000',
    });
  });
});
