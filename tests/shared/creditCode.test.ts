import { describe, expect, it } from 'vitest';
import {
  creditCheckCharacter,
  parseCreditCode,
  type CreditCodeErrorCode,
} from '../../shared/validators/creditCode';

// Codes of well-known companies, as printed on their business licences and in public registers.
// Each passes two independent checks: the GB 32100 MOD 31 character, and the GB 11714 check digit
// of the organisation code embedded in positions 9–17 (see orgCodeCheck below), which a made-up
// or mistyped code would pass only about once in 341 tries.
const PUBLISHED = [
  { code: '91330100799655058B', name: '阿里巴巴（中国）有限公司', region: '330100' },
  { code: '9144030071526726XG', name: '深圳市腾讯计算机系统有限公司', region: '440300' },
  { code: '914403001922038216', name: '华为技术有限公司', region: '440300' },
  { code: '91110000802100433B', name: '北京百度网讯科技有限公司', region: '110000' },
  { code: '91110108551385082Q', name: '小米科技有限责任公司', region: '110108' },
] as const;

/** GB 11714 organisation code check character over its 8 body characters (weights 3 7 9 10 5 8 4 2). */
function orgCodeCheck(body: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const value = (ch: string): number => (/\d/u.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55);
  const sum = [...body].reduce((s, ch, i) => s + value(ch) * (weights[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

function errorOf(input: string): { code: CreditCodeErrorCode; message: string; expected?: string } {
  const r = parseCreditCode(input);
  if (r.ok) throw new Error(`expected "${input}" to be rejected, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('published credit codes', () => {
  it.each(PUBLISHED)('$name $code carries a valid embedded organisation code', ({ code }) => {
    expect(orgCodeCheck(code.slice(8, 16))).toBe(code[16]);
  });

  it.each(PUBLISHED)('$name $code is accepted and split into its parts', ({ code, region }) => {
    expect(parseCreditCode(code)).toEqual({
      ok: true,
      value: { creditCode: code, registrationAuthority: '9', orgType: '1', regionCode: region },
    });
  });

  it.each(PUBLISHED)('$name: creditCheckCharacter reproduces the last character', ({ code }) => {
    expect(creditCheckCharacter(code.slice(0, 17))).toBe(code[17]);
  });
});

describe('creditCheckCharacter', () => {
  it('maps a sum divisible by 31 to 0, not to 31', () => {
    // Constructed: the weighted sum of these 17 characters is 1953 = 63 × 31.
    expect(creditCheckCharacter('91330106MA27ABCD0')).toBe('0');
    expect(parseCreditCode('91330106MA27ABCD00').ok).toBe(true);
  });

  it('can yield the last character of the set, Y (value 30)', () => {
    expect(creditCheckCharacter('91330106MA27ABCDA')).toBe('Y');
  });

  it('refuses input that is not 17 characters from the code set', () => {
    expect(() => creditCheckCharacter('9133010079965505')).toThrow(RangeError);
    expect(() => creditCheckCharacter('9133010079965505I')).toThrow(RangeError);
    expect(() => creditCheckCharacter('9133010079965505b')).toThrow(RangeError);
  });
});

describe('parseCreditCode', () => {
  it('normalises lower case, spaces and full-width characters', () => {
    const expected = '9144030071526726XG';
    for (const input of [
      '9144030071526726xg',
      ' 91440300 71526726 XG ',
      '９１４４０３００７１５２６７２６ＸＧ',
    ]) {
      const r = parseCreditCode(input);
      expect(r.ok && r.value.creditCode, input).toBe(expected);
    }
  });

  it('empty', () => {
    expect(errorOf('').code).toBe('empty');
    expect(errorOf(' \t').code).toBe('empty');
  });

  it('length: too short and too long, saying how many were typed', () => {
    const short = errorOf('91330100799655058');
    expect(short).toMatchObject({ code: 'length', expected: '18' });
    expect(short.message).toContain('17');
    expect(errorOf('91330100799655058BB').message).toContain('19');
    // An old 9-character organisation code is not a credit code.
    expect(errorOf('79965505-8').code).toBe('length');
  });

  it.each([
    ['I', '9I330100799655058B', 2],
    ['O', '9133010O799655058B', 8],
    ['Z', '91330100799655Z58B', 15],
    ['S', '9133010079965505SB', 17],
    ['V', '91330100799655058V', 18],
  ])('charset: the excluded letter %s is named with its position', (letter, code, position) => {
    const e = errorOf(code);
    expect(e.code).toBe('charset');
    expect(e.message).toContain(`第 ${position} 位“${letter}”`);
    expect(e.message).toContain('I、O、Z、S、V');
  });

  it('charset: punctuation and Chinese characters are named too', () => {
    expect(errorOf('91330100-79965505B').message).toContain('第 9 位“-”');
    expect(errorOf('91330100799655058号').message).toContain('第 18 位“号”');
  });

  it('check_character: says what the last character should be', () => {
    const e = errorOf('91330100799655058C');
    expect(e.code).toBe('check_character');
    expect(e.expected).toBe('B');
    expect(e.message).toContain('最后一位应为 B，实际为 C');
  });

  it('check_character: a code seen in public sample data with the wrong last character', () => {
    // 91110105MA001GPD1G appears as mock data in public code; its check character should be D.
    expect(errorOf('91110105MA001GPD1G')).toMatchObject({ code: 'check_character', expected: 'D' });
  });

  it('catches every single-character typo and every adjacent transposition', () => {
    const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const { code } of PUBLISHED) {
      for (let i = 0; i < 18; i++) {
        for (const c of CHARSET) {
          if (c === code[i]) continue;
          const typo = code.slice(0, i) + c + code.slice(i + 1);
          expect(parseCreditCode(typo).ok, typo).toBe(false);
        }
      }
      for (let i = 0; i < 17; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(parseCreditCode(swapped).ok, swapped).toBe(false);
      }
    }
  });
});
