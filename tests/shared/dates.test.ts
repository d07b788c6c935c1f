// Calendar helpers: real dates, day arithmetic across months, years and 29 February, China's "today",
// and ages with a leap-day birthday.
import { describe, expect, it } from 'vitest';
import { addDays, ageOn, daysBetween, isRealDate, todayInChina } from '../../shared/domain/dates';
import { ageOn as validatorAgeOn } from '../../shared/validators/idNumber';

describe('isRealDate', () => {
  it('accepts real dates only, in YYYY-MM-DD', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2000-02-29')).toBe(true);
    for (const bad of [
      '2025-02-29',
      '1900-02-29',
      '1999-02-30',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-1-1',
      '20250101',
      '',
      '2025-01-01T00:00',
    ])
      expect(isRealDate(bad), bad).toBe(false);
  });
});

describe('daysBetween and addDays', () => {
  it('count calendar days across months, years and leap days', () => {
    expect(daysBetween('2025-01-01', '2025-07-01')).toBe(181);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('2025-07-01', '2025-01-01')).toBe(-181);
    expect(daysBetween('2025-07-01T23:59:59Z', '2025-07-02')).toBe(1);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-07-01', -180)).toBe('2025-01-02');
    expect(daysBetween('2025-01-02', addDays('2025-01-02', 400))).toBe(400);
  });
});

describe('todayInChina', () => {
  it('is UTC+8 whatever the PC zone: 16:00 UTC is already tomorrow in Hangzhou', () => {
    expect(todayInChina(new Date('2025-06-30T15:59:59Z'))).toBe('2025-06-30');
    expect(todayInChina(new Date('2025-06-30T16:00:00Z'))).toBe('2025-07-01');
    expect(todayInChina(new Date('2024-12-31T16:30:00Z'))).toBe('2025-01-01');
  });
});

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1995-07-01', '2025-07-01')).toBe(30);
    expect(ageOn('1995-07-02', '2025-07-01')).toBe(29);
    expect(ageOn('1995-12-31', '2025-01-01')).toBe(29);
  });

  it('a 29 February birthday is reached on 1 March in common years and on the day in leap years', () => {
    expect(ageOn('2004-02-29', '2025-02-28')).toBe(20);
    expect(ageOn('2004-02-29', '2025-03-01')).toBe(21);
    expect(ageOn('2004-02-29', '2024-02-28')).toBe(19);
    expect(ageOn('2004-02-29', '2024-02-29')).toBe(20);
  });

  it("agrees with the ID-number validator's own age rule on every day of a leap cycle", () => {
    for (let d = 0; d < 4 * 366; d += 1) {
      const on = addDays('2023-01-01', d);
      for (const birth of ['2000-02-29', '1999-03-01', '2001-02-28', '1990-12-31'])
        expect(ageOn(birth, on), `${birth} on ${on}`).toBe(validatorAgeOn(birth, on));
    }
  });
});
