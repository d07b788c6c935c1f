// Column value schemas for synced rows, in the form the station stores them (booleans 0/1, JSON bodies as
// text, dates as YYYY-MM-DD). The station's pulled rows and the server's pushed entries are both checked
// with these (entities.ts), so one malformed value is refused where it arrives instead of stopping a whole
// community downstream. Strings must be well-formed: no NUL (PostgreSQL refuses it) and no lone surrogate
// (SQLite stores U+FFFD instead, and the outbox would then disagree with the row).
import { z } from 'zod';
import { numberError } from '../i18n/zodMessages';
import { isRealDate } from '../domain/dates';

const ILL_FORMED = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string PostgreSQL and SQLite both store as given: no NUL character, no lone UTF-16 surrogate. */
export function isWellFormedText(s: string): boolean {
  return !ILL_FORMED.test(s);
}

/** The first ill-formed string anywhere inside `value` (objects and arrays walked), with its path. */
export function findIllFormedText(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return isWellFormedText(value) ? null : path;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = findIllFormedText(value[i], [...path, String(i)], depth + 1);
      if (p) return p;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (!isWellFormedText(k)) return [...path, k];
    const p = findIllFormedText(v, [...path, k], depth + 1);
    if (p) return p;
  }
  return null;
}

/** The text with every NUL dropped and every lone surrogate replaced by U+FFFD (for metadata such as an
 * operator's or a station's name, which must not stop a sync). */
export function toWellFormedText(s: string): string {
  return s
    .replace(/\u0000/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export const ILL_FORMED_MESSAGE = '含有无法保存的字符（空字符或残缺的汉字编码），请重新输入';

const wellFormed = z
  .string({ message: '应为文字' })
  .refine(isWellFormedText, { message: ILL_FORMED_MESSAGE });

/** Stored text up to `max` characters; `min` 1 for required names. */
export const text = (max: number, min = 0) =>
  wellFormed
    .refine((s) => [...s].length <= max, { message: `最多 ${max} 个字` })
    .refine((s) => s.length >= min, {
      message: '不能为空',
    });
export const rowRef = () =>
  z.string({ message: '应为记录编号' }).regex(/^[0-9A-Za-z-]{1,64}$/, { message: '记录编号格式不正确' });
export const date = () =>
  z.string({ message: '应为日期' }).refine(isRealDate, { message: '日期格式应为 YYYY-MM-DD 且为真实日期' });
export const timestamp = () =>
  z
    .string({ message: '应为时间' })
    .max(40, { message: '时间格式不正确' })
    .refine(
      (s) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)),
      {
        message: '时间格式不正确',
      },
    );
export const int = (min: number, max: number) =>
  z
    .number({ error: numberError('应为数字') })
    .int({ message: '应为整数' })
    .min(min, { message: `不能小于 ${min}` })
    .max(max, { message: `不能大于 ${max}` });
export const amount = (max: number) =>
  z
    .number({ error: numberError('应为数字') })
    .min(0, { message: '不能为负数' })
    .max(max, { message: `不能大于 ${max}` });
/** A yes/no column: 0/1 as SQLite stores it (a boolean from an older station is accepted too). */
export const flag = () => z.union([z.literal(0), z.literal(1), z.boolean()], { message: '应为“是”或“否”' });
export const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { message: '不是可选的值' });
export const community = () =>
  z.string({ message: '应为社区代码' }).regex(/^\d{12}$/, { message: '社区代码应为 12 位数字' });

/** A JSON body stored as text (or, from an older station, as the object itself) that must match `schema`. */
export function json(schema: z.ZodType, maxChars = 20_000) {
  return z.unknown().superRefine((v, ctx) => {
    let parsed: unknown = v;
    if (typeof v === 'string') {
      if (v.length > maxChars) {
        ctx.addIssue({ code: 'custom', message: `内容过长（最多 ${maxChars} 个字符）` });
        return;
      }
      try {
        parsed = JSON.parse(v);
      } catch {
        ctx.addIssue({ code: 'custom', message: '内容不是有效的 JSON' });
        return;
      }
    } else if (v === null || typeof v !== 'object') {
      ctx.addIssue({ code: 'custom', message: '内容格式不正确' });
      return;
    }
    const bad = findIllFormedText(parsed);
    if (bad) {
      ctx.addIssue({ code: 'custom', message: ILL_FORMED_MESSAGE });
      return;
    }
    const r = schema.safeParse(parsed);
    if (!r.success) {
      // the domain schemas' own words where they are Chinese; never a field name or zod's English default
      const message = r.error.issues[0]?.message ?? '';
      ctx.addIssue({ code: 'custom', message: /[\u4e00-\u9fff]/.test(message) ? message : '内容格式不正确' });
    }
  });
}
