// Coded vocabularies: occupations (GB/T 6565-2015) and industries (GB/T 4754-2017) as reference data the
// district loads and the stations receive. Codes are the standards' own; a list is checked whole (format,
// no duplicate, every parent present) before anything is written. Matching reads the occupation hierarchy
// from the code itself: "4-10-01-05" lies under 小类 "4-10-01", 中类 "4-10" and 大类 "4".
import { z } from 'zod';

export interface CodeItem {
  code: string;
  name: string;
  parentCode: string | null;
}

export const OCCUPATION_CODE = /^[1-8](-\d{2}){0,3}$/;
export const INDUSTRY_CODE = /^([A-T]|\d{2}|\d{3}|\d{4})$/;

const item = (pattern: RegExp, what: string) =>
  z.object({
    code: z.string().regex(pattern, { message: `${what}代码格式不正确` }),
    name: z.string().trim().min(1, { message: '名称不能为空' }).max(60, { message: '名称最多 60 个字' }),
    parentCode: z.string().max(20).nullable(),
  });
export const occupationItem = item(OCCUPATION_CODE, '职业');
export const industryItem = item(INDUSTRY_CODE, '行业');

/** The first problem of a list in plain Chinese (duplicate code, a parent missing), or null. */
export function vocabularyProblem(items: readonly CodeItem[], what: '职业' | '行业'): string | null {
  const codes = new Set<string>();
  for (const it of items) {
    if (codes.has(it.code)) return `${what}代码 ${it.code} 出现了两次`;
    codes.add(it.code);
  }
  for (const it of items)
    if (it.parentCode !== null && !codes.has(it.parentCode))
      return `${what}代码 ${it.code}（${it.name}）的上级 ${it.parentCode} 不在列表中`;
  return null;
}

/** 1 大类, 2 中类, 3 小类, 4 职业. */
export function occupationLevel(code: string): number {
  return code.split('-').length;
}

/** The code's ancestor at `level` (itself when already at or above it). */
export function occupationAt(code: string, level: number): string {
  return code.split('-').slice(0, level).join('-');
}

/**
 * How closely a wanted occupation fits a vacancy's: 4 the same 职业 (or the same code at any level),
 * 3 the same 小类, 2 the same 中类, 1 the same 大类, 0 none. A coarser wish ("4-10" 居民服务人员) fits
 * every job under it as the same code would.
 */
export function occupationFit(wanted: string, offered: string): number {
  if (wanted === offered) return 4;
  if (offered.startsWith(`${wanted}-`) || wanted.startsWith(`${offered}-`)) return 4;
  for (const level of [3, 2, 1]) {
    if (occupationLevel(wanted) < level || occupationLevel(offered) < level) continue;
    if (occupationAt(wanted, level) === occupationAt(offered, level)) return level;
  }
  return 0;
}

/** An industry code's 门类 letter, given the list (大类 "62" → "H"). */
export function industrySection(code: string, byCode: Map<string, CodeItem>): string | null {
  let c: CodeItem | undefined = byCode.get(code);
  for (let hop = 0; c && hop < 4; hop++) {
    if (c.parentCode === null) return c.code;
    c = byCode.get(c.parentCode);
  }
  return null;
}
