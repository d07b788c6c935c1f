import { describe, expect, it } from 'vitest';
import { maskPhone, parsePhone, type PhoneErrorCode } from '../../shared/validators/phone';

function phoneOf(input: string): string {
  const r = parsePhone(input);
  if (!r.ok) throw new Error(`expected "${input}" to be accepted, got ${r.error.code}: ${r.error.message}`);
  return r.value.phone;
}

function errorOf(input: string): { code: PhoneErrorCode; message: string } {
  const r = parsePhone(input);
  if (r.ok) throw new Error(`expected "${input}" to be rejected, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('parsePhone: mobiles', () => {
  it.each([
    ['13812341234', '13812341234'],
    ['138 1234 1234', '13812341234'],
    ['138-1234-1234', '13812341234'],
    ['+86 138 1234 1234', '13812341234'],
    ['008613812341234', '13812341234'],
    ['8613812341234', '13812341234'],
    ['１３８１２３４１２３４', '13812341234'],
    ['19912345678', '19912345678'],
  ])('%s → %s', (input, expected) => {
    expect(phoneOf(input)).toBe(expected);
    expect(parsePhone(input)).toMatchObject({ ok: true, value: { kind: 'mobile' } });
  });

  it('rejects mobiles of the wrong length', () => {
    const e = errorOf('1381234123');
    expect(e.code).toBe('length');
    expect(e.message).toContain('10');
    expect(errorOf('138123412345').code).toBe('length');
  });

  it('rejects second digits 0–2', () => {
    for (const n of ['10012341234', '11012341234', '12012341234']) {
      expect(errorOf(n).code, n).toBe('mobile_prefix');
    }
  });
});

describe('parsePhone: landlines', () => {
  it.each([
    ['0571-86001234', '0571-86001234'],
    ['057186001234', '0571-86001234'],
    ['0571 8600 1234', '0571-86001234'],
    ['(0571)86001234', '0571-86001234'],
    ['（0571）86001234', '0571-86001234'],
    ['86001234', '0571-86001234'],
    ['010-62345678', '010-62345678'],
    ['02162345678', '021-62345678'],
    ['0574-87654321', '0574-87654321'],
    ['0570-8123456', '0570-8123456'],
  ])('%s → %s', (input, expected) => {
    expect(phoneOf(input)).toBe(expected);
  });

  it('splits area code and local number', () => {
    expect(parsePhone('057186001234')).toEqual({
      ok: true,
      value: { kind: 'landline', phone: '0571-86001234', areaCode: '0571', localNumber: '86001234' },
    });
  });

  it('rejects a Hangzhou number that is not 8 digits', () => {
    expect(errorOf('0571-8600123').code).toBe('landline');
    expect(errorOf('0571-860012345').code).toBe('landline');
  });

  it('rejects local numbers starting with 0 or 1', () => {
    expect(errorOf('0571-06001234').code).toBe('landline');
  });

  it('rejects a number without area code that is not 8 digits', () => {
    const e = errorOf('8600123');
    expect(e.code).toBe('length');
    expect(e.message).toContain('7');
  });
});

describe('parsePhone: empty and junk', () => {
  it('empty', () => {
    expect(errorOf('').code).toBe('empty');
    expect(errorOf(' - ').code).toBe('empty');
  });

  it('names an unexpected character', () => {
    const e = errorOf('138l2341234'); // letter l for one
    expect(e.code).toBe('format');
    expect(e.message).toContain('“l”');
    expect(errorOf('+1 415 555 0100').code).toBe('format');
  });
});

describe('maskPhone', () => {
  it('mobile: first 3 and last 4', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138 1234 1234')).toBe('138****1234');
  });

  it('landline: area code and last 4', () => {
    expect(maskPhone('0571-86001234')).toBe('0571-****1234');
    expect(maskPhone('86001234')).toBe('0571-****1234');
  });

  it('unparseable: only the last 4 stay visible', () => {
    expect(maskPhone('12345')).toBe('*2345');
    expect(maskPhone('123')).toBe('***');
  });
});
