// zod's own messages ("Too small: expected number to be >=7") must never reach a person. This is the one
// catalogue of validation words in both languages, installed as zod's locale at the station (Chinese)
// and in the desk (the chosen language); a schema's own Chinese message still wins where it has one.
import { z } from 'zod';

export type ZodLang = 'zh-CN' | 'en';

interface IssueFacts {
  code: string;
  origin?: string | undefined;
  minimum?: number | bigint | undefined;
  maximum?: number | bigint | undefined;
  expected?: string | undefined;
  input?: unknown;
}

const TEXT = {
  'zh-CN': {
    required: '请填写此项',
    number: '应为数字',
    int: '应为整数',
    hugeNumber: '数值过大',
    text: '应为文字',
    pick: '请选择一项',
    format: '格式不正确',
    tooLongText: '最多 {n} 个字',
    tooShortText: '至少 {n} 个字',
    tooBigNumber: '不能大于 {n}',
    tooSmallNumber: '不能小于 {n}',
    tooMany: '最多 {n} 项',
    tooFew: '至少 {n} 项',
    unknownKeys: '含有不认识的字段',
    invalid: '输入有误',
  },
  en: {
    required: 'Required',
    number: 'Must be a number',
    int: 'Must be a whole number',
    hugeNumber: 'Number too large',
    text: 'Must be text',
    pick: 'Choose one of the options',
    format: 'Wrong format',
    tooLongText: 'At most {n} characters',
    tooShortText: 'At least {n} characters',
    tooBigNumber: 'Must not exceed {n}',
    tooSmallNumber: 'Must be at least {n}',
    tooMany: 'At most {n} items',
    tooFew: 'At least {n} items',
    unknownKeys: 'Contains unknown fields',
    invalid: 'Not valid',
  },
} as const;

function fill(s: string, n: number | bigint | undefined): string {
  return s.replace('{n}', n === undefined ? '' : Number(n).toLocaleString('en-US', { useGrouping: false }));
}

/** The words for one zod issue in a language, from its code and limits (never zod's English). */
export function zodText(issue: IssueFacts, lang: ZodLang = 'zh-CN'): string {
  const w = TEXT[lang];
  const list = issue.origin === 'array' || issue.origin === 'set';
  switch (issue.code) {
    case 'invalid_type':
      if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) return w.hugeNumber;
      if (issue.input === undefined || issue.input === null) return w.required;
      if (issue.expected === 'int') return w.int;
      if (issue.expected === 'number') return w.number;
      if (issue.expected === 'string') return w.text;
      return w.format;
    case 'too_big':
      if (issue.origin === 'string') return fill(w.tooLongText, issue.maximum);
      return fill(list ? w.tooMany : w.tooBigNumber, issue.maximum);
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? w.required : fill(w.tooShortText, issue.minimum);
      return fill(list ? w.tooFew : w.tooSmallNumber, issue.minimum);
    case 'invalid_value':
    case 'invalid_union':
      return w.pick;
    case 'unrecognized_keys':
      return w.unknownKeys;
    case 'invalid_format':
      return w.format;
    default:
      return w.invalid;
  }
}

/** zod speaks this language from now on in this process or page. */
export function installZodMessages(lang: ZodLang): void {
  z.config({ localeError: (iss) => zodText(iss as IssueFacts, lang) });
}

/**
 * A number schema's own message for "not a number" only: a value out of range keeps the range's message
 * (a schema-wide message would call 9,999,999,999 "应为数字"), and an overflowing number says so.
 */
export function numberError(message: string) {
  return (iss: { code: string; expected?: string; input?: unknown }): string | undefined => {
    if (iss.code !== 'invalid_type') return undefined;
    if (typeof iss.input === 'number' && !Number.isFinite(iss.input)) return TEXT['zh-CN'].hugeNumber;
    if (iss.expected === 'int') return TEXT['zh-CN'].int;
    return message;
  };
}
