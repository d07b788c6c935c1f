import { describe, expect, it } from 'vitest';
import {
  ageOn,
  idCheckCharacter,
  maskIdNumber,
  parseIdNumber,
  type IdNumberErrorCode,
} from '../../shared/validators/idNumber';

// A fixed "today" keeps the date checks independent of when the suite runs.
const TODAY = new Date(2025, 6, 1); // 2025-07-01, local time

function errorOf(
  input: string,
  today: Date = TODAY,
): { code: IdNumberErrorCode; message: string; expected?: string } {
  const r = parseIdNumber(input, today);
  if (r.ok) throw new Error(`expected "${input}" to be rejected, got ${JSON.stringify(r.value)}`);
  return r.error;
}

function valueOf(input: string, today: Date = TODAY) {
  const r = parseIdNumber(input, today);
  if (!r.ok) throw new Error(`expected "${input}" to be accepted, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('idCheckCharacter', () => {
  it('matches the worked examples in GB 11643-1999', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });

  it('matches numbers computed by hand and by an independent implementation', () => {
    // 3·7+3·9+0·10+1·5+0·8+4·4+1·2+9·1+8·6+5·3+0·7+6·9+1·10+5·5+0·8+0·4+1·2 = 234; 234 mod 11 = 3 → '9'
    expect(idCheckCharacter('33010419850615001')).toBe('9');
    expect(idCheckCharacter('33010620000229002')).toBe('9');
    expect(idCheckCharacter('33010519000101003')).toBe('7');
  });

  it('refuses input that is not exactly 17 digits', () => {
    expect(() => idCheckCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => idCheckCharacter('110105194912310021')).toThrow(RangeError);
    expect(() => idCheckCharacter('1101051949123100X')).toThrow(RangeError);
  });
});

describe('parseIdNumber: valid numbers', () => {
  it('accepts the GB 11643-1999 example and reads its parts', () => {
    expect(valueOf('11010519491231002X')).toEqual({
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'F',
      regionCode: '110105',
    });
  });

  it('accepts a Hangzhou number and reads an odd sequence digit as male', () => {
    expect(valueOf('330104198506150019')).toEqual({
      idNumber: '330104198506150019',
      birthDate: '1985-06-15',
      sex: 'M',
      regionCode: '330104',
    });
  });

  it('normalises lower-case x, spaces and full-width characters', () => {
    expect(valueOf('11010519491231002x').idNumber).toBe('11010519491231002X');
    expect(valueOf('  110105 19491231 002X ').idNumber).toBe('11010519491231002X');
    expect(valueOf('１１０１０５１９４９１２３１００２Ｘ').idNumber).toBe('11010519491231002X');
    expect(valueOf('１１０１０５１９４９１２３１００２ｘ').idNumber).toBe('11010519491231002X');
  });

  it('accepts 29 February in a leap year', () => {
    expect(valueOf('330106200002290029').birthDate).toBe('2000-02-29');
  });

  it('accepts the earliest allowed birth date, 1900-01-01', () => {
    expect(valueOf('330105190001010037').birthDate).toBe('1900-01-01');
  });

  it('accepts someone born today, and rejects them the day before', () => {
    expect(valueOf('330110200507010023', new Date(2005, 6, 1)).birthDate).toBe('2005-07-01');
    expect(errorOf('330110200507010023', new Date(2005, 5, 30)).code).toBe('date');
  });

  it('takes "today" from the local calendar, not UTC (before 08:00 in Hangzhou they differ)', () => {
    const saved = process.env['TZ'];
    process.env['TZ'] = 'Asia/Shanghai'; // Node re-reads TZ on assignment
    try {
      const earlyMorning = new Date(2005, 6, 1, 7, 0); // 2005-06-30T23:00Z
      expect(valueOf('330110200507010023', earlyMorning).birthDate).toBe('2005-07-01');
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });

  it('accepts Hong Kong / Taiwan residence-permit prefixes (81, 83)', () => {
    expect(valueOf('810000199001010019').regionCode).toBe('810000');
    expect(valueOf('830000199001010020').sex).toBe('F');
  });

  it('uses the real clock when no date is given', () => {
    expect(parseIdNumber('11010519491231002X').ok).toBe(true);
  });
});

describe('parseIdNumber: each check, in order', () => {
  it('empty: nothing or only spaces', () => {
    expect(errorOf('').code).toBe('empty');
    expect(errorOf('   　').code).toBe('empty');
  });

  it('length: says how many characters were typed', () => {
    const e = errorOf('33010419850615001');
    expect(e.code).toBe('length');
    expect(e.message).toContain('17');
    expect(e.expected).toBe('18');
    expect(errorOf('3301041985061500190').message).toContain('19');
  });

  it('length: an old 15-digit number is told to use the 18-digit one', () => {
    const e = errorOf('110105491231002');
    expect(e.code).toBe('length');
    expect(e.message).toContain('15 位');
    expect(e.message).toContain('18 位');
  });

  it('format: a letter in the first 17 positions names the position', () => {
    const e = errorOf('3301O4198506150019'); // letter O for zero
    expect(e.code).toBe('format');
    expect(e.message).toContain('第 5 位');
    expect(e.message).toContain('O');
  });

  it('format: the last character may only be a digit or X', () => {
    const e = errorOf('33010419850615001A');
    expect(e.code).toBe('format');
    expect(e.message).toContain('第 18 位');
  });

  it('format is checked before the check digit', () => {
    expect(errorOf('1101051949123100-X').code).toBe('format');
  });

  it('region: unknown province', () => {
    const e = errorOf('990105198506150018');
    expect(e.code).toBe('region');
    expect(e.message).toContain('99');
  });

  it('region: Zhejiang prefecture outside 3301–3311', () => {
    expect(errorOf('33120019850615001X').code).toBe('region');
    expect(errorOf('330000198506150018').code).toBe('region');
    expect(errorOf('33120019850615001X').message).toContain('3312');
  });

  it('date: 29 February in non-leap years (1900 is not a leap year)', () => {
    const e = errorOf('330106190002290022');
    expect(e.code).toBe('date');
    expect(e.message).toContain('1900-02-29');
    expect(errorOf('33010620230229002X').code).toBe('date');
  });

  it('date: month 13 and day 32 do not exist', () => {
    // Check characters computed so only the date is wrong.
    const month13 = `33010419851301001${idCheckCharacter('33010419851301001')}`;
    const day32 = `33010419850132001${idCheckCharacter('33010419850132001')}`;
    expect(errorOf(month13).code).toBe('date');
    expect(errorOf(day32).code).toBe('date');
  });

  it('date: in the future', () => {
    const e = errorOf('330102203001010011');
    expect(e.code).toBe('date');
    expect(e.message).toContain('2030-01-01');
  });

  it('date: before 1900-01-01', () => {
    expect(errorOf('330105189912310032').code).toBe('date');
  });

  it("date: the standard's 1880 example has a right check digit but predates our 1900 floor", () => {
    // 440524188001010014 is printed in GB 11643-1999; nobody of working age was born in 1880,
    // so the 1900 floor wins. Its check digit is still verified above.
    const e = errorOf('440524188001010014');
    expect(e.code).toBe('date');
    expect(e.message).toContain('1880-01-01');
  });

  it('check_digit: says what the last character should be and what it was', () => {
    const e = errorOf('110105194912310021');
    expect(e.code).toBe('check_digit');
    expect(e.expected).toBe('X');
    expect(e.message).toContain('最后一位应为 X，实际为 1');
  });

  it('check_digit: a number ending in X where a digit is due', () => {
    const e = errorOf('33010419850615001X');
    expect(e).toMatchObject({ code: 'check_digit', expected: '9' });
  });

  it('catches every single-digit typo and every adjacent transposition in a valid number', () => {
    const valid = '330104198506150019';
    for (let i = 0; i < 18; i++) {
      for (const d of '0123456789X') {
        if (d === valid[i] || (d === 'X' && i < 17)) continue;
        const typo = valid.slice(0, i) + d + valid.slice(i + 1);
        expect(parseIdNumber(typo, TODAY).ok, typo).toBe(false);
      }
    }
    for (let i = 0; i < 17; i++) {
      if (valid[i] === valid[i + 1]) continue;
      const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
      expect(parseIdNumber(swapped, TODAY).ok, swapped).toBe(false);
    }
  });
});

describe('ageOn', () => {
  it('counts whole years, turning older on the birthday itself', () => {
    expect(ageOn('1985-06-15', '2025-06-14')).toBe(39);
    expect(ageOn('1985-06-15', '2025-06-15')).toBe(40);
    expect(ageOn('1985-06-15', '2025-12-31')).toBe(40);
  });

  it('someone born on 29 February turns older on 1 March in non-leap years', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageOn('2000-02-29', '2016-02-28')).toBe(15);
    expect(ageOn('2000-02-29', '2016-02-29')).toBe(16);
    expect(ageOn('2000-02-29', '2017-02-28')).toBe(16);
    expect(ageOn('2000-02-29', '2017-03-01')).toBe(17);
  });

  it('is negative before birth and rejects impossible dates', () => {
    expect(ageOn('2000-01-02', '2000-01-01')).toBe(-1);
    expect(() => ageOn('2023-02-29', '2025-01-01')).toThrow(RangeError);
    expect(() => ageOn('1985-06-15', '2025/01/01')).toThrow(RangeError);
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 6 and last 4 characters with 8 asterisks between', () => {
    expect(maskIdNumber('330104198506150019')).toBe('330104********0019');
    expect(maskIdNumber('11010519491231002x')).toBe('110105********002X');
  });

  it('keeps head and tail for other lengths, and hides short input entirely', () => {
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
    expect(maskIdNumber('1234')).toBe('****');
    expect(maskIdNumber('')).toBe('');
  });
});
