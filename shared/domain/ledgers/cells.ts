// One spreadsheet cell as the importers see it, whatever the file was (xlsx or CSV), and the readers of
// values that real ledgers hold: dates typed five ways or stored as Excel serial numbers, 是/否 ticks,
// amounts with 元 and thousands separators, full-width digits. Each reader says in Chinese why a value
// cannot be read, so a rejected row names its cell and its reason.
import { isRealDate } from '../dates';
import { toHalfWidth } from '../../validators/text';

/**
 * A cell: empty, text, number, boolean, a calendar date (from a date-formatted xlsx cell), or an error the
 * spreadsheet itself holds (#N/A, a formula without a cached result).
 */
export type Cell = null | string | number | boolean | { date: string } | { error: string };

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const bad = (reason: string): Read<never> => ({ ok: false, reason });

/** The cell as a person reads it in the sheet (dates as YYYY-MM-DD, whole numbers without decimals). */
export function cellText(c: Cell): string {
  if (c === null) return '';
  if (typeof c === 'string') return c;
  if (typeof c === 'number') return String(c);
  if (typeof c === 'boolean') return c ? '是' : '否';
  if ('date' in c) return c.date;
  return c.error;
}

/** Empty, or only white space (including the ideographic space of Chinese input methods). */
export function isBlank(c: Cell): boolean {
  return c === null || (typeof c === 'string' && c.replace(/[\s\u3000]/gu, '') === '');
}

/**
 * Text of a cell for reading a code, number, date or choice: full-width letters, digits and marks made
 * half-width, outer spaces trimmed. Free text (names, addresses, notes) is kept as typed: see readText.
 */
export function cleanText(c: Cell): string {
  return toHalfWidth(cellText(c))
    .replace(/[\u3000\u00a0]/gu, ' ')
    .trim();
}

function errorReason(c: Cell): string | null {
  if (c !== null && typeof c === 'object' && 'error' in c)
    return `单元格是错误值“${c.error}”，请在表格中改正`;
  return null;
}

export function readText(c: Cell, max: number): Read<string> {
  const e = errorReason(c);
  if (e) return bad(e);
  // as typed (a full-width comma in an address stays one), only the outer spaces trimmed
  const s = cellText(c).trim();
  if ([...s].length > max) return bad(`内容过长：最多 ${max} 个字，当前 ${[...s].length} 个字`);
  return ok(s);
}

/**
 * ID numbers and credit codes are text: a number cell means Excel stored it as a number and rounded it
 * (18 digits do not fit a double), so the last digits are already lost and cannot be guessed back.
 */
export function readCodeText(c: Cell, what: string): Read<string> {
  const e = errorReason(c);
  if (e) return bad(e);
  if (typeof c === 'number') {
    if (Math.abs(c) >= 1e15)
      return bad(
        `${what}被 Excel 存成了数字（${c.toExponential(5)}），末尾几位已丢失；请把该列设为“文本”后重新输入`,
      );
    return ok(String(c));
  }
  return ok(cleanText(c));
}

// Excel's 1900 date system counts 1900-02-29, a day that never was; from serial 61 (1900-03-01) on, the
// serial is days since 1899-12-30. Earlier serials are not dates anyone puts in a labour ledger.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MIN_SERIAL = 61;
const MAX_SERIAL = 2_958_465; // 9999-12-31

export function serialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < MIN_SERIAL || serial > MAX_SERIAL) return null;
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A calendar date from a date cell, an Excel serial number, or text: 2024-1-5, 2024/01/05, 2024.1.5,
 * 2024年1月5日, 20240105. A month alone (2024-05, 2024年5月, 2024.5) reads as its first day: survey sheets
 * often record only the month someone lost work.
 */
export function readDate(c: Cell): Read<string | undefined> {
  const e = errorReason(c);
  if (e) return bad(e);
  if (isBlank(c)) return ok(undefined);
  if (typeof c === 'object' && c !== null && 'date' in c) return ok(c.date);
  if (typeof c === 'number') {
    const iso = serialToIsoDate(c);
    return iso ? ok(iso) : bad(`“${c}”不是日期（也不是 Excel 日期序号）`);
  }
  if (typeof c === 'boolean') return bad('应为日期，而不是是/否');
  const s = cleanText(c).replace(/\s+/gu, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/u.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/u.exec(s);
  let y: number;
  let mo: number;
  let d: number;
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(\d{4})[-/.年](\d{1,2})月?$/u.exec(s))) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), 1];
  } else if (/^\d{5}(\.\d+)?$/u.test(s)) {
    // a serial number that arrived as text (CSV saved from Excel, a cell formatted as text)
    const iso = serialToIsoDate(Number(s));
    return iso ? ok(iso) : bad(`“${s}”不是日期`);
  } else {
    return bad(`“${s}”不是可识别的日期，请写成 2024-01-05 或 2024年1月5日`);
  }
  const iso = `${y}-${pad(mo)}-${pad(d)}`;
  if (!isRealDate(iso)) return bad(`日期 ${iso} 不存在`);
  if (y < 1900) return bad(`日期 ${iso} 早于 1900 年`);
  return ok(iso);
}

