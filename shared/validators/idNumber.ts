// Guards the resident ID number (公民身份号码, GB 11643-1999): the key every resident record hangs on,
// so a mistyped number must be stopped at entry with a message that says which check failed.
// Read GB 11643-1999 §5–§7 and ISO 7064 (MOD 11-2) before changing the checks or their order.

import { charCount, firstIllegal, stripSpaces, toHalfWidth } from './text';

export type IdNumberErrorCode = 'empty' | 'length' | 'format' | 'region' | 'date' | 'check_digit';

export interface IdNumberError {
  code: IdNumberErrorCode;
  /** Plain Chinese for the assistant at the desk; names the check that failed. */
  message: string;
  /** What the failing part should have been, where there is one right answer (e.g. the check character). */
  expected?: string;
}

export interface IdNumber {
  /** Trimmed, spaces removed, half-width, upper-case X. */
  idNumber: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F';
  /** First 6 digits: the household-registration area at the time the number was issued. */
  regionCode: string;
}

export type IdNumberResult = { ok: true; value: IdNumber } | { ok: false; error: IdNumberError };

const ID_LENGTH = 18;
const LEGACY_ID_LENGTH = 15;
const EARLIEST_BIRTH_DATE = '1900-01-01';

// ISO 7064 MOD 11-2 as tabulated in GB 11643-1999: weight i is 2^(17-i) mod 11.
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_MAP = '10X98765432';

// Province-level codes of GB/T 2260. 83 is not in GB/T 2260 but is used by the residence permits
// for Taiwan residents (港澳台居民居住证, 2018), which carry a number in this same format, as 81/82 do
// for Hong Kong and Macao residents; such people do register at labour stations.
// prettier-ignore
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

// Zhejiang is checked down to prefecture because most residents of the district were born in it,
// so a slip in digits 3–4 is the commonest region mistake worth catching. A full county list
// (digits 5–6, including abolished codes such as 330103/330104 that live on in old numbers) is
// district reference data and belongs in the database, not here.
const ZHEJIANG = '33';
const ZHEJIANG_PREFECTURE_MIN = 1; // 3301 杭州
const ZHEJIANG_PREFECTURE_MAX = 11; // 3311 丽水

/** Check character (0–9 or X) for the first 17 digits of an ID number. Throws if given anything else. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/u.test(first17)) {
    throw new RangeError(`idCheckCharacter needs exactly 17 digits, got "${first17}"`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK_MAP[sum % 11] as string;
}

/**
 * Validates and normalises an ID number. Checks run in a fixed order (empty, length, format, region,
 * date, check digit) so the message names the first thing the person should look at.
 * `today` is injectable so tests and batch imports do not depend on the clock.
 */
export function parseIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  const id = normalise(input);

  if (id === '') return fail('empty', '请填写身份证号');

  const length = charCount(id);
  if (length === LEGACY_ID_LENGTH && /^\d{15}$/u.test(id)) {
    return fail('length', '这是 15 位的旧身份证号，请填写 18 位的新身份证号', String(ID_LENGTH));
  }
  if (length !== ID_LENGTH) {
    return fail('length', `身份证号应为 18 位，当前为 ${length} 位`, String(ID_LENGTH));
  }

  const bad = firstIllegal(id, (ch, i) => (i < 17 ? isDigit(ch) : isDigit(ch) || ch === 'X'));
  if (bad) {
    const rule = bad.position === ID_LENGTH ? '最后一位只能是数字或 X' : '前 17 位只能是数字';
    return fail('format', `身份证号第 ${bad.position} 位“${bad.char}”不正确：${rule}`);
  }

  const regionError = checkRegion(id.slice(0, 6));
  if (regionError) return { ok: false, error: regionError };

  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const dateError = checkBirthDate(birthDate, localIsoDate(today));
  if (dateError) return { ok: false, error: dateError };

  const expected = idCheckCharacter(id.slice(0, 17));
  const actual = id.slice(17);
  if (actual !== expected) {
    return fail(
      'check_digit',
      `身份证号校验位错误：最后一位应为 ${expected}，实际为 ${actual}（请核对前 17 位是否有输错）`,
      expected,
    );
  }

  return {
    ok: true,
    value: {
      idNumber: id,
      birthDate,
      // Digit 17 is the sequence code's last digit: odd for men, even for women (GB 11643 §5.3).
      sex: Number(id[16]) % 2 === 1 ? 'M' : 'F',
      regionCode: id.slice(0, 6),
    },
  };
}

