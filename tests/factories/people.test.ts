import { describe, expect, it } from 'vitest';
import { ageOn, parseIdNumber } from '../../shared/validators/idNumber';
import { parsePhone } from '../../shared/validators/phone';
import {
  DEFAULT_REFERENCE_DATE,
  HANGZHOU_REGION_CODES,
  makeBirthDate,
  makeIdNumber,
  makeName,
  makePerson,
  makePhone,
  mulberry32,
} from './people';

const TODAY = new Date(2025, 6, 1);

describe('mulberry32', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('makePerson', () => {
  const people = Array.from(
    { length: 2000 },
    (
      (rng) => () =>
        makePerson(rng)
    )(mulberry32(1)),
  );

  it('produces ID numbers that pass every check, agreeing with sex and birth date', () => {
    for (const p of people) {
      const r = parseIdNumber(p.idNumber, TODAY);
      expect(r.ok, p.idNumber).toBe(true);
      if (r.ok)
        expect(r.value).toEqual({
          idNumber: p.idNumber,
          birthDate: p.birthDate,
          sex: p.sex,
          regionCode: p.regionCode,
        });
    }
  });

  it('keeps everyone of working age (16–65) on the reference date', () => {
    for (const p of people) {
      const age = ageOn(p.birthDate, DEFAULT_REFERENCE_DATE);
      expect(age >= 16 && age <= 65, `${p.birthDate} → ${age}`).toBe(true);
    }
  });

  it('is mostly Hangzhou people, with some from elsewhere', () => {
    const hangzhou = people.filter((p) =>
      (HANGZHOU_REGION_CODES as readonly string[]).includes(p.regionCode),
    );
    const share = hangzhou.length / people.length;
    expect(share).toBeGreaterThan(0.6);
    expect(share).toBeLessThan(0.8);
    expect(people.some((p) => !p.regionCode.startsWith('33'))).toBe(true);
  });

  it('gives valid mobile numbers and 2–3 character names', () => {
    for (const p of people) {
      expect(parsePhone(p.phone)).toMatchObject({ ok: true, value: { kind: 'mobile', phone: p.phone } });
      expect([...p.name].length).toBeGreaterThanOrEqual(2);
      expect([...p.name].length).toBeLessThanOrEqual(3);
    }
    expect(new Set(people.map((p) => p.name)).size).toBeGreaterThan(1000);
  });

  it('returns the same people for the same seed', () => {
    const again = Array.from(
      { length: 2000 },
      (
        (rng) => () =>
          makePerson(rng)
      )(mulberry32(1)),
    );
    expect(again).toEqual(people);
  });
});

describe('makeIdNumber options', () => {
  it('honours region, sex and birth date', () => {
    const rng = mulberry32(7);
    const id = makeIdNumber(rng, { regionCode: '330106', sex: 'F', birthDate: '2000-02-29' });
    expect(parseIdNumber(id, TODAY)).toEqual({
      ok: true,
      value: { idNumber: id, birthDate: '2000-02-29', sex: 'F', regionCode: '330106' },
    });
  });

  it('honours an age range and reference date, including a leap-day reference', () => {
    const rng = mulberry32(9);
    for (let i = 0; i < 500; i++) {
      const b = makeBirthDate(rng, 16, 17, '2024-02-29');
      const age = ageOn(b, '2024-02-29');
      expect(age >= 16 && age <= 17, `${b} → ${age}`).toBe(true);
    }
  });
});

describe('makeName and makePhone', () => {
  it('draws common surnames most often', () => {
    const rng = mulberry32(3);
    const names = Array.from({ length: 5000 }, () => makeName(rng));
    const wang = names.filter((n) => n.startsWith('王')).length;
    const zhuang = names.filter((n) => n.startsWith('庄')).length;
    expect(wang).toBeGreaterThan(zhuang * 5);
  });

  it('produces 11-digit mobiles with real prefixes', () => {
    const rng = mulberry32(5);
    for (let i = 0; i < 500; i++)
      expect(makePhone(rng)).toMatch(/^1(?:3\d|5[0-35-9]|7[35-8]|8\d|9[135-9])\d{8}$/u);
  });
});
