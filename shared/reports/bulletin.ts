// A report as a 通报: what its Excel file (nodelib/reports/xlsx.ts) and its print (renderer/src/reports/
// PrintBulletin.tsx) both say — the title, the period, the scope and date, the units, one row per unit
// (streets followed by their communities) and the totals row — always in Chinese, as documents are.
import type { Figures, Period, ReportRow } from './figures';

export interface BulletinRow {
  name: string;
  code: string;
  level: 'street' | 'community';
  figures: Figures;
}

export interface Bulletin {
  title: string;
  period: Period;
  /** Who the report covers, e.g. 全区 / 凯旋街道 / 景昙社区. */
  scopeName: string;
  rows: readonly BulletinRow[];
  total: Figures;
  /** When the figures were counted (ISO date), printed under the title. */
  at: string;
}

const zhDate = (iso: string) => `${+iso.slice(0, 4)}年${+iso.slice(5, 7)}月${+iso.slice(8, 10)}日`;

/** The lines above a bulletin's table, in order. */
export function bulletinLines(b: Bulletin): { title: string; period: string; scope: string; units: string } {
  return {
    title: b.title,
    period: `统计期间：${zhDate(b.period.from)} 至 ${zhDate(b.period.to)}`,
    scope: `统计范围：${b.scopeName}　　统计时间：${zhDate(b.at)}`,
    units: '单位：人、户、张、条、次、人次；比率为百分比（%），基数为零时记“—”',
  };
}

export const bulletinTitle = (scopeName: string) => `${scopeName}就业援助工作情况通报`;

/** A district or street report's rows as a bulletin lists them: each street, then its communities. */
export function bulletinRows(streets: ReadonlyArray<ReportRow & { children: ReportRow[] }>): BulletinRow[] {
  return streets.flatMap((s) => [
    { name: s.name, code: s.code, level: 'street' as const, figures: s.figures },
    ...s.children.map((c) => ({
      name: c.name,
      code: c.code,
      level: 'community' as const,
      figures: c.figures,
    })),
  ]);
}
