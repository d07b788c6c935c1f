// How dates and money read at the desk: 2026年11月27日 in prose, 2026-11-27 in grids, ¥3,500.00 for money.
import { getLang } from './i18n';
import { MASKED_INCOME, type MaskedIncome } from '../../shared/domain/privacy';

export function dateLong(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return getLang() === 'en' ? `${y}-${m}-${d}` : `${y}年${m}月${d}日`;
}

export function dateShort(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : '';
}

/** A timestamp in the PC's local time, minutes precision. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

const yuanFormat = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** An amount as ¥3,500.00; a masked amount (shared/domain/privacy.ts) stays masked. */
export function money(v: number | MaskedIncome | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (v === MASKED_INCOME) return MASKED_INCOME;
  return `¥${yuanFormat.format(v)}`;
}

/** Today's date in China (UTC+8), as the station counts it. */
export function todayIso(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
