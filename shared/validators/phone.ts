// Guards contact phone numbers for residents and employers: officers call these numbers to recommend
// jobs, so one wrong digit loses a placement. Accepts mainland mobiles and landlines (Hangzhou local
// numbers without area code are assumed to be 0571) and stores one canonical form per number.

import { stripSpaces, toHalfWidth } from './text';

export type PhoneErrorCode = 'empty' | 'format' | 'length' | 'mobile_prefix' | 'landline';

export interface PhoneError {
  code: PhoneErrorCode;
  message: string;
}

export type Phone =
  /** `phone` is 11 digits, e.g. 13812341234. */
  | { kind: 'mobile'; phone: string }
  /** `phone` is area code, dash, local number, e.g. 0571-86001234. */
  | { kind: 'landline'; phone: string; areaCode: string; localNumber: string };

export type PhoneResult = { ok: true; value: Phone } | { ok: false; error: PhoneError };

const MOBILE_LENGTH = 11;
const HANGZHOU_AREA_CODE = '0571';
const HANGZHOU_LOCAL_LENGTH = 8;

/**
 * Validates and normalises a phone number. Spaces, dashes and brackets are dropped while reading, and
 * a dash is put back only between area code and local number, so "0571 8600 1234", "057186001234" and
 * "86001234" all become "0571-86001234" and match each other when searching for duplicates.
 */
export function parsePhone(input: string): PhoneResult {
  const cleaned = stripSpaces(toHalfWidth(input)).replace(/[-()（）]/gu, '');
  if (cleaned === '') return fail('empty', '请填写联系电话');

  // A country code in front of a mobile is common when numbers are copied from WeChat contacts.
  const digits = cleaned.replace(/^(?:\+86|0086)(?=1\d{10}$)/u, '').replace(/^86(?=1\d{10}$)/u, '');

  const bad = /[^\d]/u.exec(digits);
  if (bad) return fail('format', `联系电话中有不能识别的字符“${bad[0]}”，只能填写数字`);

  if (digits.startsWith('1')) return parseMobile(digits);
  if (digits.startsWith('0')) return parseLandlineWithAreaCode(digits);
  return parseHangzhouLocal(digits);
}

/**
 * Masks a phone number for lists: mobiles as 138****1234, landlines keep the area code and the last
 * four digits (0571-****1234). Unparseable input keeps only its last four characters visible.
 */
export function maskPhone(phone: string): string {
  const parsed = parsePhone(phone);
  if (parsed.ok) {
    const v = parsed.value;
    if (v.kind === 'mobile') return `${v.phone.slice(0, 3)}****${v.phone.slice(-4)}`;
    return `${v.areaCode}-${'*'.repeat(v.localNumber.length - 4)}${v.localNumber.slice(-4)}`;
  }
  const chars = [...stripSpaces(phone)];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - 4) + chars.slice(-4).join('');
}

function parseMobile(digits: string): PhoneResult {
  if (digits.length !== MOBILE_LENGTH) {
    return fail('length', `手机号应为 11 位，当前为 ${digits.length} 位`);
  }
  const second = digits[1] ?? '';
  if (second < '3') {
    return fail('mobile_prefix', `手机号第 2 位应为 3–9，当前为 ${second}，请核对号码`);
  }
  return { ok: true, value: { kind: 'mobile', phone: digits } };
}

function parseLandlineWithAreaCode(digits: string): PhoneResult {
  // Beijing (010) and the 02x cities have 3-digit area codes; every other area code has 4 digits.
  // Knowing that lets us split numbers typed without a dash.
  const areaLength = /^0(?:10|2\d)/u.test(digits) ? 3 : 4;
  const areaCode = digits.slice(0, areaLength);
  const localNumber = digits.slice(areaLength);
  // Hangzhou has had 8-digit local numbers since 1998; a 7-digit one is an old or mistyped number.
  const validLengths = areaCode === HANGZHOU_AREA_CODE ? [HANGZHOU_LOCAL_LENGTH] : [7, 8];
  if (!validLengths.includes(localNumber.length)) {
    const wanted = validLengths.length === 1 ? `${HANGZHOU_LOCAL_LENGTH}` : '7–8';
    return fail(
      'landline',
      `固定电话区号 ${areaCode} 后应为 ${wanted} 位号码，当前为 ${localNumber.length} 位`,
    );
  }
  if (/^[01]/u.test(localNumber)) {
    return fail(
      'landline',
      `固定电话号码不能以 ${localNumber[0] ?? ''} 开头（区号 ${areaCode} 之后的第一位）`,
    );
  }
  return {
    ok: true,
    value: { kind: 'landline', phone: `${areaCode}-${localNumber}`, areaCode, localNumber },
  };
}

function parseHangzhouLocal(digits: string): PhoneResult {
  if (digits.length !== HANGZHOU_LOCAL_LENGTH) {
    return fail(
      'length',
      `电话号码位数不对：手机号为 11 位，杭州固定电话为 8 位，外地固定电话请加区号；当前为 ${digits.length} 位`,
    );
  }
  return {
    ok: true,
    value: {
      kind: 'landline',
      phone: `${HANGZHOU_AREA_CODE}-${digits}`,
      areaCode: HANGZHOU_AREA_CODE,
      localNumber: digits,
    },
  };
}

function fail(code: PhoneErrorCode, message: string): PhoneResult {
  return { ok: false, error: { code, message } };
}