/**
 * Age in whole years on `onDate` (both YYYY-MM-DD). Someone born on 29 February counts as a year older
 * on 1 March in non-leap years: the birthday has not been reached on 28 February. This matches how
 * age thresholds (16 for working age, retirement ages) are applied at the counter.
 * Negative if `onDate` is before the birth date; throws on a malformed or impossible date.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const b = splitIsoDate(birthDate);
  const d = splitIsoDate(onDate);
  if (!b || !isRealDate(b)) throw new RangeError(`ageOn: invalid birth date "${birthDate}"`);
  if (!d || !isRealDate(d)) throw new RangeError(`ageOn: invalid date "${onDate}"`);
  const birthdayReached = d.month > b.month || (d.month === b.month && d.day >= b.day);
  return d.year - b.year - (birthdayReached ? 0 : 1);
}

/**
 * Masks an ID number for lists and printouts: first 6 (region) and last 4 stay visible, which is
 * enough for an assistant to tell two residents apart without exposing the birth date.
 * Non-18-character input (old 15-digit numbers in imported data) keeps the same shape where it can.
 */
export function maskIdNumber(id: string): string {
  const chars = [...normalise(id)];
  const keepHead = 6;
  const keepTail = 4;
  if (chars.length <= keepHead + keepTail) return '*'.repeat(chars.length);
  return (
    chars.slice(0, keepHead).join('') +
    '*'.repeat(chars.length - keepHead - keepTail) +
    chars.slice(-keepTail).join('')
  );
}

function normalise(input: string): string {
  return stripSpaces(toHalfWidth(input)).toUpperCase();
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function checkRegion(region: string): IdNumberError | undefined {
  const province = region.slice(0, 2);
  if (!PROVINCE_CODES.has(province)) {
    return {
      code: 'region',
      message: `身份证号前两位“${province}”不是有效的省级地区代码，请核对前 6 位地区码`,
    };
  }
  if (province === ZHEJIANG) {
    const prefecture = Number(region.slice(2, 4));
    if (prefecture < ZHEJIANG_PREFECTURE_MIN || prefecture > ZHEJIANG_PREFECTURE_MAX) {
      return {
        code: 'region',
        message: `身份证号前四位“${region.slice(0, 4)}”不是浙江省的地市代码（应为 3301–3311），请核对前 6 位地区码`,
      };
    }
  }
  return undefined;
}

function checkBirthDate(birthDate: string, todayIso: string): IdNumberError | undefined {
  const parts = splitIsoDate(birthDate);
  if (!parts || !isRealDate(parts)) {
    return { code: 'date', message: `身份证号中的出生日期 ${birthDate} 不存在，请核对第 7–14 位` };
  }
  if (birthDate < EARLIEST_BIRTH_DATE) {
    return {
      code: 'date',
      message: `身份证号中的出生日期 ${birthDate} 早于 1900-01-01，请核对第 7–14 位`,
    };
  }
  if (birthDate > todayIso) {
    return {
      code: 'date',
      message: `身份证号中的出生日期 ${birthDate} 晚于今天（${todayIso}），请核对第 7–14 位；若号码无误，请检查电脑日期`,
    };
  }
  return undefined;
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function splitIsoDate(iso: string): DateParts | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

function isRealDate({ year, month, day }: DateParts): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// The station PC's local calendar day is what "today" means to the person at the counter
// (Hangzhou, UTC+8); toISOString() would give yesterday's date before 08:00.
function localIsoDate(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function fail(code: IdNumberErrorCode, message: string, expected?: string): IdNumberResult {
  const error: IdNumberError = expected === undefined ? { code, message } : { code, message, expected };
  return { ok: false, error };
}