const YES = new Set(['是', '有', '√', '✓', '✔', 'y', 'yes', 'true', '1', '对', '已', '已登记', '已办理']);
const NO = new Set([
  '否',
  '无',
  '没有',
  '×',
  '✗',
  'x',
  'n',
  'no',
  'false',
  '0',
  '未',
  '未登记',
  '未办理',
  '-',
  '/',
]);

export function readBool(c: Cell): Read<boolean | undefined> {
  const e = errorReason(c);
  if (e) return bad(e);
  if (isBlank(c)) return ok(undefined);
  if (typeof c === 'boolean') return ok(c);
  const s = cleanText(c).toLowerCase().replace(/\s+/gu, '');
  if (YES.has(s)) return ok(true);
  if (NO.has(s)) return ok(false);
  return bad(`“${cellText(c)}”应为“是”或“否”`);
}

/**
 * A number from a number cell or text such as "3,500.00元", "¥4 200", "４５００", "6千", "0.8万". With
 * `secret` (income) the refusal does not repeat the cell, which the preview shows masked.
 */
export function readNumber(
  c: Cell,
  what = '数值',
  opts: { secret?: boolean } = {},
): Read<number | undefined> {
  const e = errorReason(c);
  if (e) return bad(e);
  if (isBlank(c)) return ok(undefined);
  if (typeof c === 'number') return Number.isFinite(c) ? ok(c) : bad(`${what}不是有效的数字`);
  if (typeof c === 'boolean' || (typeof c === 'object' && c !== null)) return bad(`${what}应为数字`);
  const s = cleanText(c).replace(/[\s,，¥￥]|元|人|名|\/月|每月/gu, '');
  const m = /^(-?\d+(?:\.\d+)?)([千万]?)$/u.exec(s);
  if (!m)
    return bad(opts.secret ? `${what}不是数字（应写成 3500 或 3,500元）` : `${what}“${cellText(c)}”不是数字`);
  // 6千 = 6000, 0.8万 = 8000; rounded to the fen so 1.2万 is not 11999.999…
  const scale = m[2] === '万' ? 10_000 : m[2] === '千' ? 1_000 : 1;
  return ok(scale === 1 ? Number(m[1]) : Math.round(Number(m[1]) * scale * 100) / 100);
}

export function readInteger(c: Cell, what: string, min: number, max: number): Read<number | undefined> {
  const r = readNumber(c, what);
  if (!r.ok || r.value === undefined) return r;
  if (!Number.isInteger(r.value)) return bad(`${what}应为整数，当前为 ${r.value}`);
  if (r.value < min || r.value > max) return bad(`${what}应在 ${min}–${max} 之间，当前为 ${r.value}`);
  return r;
}

/** Looks a label up in a table of accepted words (after clean-up); names the accepted words when it fails. */
export function readChoice<T extends string>(
  c: Cell,
  table: ReadonlyArray<readonly [T, readonly string[]]>,
  what: string,
): Read<T | undefined> {
  const e = errorReason(c);
  if (e) return bad(e);
  if (isBlank(c)) return ok(undefined);
  const s = cleanText(c).replace(/\s+/gu, '');
  const low = s.toLowerCase();
  for (const [value, words] of table)
    if (words.includes(s) || words.includes(low) || s === value) return ok(value);
  const accepted = table.map(([, w]) => w[0]).join('、');
  return bad(`${what}“${s}”不是可识别的代码，可填：${accepted}`);
}

/** Items of a list typed into one cell: 电工、焊工；厨师 / 保安. */
export function splitList(text: string): string[] {
  return text
    .split(/[、,，;；/|\n]+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '无' && s !== '-');
}

/** A text reader for RowReader.read: blank reads as absent. */
export function text(max: number): (c: Cell) => Read<string | undefined> {
  return (c) => {
    const r = readText(c, max);
    return r.ok && r.value === '' ? ok(undefined) : r;
  };
}
