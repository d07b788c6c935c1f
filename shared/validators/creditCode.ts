// Guards the unified social credit code (统一社会信用代码, GB 32100-2015) that identifies every employer
// in the employer database; vacancies, visits and subsidies are all keyed on it.
// Read GB 32100-2015 §4–§5 (and GB/T 17710 for the MOD 31 check) before changing the checks.

import { charCount, firstIllegal, stripSpaces, toHalfWidth } from './text';

export type CreditCodeErrorCode = 'empty' | 'length' | 'charset' | 'check_character';

export interface CreditCodeError {
  code: CreditCodeErrorCode;
  /** Plain Chinese; for charset errors it names the character and its position. */
  message: string;
  expected?: string;
}

export interface CreditCode {
  /** Trimmed, spaces removed, half-width, upper case. */
  creditCode: string;
  /** Position 1: registering authority (e.g. 9 = market regulation, 5 = civil affairs, 1 = staffing office). */
  registrationAuthority: string;
  /** Position 2: organisation type within that authority (under 9: 1 company, 2 individual business, 3 co-operative). */
  orgType: string;
  /** Positions 3–8: GB/T 2260 area code of the registering authority. */
  regionCode: string;
}

export type CreditCodeResult = { ok: true; value: CreditCode } | { ok: false; error: CreditCodeError };

const CODE_LENGTH = 18;

// 31 characters: digits and capitals minus I, O, Z, S, V, which are too easily read as 1, 0, 2, 5, U.
// A character's index here is its value in the check computation.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const EXCLUDED_LETTERS = 'IOZSV';

// Weight i is 3^i mod 31 (GB 32100-2015 §5, table 4).
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Check character for the first 17 characters of a credit code. Throws if given anything else. */
export function creditCheckCharacter(first17: string): string {
  if (first17.length !== 17 || firstIllegal(first17, isCodeChar)) {
    throw new RangeError(`creditCheckCharacter needs 17 characters from ${CHARSET}, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i] as string) * (WEIGHTS[i] as number);
  // 31 - (sum mod 31) is 31 when the sum divides evenly; the standard maps that case to 0.
  return CHARSET[(31 - (sum % 31)) % 31] as string;
}

/** Validates and normalises a credit code; checks run in order empty, length, charset, check character. */
export function parseCreditCode(input: string): CreditCodeResult {
  const code = stripSpaces(toHalfWidth(input)).toUpperCase();

  if (code === '') return fail('empty', '请填写统一社会信用代码');

  const length = charCount(code);
  if (length !== CODE_LENGTH) {
    return fail('length', `统一社会信用代码应为 18 位，当前为 ${length} 位`, String(CODE_LENGTH));
  }

  const bad = firstIllegal(code, isCodeChar);
  if (bad) {
    const rule = EXCLUDED_LETTERS.includes(bad.char)
      ? `代码中不使用字母 I、O、Z、S、V（请检查是否把数字 1、0、2、5 或字母 U 输成了“${bad.char}”）`
      : '只能是数字或大写字母（不含 I、O、Z、S、V）';
    return fail('charset', `统一社会信用代码第 ${bad.position} 位“${bad.char}”不合法：${rule}`);
  }

  const expected = creditCheckCharacter(code.slice(0, 17));
  const actual = code.slice(17);
  if (actual !== expected) {
    return fail(
      'check_character',
      `统一社会信用代码校验位错误：最后一位应为 ${expected}，实际为 ${actual}（请核对前 17 位是否有输错）`,
      expected,
    );
  }

  return {
    ok: true,
    value: {
      creditCode: code,
      registrationAuthority: code.slice(0, 1),
      orgType: code.slice(1, 2),
      regionCode: code.slice(2, 8),
    },
  };
}

function isCodeChar(ch: string): boolean {
  return ch.length === 1 && CHARSET.includes(ch);
}

function fail(code: CreditCodeErrorCode, message: string, expected?: string): CreditCodeResult {
  const error: CreditCodeError = expected === undefined ? { code, message } : { code, message, expected };
  return { ok: false, error };
}
