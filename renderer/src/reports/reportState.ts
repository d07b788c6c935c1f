// A report's state lives in the URL (?kind=month&value=2026-06[&to=…][&figure=…&unit=…&offset=…]): a reload,
// a print tab or a link lands on the same figures and the same drill-down.
import { FIGURE_KEYS, type FigureKey } from '../../../shared/reports/figures';
import { PERIOD_KINDS, periodInput, type PeriodInput } from '../../../shared/reports/query';

export interface ReportState {
  period: PeriodInput;
  /** Set while a figure's list is open. */
  figure: FigureKey | null;
  /** The unit drilled into (a street or community code), or null for the whole scope. */
  unit: string | null;
  offset: number;
  valid: boolean;
}

function thisMonth(): string {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return d.toISOString().slice(0, 7);
}

export function readReportState(query: URLSearchParams): ReportState {
  const kind = (PERIOD_KINDS as readonly string[]).includes(query.get('kind') ?? '')
    ? (query.get('kind') as PeriodInput['kind'])
    : 'month';
  const value = query.get('value') ?? (kind === 'month' ? thisMonth() : '');
  const to = query.get('to');
  const period: PeriodInput = { kind, value, ...(to ? { to } : {}) };
  const f = query.get('figure');
  return {
    period,
    figure: f && (FIGURE_KEYS as readonly string[]).includes(f) ? (f as FigureKey) : null,
    unit: query.get('unit'),
    offset: Math.max(0, Number(query.get('offset') ?? 0) || 0),
    valid: periodInput.safeParse(period).success,
  };
}

export function reportSearch(s: Partial<ReportState> & { period: PeriodInput }): string {
  const q = new URLSearchParams();
  q.set('kind', s.period.kind);
  q.set('value', s.period.value);
  if (s.period.to) q.set('to', s.period.to);
  if (s.figure) q.set('figure', s.figure);
  if (s.unit) q.set('unit', s.unit);
  if (s.offset) q.set('offset', String(s.offset));
  return `?${q.toString()}`;
}
