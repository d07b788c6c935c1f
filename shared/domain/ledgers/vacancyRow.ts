// A row of a vacancy ledger (岗位信息): the employer by credit code (it must already be in the employer
// book), the position and its wage range, typed as two numbers or as one cell ("3000-4500", "4000以上", 面议).
import { parseCreditCode } from '../../validators/creditCode';
import {
  cleanText,
  readChoice,
  readCodeText,
  readDate,
  readInteger,
  readNumber,
  text,
  type Cell,
  type Read,
} from './cells';
import { put, RowReader, type BuildOptions, type Built, type Get } from './row';

export const VACANCY_STATUS_WORDS = [
  ['open', ['招聘中', '开放', '有效', '在招', '正在招聘']],
  ['filled', ['已招满', '已满', '招满', '已完成']],
  ['closed', ['关闭', '已关闭', '停止', '停止招聘', '已结束', '结束', '过期', '已过期']],
] as const;

interface WageRange {
  min?: number;
  max?: number;
}

export function readWage(c: Cell): Read<WageRange | undefined> {
  if (typeof c === 'number') return { ok: true, value: { min: c, max: c } };
  const s = cleanText(c)
    .replace(/[\s,，¥￥]|元|\/月|每月|月薪/gu, '')
    .replace(/[kK]$/u, '000');
  if (s === '' || /面议|协商|商议/u.test(s)) return { ok: true, value: undefined };
  let m = /^(\d+(?:\.\d+)?)[-~～—至到](\d+(?:\.\d+)?)$/u.exec(s);
  if (m) return { ok: true, value: { min: Number(m[1]), max: Number(m[2]) } };
  if ((m = /^(\d+(?:\.\d+)?)(?:以上|起|及以上)$/u.exec(s))) return { ok: true, value: { min: Number(m[1]) } };
  if ((m = /^(\d+(?:\.\d+)?)(?:以下|以内)$/u.exec(s))) return { ok: true, value: { max: Number(m[1]) } };
  if ((m = /^(\d+(?:\.\d+)?)$/u.exec(s)))
    return { ok: true, value: { min: Number(m[1]), max: Number(m[1]) } };
  return { ok: false, reason: `工资待遇“${cleanText(c)}”无法识别，请写成 3000-4500、4000以上 或 面议` };
}

export function buildVacancy(get: Get, opts: BuildOptions): Built {
  const r = new RowReader(get);
  const v: Record<string, unknown> = {};
  let code = '';
  const raw = r.read('creditCode', (c) => readCodeText(c, '统一社会信用代码'));
  if (!raw) r.fail('creditCode', '缺少用人单位的统一社会信用代码');
  else {
    const p = parseCreditCode(raw);
    if (p.ok) code = p.value.creditCode;
    else r.fail('creditCode', p.error.message);
  }
  const title = r.read('title', text(60));
  if (!title) r.fail('title', '缺少岗位名称');
  else v.title = title;
  put(v, 'occupation', r.read('occupation', text(60)));
  const positions = r.read('positions', (c) => readInteger(c, '招聘人数', 1, 10_000));
  if (positions === undefined && !r.issues.some((i) => i.field === 'positions'))
    r.fail('positions', '缺少招聘人数');
  put(v, 'positions', positions);
  const wage = r.read('wage', readWage);
  const min = r.read('wageMin', (c) => readNumber(c, '最低工资')) ?? wage?.min;
  const max = r.read('wageMax', (c) => readNumber(c, '最高工资')) ?? wage?.max;
  if (min !== undefined && (min < 0 || min > 1_000_000))
    r.fail(r.has('wageMin') ? 'wageMin' : 'wage', '工资应在 0–1,000,000 元之间');
  if (max !== undefined && (max < 0 || max > 1_000_000))
    r.fail(r.has('wageMax') ? 'wageMax' : 'wage', '工资应在 0–1,000,000 元之间');
  if (min !== undefined && max !== undefined && min > max)
    r.fail(r.has('wageMax') ? 'wageMax' : 'wage', `最高工资 ${max} 不能低于最低工资 ${min}`);
  if (min !== undefined || max !== undefined) {
    v.wageMin = min ?? null;
    v.wageMax = max ?? null;
  }
  put(v, 'requirements', r.read('requirements', text(500)));
  const from = r.read('validFrom', readDate) ?? opts.today;
  const to = r.read('validTo', readDate);
  if (!to && !r.issues.some((i) => i.field === 'validTo')) r.fail('validTo', '缺少截止日期');
  if (to && to < from) r.fail('validTo', `截止日期 ${to} 早于开始日期 ${from}`);
  v.validFrom = from;
  put(v, 'validTo', to);
  put(
    v,
    'status',
    r.read('status', (c) => readChoice(c, VACANCY_STATUS_WORDS, '岗位状态')),
  );
  if (r.issues.length) return { ok: false, issues: r.issues };
  v.employerCreditCode = code;
  return { ok: true, key: `${code}|${title}`, values: v };
}
