// 报表: this community's assessment figures for a period, counted offline by the station with the district's
// definitions; every count opens the list behind it (ID numbers masked); Excel in the 通报 layout; print on
// A4 landscape. The period and the open list live in the URL.
import { useEffect, useMemo, useState } from 'react';
import type { CommunityReport } from '../../../shared/contract';
import type { ListedItem } from '../../../shared/reports/query';
import { REPORT_COLUMNS } from '../../../shared/reports/columns';
import { rate, type FigureKey } from '../../../shared/reports/figures';
import { call } from '../api/client';
import { navigate, useLocation } from '../router';
import { t, useLang } from '../i18n';
import { dateLong } from '../format';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { saveFile } from '../ledgers/files';
import { ReportChart } from './ReportChart';
import { PeriodPicker } from './PeriodPicker';
import { DrillList } from './DrillList';
import { readReportState, reportSearch, type ReportState } from './reportState';
import { columnUnit, countText, figureLabel, rateText } from './labels';
import { REPORT_PRINT_CSS } from './printCss';
import { PrintBulletin } from './PrintBulletin';
import { bulletinTitle } from '../../../shared/reports/bulletin';
import { todayInChina } from '../../../shared/domain/dates';

const LIMIT = 50;

export function ReportsPage() {
  const lang = useLang();
  const { query } = useLocation();
  const state = readReportState(query);
  const key = reportSearch(state);
  const [report, setReport] = useState<CommunityReport | null>(null);
  const [list, setList] = useState<{ items: ListedItem[]; total: number } | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const go = (next: Partial<ReportState>) =>
    navigate(`/reports${reportSearch({ ...state, figure: null, unit: null, offset: 0, ...next })}`);

  useEffect(() => {
    setError('');
    if (!state.valid) {
      setReport(null);
      setError(t('reports.periodInvalid'));
      return;
    }
    let live = true;
    call('reports.community', { period: state.period }).then(
      (r) => live && setReport(r),
      (e) => live && setError(messageOf(e)),
    );
    if (state.figure)
      call('reports.list', {
        period: state.period,
        figure: state.figure,
        offset: state.offset,
        limit: LIMIT,
      }).then(
        (r) => live && setList(r),
        (e) => live && setError(messageOf(e)),
      );
    else setList(null);
    return () => {
      live = false;
    };
    // the URL is the state: `key` is derived from every field of it
  }, [key]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && state.figure) go({});
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const counts = REPORT_COLUMNS.filter((c) => c.kind === 'count');
  const chart = useMemo(
    () =>
      report
        ? {
            categories: counts.map((c) => figureLabel(c.key)),
            series: [
              {
                name: report.community.name ?? report.community.code,
                values: counts.map((c) => report.figures[c.key as FigureKey]),
              },
            ],
          }
        : null,
    [report, lang],
  );

  async function exportXlsx() {
    setBusy(true);
    setNote('');
    try {
      saveFile(await call('reports.export', { period: state.period }));
      setNote(t('reports.exported'));
    } catch (e) {
      setNote(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const unitName = report?.community.name ?? report?.community.code ?? '';
  return (
    <div className="page reports-page" data-testid="reports-page">
      <style>{REPORT_PRINT_CSS}</style>
      <h1 className={state.figure ? undefined : 'no-print'}>{t('reports.title')}</h1>
      <p className="muted no-print">{t('reports.subtitle')}</p>
      <div className="toolbar no-print">
        <PeriodPicker key={key} value={state.period} onChange={(period) => go({ period })} />
        <button
          type="button"
          onClick={() => void exportXlsx()}
          disabled={busy || !report}
          data-testid="reports-export"
        >
          {busy ? t('reports.exporting') : t('reports.export')}
        </button>
        <button type="button" onClick={() => window.print()} disabled={!report}>
          {t('reports.print')}
        </button>
        {note ? (
          <span className="muted small" role="status">
            {note}
          </span>
        ) : null}
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {report ? (
        <p data-testid="reports-period" className={state.figure ? undefined : 'no-print'}>
          {unitName} ·{' '}
          {t('reports.period.range', { from: dateLong(report.period.from), to: dateLong(report.period.to) })}
        </p>
      ) : state.valid && !error ? (
        <p className="muted">{t('reports.loading')}</p>
      ) : null}
      {state.figure && list ? (
        <DrillList
          title={t('reports.drillTitle', {
            figure: figureLabel(state.figure),
            unit: unitName,
            n: list.total,
          })}
          items={list.items}
          total={list.total}
          offset={state.offset}
          limit={LIMIT}
          onPage={(offset) => navigate(`/reports${reportSearch({ ...state, offset })}`)}
          onBack={() => go({})}
        />
      ) : report ? (
        <div className="reports-body">
          <PrintBulletin
            bulletin={{
              title: bulletinTitle(unitName),
              period: report.period,
              scopeName: unitName,
              rows: [
                { name: unitName, code: report.community.code, level: 'community', figures: report.figures },
              ],
              total: report.figures,
              at: todayInChina(),
            }}
          />
          <div className="card no-print">
            <table className="table report-table" data-testid="report-table">
              <thead>
                <tr>
                  <th>{t('reports.figure')}</th>
                  <th>{t('reports.value')}</th>
                  <th>{t('reports.unit')}</th>
                </tr>
              </thead>
              <tbody>
                {REPORT_COLUMNS.map((c) => (
                  <tr key={c.key} data-figure={c.key}>
                    <td>{figureLabel(c.key)}</td>
                    <td className="num">
                      {c.kind === 'count' ? (
                        <button
                          type="button"
                          className="link"
                          data-testid={`drill-${c.key}`}
                          onClick={() => go({ period: state.period, figure: c.key })}
                        >
                          {countText(report.figures[c.key])}
                        </button>
                      ) : (
                        rateText(rate(report.figures, c.key))
                      )}
                    </td>
                    <td>{columnUnit(c)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {chart ? (
            <div className="card no-print">
              <h2>{t('reports.chart')}</h2>
              <ReportChart categories={chart.categories} series={chart.series} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
