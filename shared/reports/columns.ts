// The columns of a 通报 table, in order, with the Chinese headers printed documents always carry (the
// screen takes its text from the i18n files). Counts and rates interleave as a bulletin reads.
import { rate, type FigureKey, type Figures, type RateKey } from './figures';

export type ReportColumn = { kind: 'count'; key: FigureKey } | { kind: 'rate'; key: RateKey };

export const REPORT_COLUMNS: readonly ReportColumn[] = [
  { kind: 'count', key: 'workingAge' },
  { kind: 'count', key: 'sixClearComplete' },
  { kind: 'rate', key: 'sixClearCompleteRate' },
  { kind: 'count', key: 'sixClearStale' },
  { kind: 'rate', key: 'sixClearStaleRate' },
  { kind: 'count', key: 'registeredUnemployed' },
  { kind: 'count', key: 'zeroFound' },
  { kind: 'count', key: 'zeroCleared' },
  { kind: 'count', key: 'cardsIssued' },
  { kind: 'count', key: 'eligible' },
  { kind: 'count', key: 'eligibleWithCard' },
  { kind: 'rate', key: 'cardCoverage' },
  { kind: 'count', key: 'vacancies' },
  { kind: 'count', key: 'vacancyPositions' },
  { kind: 'count', key: 'employerVisits' },
  { kind: 'count', key: 'recommendations' },
  { kind: 'count', key: 'placements' },
];

/** Chinese headers for exported and printed bulletins (with the unit, as a 通报 prints it). */
export const DOCUMENT_HEADERS: Record<FigureKey | RateKey, string> = {
  workingAge: '劳动年龄登记人数（人）',
  sixClearComplete: '六清完成（人）',
  sixClearCompleteRate: '六清完成率（%）',
  sixClearStale: '六清超期未复核（人）',
  sixClearStaleRate: '超期率（%）',
  registeredUnemployed: '登记失业人员（人）',
  zeroFound: '新发现零就业家庭（户）',
  zeroCleared: '零就业家庭消除（户）',
  cardsIssued: '发放援助卡（张）',
  eligible: '符合援助条件（人）',
  eligibleWithCard: '其中已持卡（人）',
  cardCoverage: '援助卡覆盖率（%）',
  vacancies: '收集岗位信息（条）',
  vacancyPositions: '岗位需求人数（人）',
  employerVisits: '走访用人单位（次）',
  recommendations: '推荐就业（人次）',
  placements: '推荐成功就业（人）',
};

/** One row's cells in column order: counts as numbers, rates as numbers or null ("—"). */
export function rowCells(f: Figures): Array<number | null> {
  return REPORT_COLUMNS.map((c) => (c.kind === 'count' ? f[c.key] : rate(f, c.key)));
}
