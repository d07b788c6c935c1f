// Screen labels of the report figures (from the i18n files) and how a value reads.
import type { ReportColumn } from '../../../shared/reports/columns';
import type { FigureKey, RateKey } from '../../../shared/reports/figures';
import { t, type MessageKey } from '../i18n';

const UNIT: Record<FigureKey, MessageKey> = {
  workingAge: 'reports.u.person',
  sixClearComplete: 'reports.u.person',
  sixClearStale: 'reports.u.person',
  registeredUnemployed: 'reports.u.person',
  zeroFound: 'reports.u.household',
  zeroCleared: 'reports.u.household',
  cardsIssued: 'reports.u.card',
  eligible: 'reports.u.person',
  eligibleWithCard: 'reports.u.person',
  vacancies: 'reports.u.record',
  vacancyPositions: 'reports.u.person',
  employerVisits: 'reports.u.visit',
  recommendations: 'reports.u.personTime',
  placements: 'reports.u.person',
};

export const figureLabel = (k: FigureKey | RateKey) => t(`reports.f.${k}` as MessageKey);
export const columnUnit = (c: ReportColumn) => (c.kind === 'rate' ? t('reports.u.percent') : t(UNIT[c.key]));
export const countText = (n: number) => n.toLocaleString('zh-CN');
export const rateText = (r: number | null) => (r === null ? t('reports.noRate') : `${r.toFixed(1)}%`);
