// 报表 (console): the district's figures for a period, district → street → community, each level a table
// (a 通报's columns, a totals row) and an ECharts bar chart of one figure across its units. Every count opens
// the list behind it (ID numbers masked, full number only through 显示, which the district logs). Excel in
// the 通报 layout from the server; print on A4 landscape with the header on every page. The URL holds all
// of it: ?kind&value[&to][&street][&community][&chart][&figure&unit&offset].
import { useEffect, useMemo, useState } from 'react';
import { REPORT_COLUMNS } from '../../../shared/reports/columns';
import { FIGURE_KEYS, rate, type FigureKey, type Figures } from '../../../shared/reports/figures';
import type { ListedItem } from '../../../shared/reports/query';
import { navigate, useLocation } from '../../../renderer/src/router';
import { t, useLang } from '../../../renderer/src/i18n';
import { dateLong } from '../../../renderer/src/format';
import { Notice } from '../../../renderer/src/ui/fields';
import { ReportChart } from '../../../renderer/src/reports/ReportChart';
import { PeriodPicker } from '../../../renderer/src/reports/PeriodPicker';
import { readReportState, reportSearch } from '../../../renderer/src/reports/reportState';
import { columnUnit, countText, figureLabel, rateText } from '../../../renderer/src/reports/labels';
import { REPORT_PRINT_CSS } from '../../../renderer/src/reports/printCss';
import { PrintBulletin } from '../../../renderer/src/reports/PrintBulletin';
import { bulletinRows, bulletinTitle, type Bulletin } from '../../../shared/reports/bulletin';
import { todayInChina } from '../../../shared/domain/dates';
import { call, download, messageOf, saveBlob } from '../api';
import { communityLabel, useUnits } from '../units';
import { useSession } from '../session';
import { ConsoleDrillList } from './ConsoleDrillList';
import { ProgrammesCard } from './ProgrammesCard';

const LIMIT = 50;

interface Row {
  level: 'district' | 'street' | 'community';
  code: string;
  name: string;
  figures: Figures;
}
interface DistrictReport {
  period: { from: string; to: string };
  total: Figures;
  streets: Array<Row & { children: Row[] }>;
}

export function ReportsPage() {
  const lang = useLang();
  const session = useSession()!;
  const units = useUnits();
  const { query } = useLocation();
  const state = readReportState(query);
  const ownStreet = session.user.role === 'street' ? session.user.streetCode : null;
  const street = ownStreet ?? query.get('street');
  const community = query.get('community');
  const chartKey = (FIGURE_KEYS as readonly string[]).includes(query.get('chart') ?? '')
    ? (query.get('chart') as FigureKey)
    : 'workingAge';
  const [report, setReport] = useState<DistrictReport | null>(null);
  const [list, setList] = useState<{ items: ListedItem[]; total: number } | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const search = (next: Record<string, string | null | number>, period = state.period) => {
    const base = new URLSearchParams(reportSearch({ period }).slice(1));
    const cur: Record<string, string | null> = {
      street: query.get('street'),
      community,
      chart: query.get('chart'),
    };
    for (const [k, v] of Object.entries({ ...cur, ...next }))
      if (v !== null && v !== '' && v !== 0) base.set(k, String(v));
    return `/console/reports?${base.toString()}`;
  };
  const reportKey = `${state.period.kind}|${state.period.value}|${state.period.to ?? ''}|${street ?? ''}`;

  useEffect(() => {
    setError('');
    if (!state.valid) {
      setReport(null);
      setError(t('reports.periodInvalid'));
      return;
    }
    let live = true;
    setReport(null);
    call<DistrictReport>('reports.district', { period: state.period, ...(street ? { street } : {}) }).then(
      (r) => live && setReport(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [reportKey]);

  const listKey = `${reportKey}|${state.figure ?? ''}|${state.unit ?? ''}|${state.offset}`;
  useEffect(() => {
    if (!state.figure || !state.valid) {
      setList(null);
      return;
    }
    let live = true;
    call<{ items: ListedItem[]; total: number }>('reports.list', {
      period: state.period,
      figure: state.figure,
      ...(state.unit ? { unit: state.unit } : {}),
      offset: state.offset,
      limit: LIMIT,
    }).then(
      (r) => live && setList(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [listKey]);

  // the level shown: the district's streets, one street's communities, or one community's figures
  const level = useMemo(() => {
    if (!report) return null;
    const s = street ? report.streets.find((x) => x.code === street) : null;
    if (community && s) {
      const c = s.children.find((x) => x.code === community);
      if (c) return { title: c.name, rows: [c], total: null as Row | null, parent: s };
    }
    if (s) return { title: s.name, rows: s.children, total: s as Row, parent: null };
    return {
      title: t('console.wholeDistrict'),
      rows: report.streets as Row[],
      total: { level: 'district', code: '', name: t('reports.total'), figures: report.total } as Row,
      parent: null,
    };
  }, [report, street, community, lang]);

  // printed, the level shown as its 通报 (as its Excel file): the district lists every street with its
  // communities, a street its communities, a community itself
  const bulletin = useMemo((): Bulletin | null => {
    if (!report || !level) return null;
    const scopeName = level.total?.level === 'district' ? '全区' : level.title;
    const total = level.total;
    const rows = !total
      ? level.rows.map((r) => ({ ...r, level: 'community' as const }))
      : bulletinRows(
          total.level === 'street' ? report.streets.filter((s) => s.code === total.code) : report.streets,
        );
    return {
      title: bulletinTitle(scopeName),
      period: report.period,
      scopeName,
      rows,
      total: total?.figures ?? level.rows[0]!.figures,
      at: todayInChina(),
    };
  }, [report, level]);

  const chart = useMemo(
    () =>
      level
        ? {
            categories: level.rows.map((r) => r.name),
            series: [{ name: figureLabel(chartKey), values: level.rows.map((r) => r.figures[chartKey]) }],
          }
        : null,
    [level, chartKey, lang],
  );

  async function exportXlsx() {
    setBusy(true);
    setNote('');
    try {
      const f = await download('reports.export', { period: state.period, ...(street ? { street } : {}) });
      saveBlob(f.blob, f.fileName);
      setNote(t('reports.exported'));
    } catch (e) {
      setNote(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const unitName = (code: string | null) =>
    !code
      ? (level?.title ?? '')
      : code.length === 9
        ? (units?.streets.find((s) => s.code === code)?.name ?? code)
        : communityLabel(units, code);

  return (
    <div className="reports-page" data-testid="console-reports">
      <style>{REPORT_PRINT_CSS}</style>
      <h1 className="no-print">{t('console.reports.title')}</h1>
      <div className="toolbar no-print">
        <PeriodPicker
          key={reportKey}
          value={state.period}
          onChange={(period) => navigate(search({}, period))}
        />
        <button
          type="button"
          onClick={() => void exportXlsx()}
          disabled={busy || !report}
          data-testid="reports-export"
        >
          {busy ? t('reports.exporting') : t('reports.export')}
        </button>
        <button type="button" onClick={() => window.print()} disabled={!report} data-testid="reports-print">
          {t('reports.print')}
        </button>
        {note ? (
          <span className="muted small" role="status">
            {note}
          </span>
        ) : null}
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {report && level ? (
        <>
          <nav
            className="no-print breadcrumbs"
            aria-label={t('console.reports.levels')}
            data-testid="report-crumbs"
          >
            {ownStreet ? null : (
              <button
                type="button"
                className="link"
                onClick={() => navigate(search({ street: null, community: null }))}
              >
                {t('console.wholeDistrict')}
              </button>
            )}
            {street ? (
              <>
                {ownStreet ? null : ' › '}
                <button type="button" className="link" onClick={() => navigate(search({ community: null }))}>
                  {unitName(street)}
                </button>
              </>
            ) : null}
            {community ? <> › {communityLabel(units, community)}</> : null}
          </nav>
          <h2 data-testid="reports-heading" className={state.figure ? undefined : 'no-print'}>
            {t('console.reports.heading', { unit: level.title })} ·{' '}
            {t('reports.period.range', {
              from: dateLong(report.period.from),
              to: dateLong(report.period.to),
            })}
          </h2>
        </>
      ) : state.valid && !error ? (
        <p className="muted">{t('reports.loading')}</p>
      ) : null}
      {state.figure && list ? (
        <ConsoleDrillList
          title={t('reports.drillTitle', {
            figure: figureLabel(state.figure),
            unit: unitName(state.unit),
            n: list.total,
          })}
          items={list.items}
          total={list.total}
          offset={state.offset}
          limit={LIMIT}
          communityName={(c) => communityLabel(units, c)}
          onPage={(offset) => navigate(search({ figure: state.figure, unit: state.unit, offset }))}
          onBack={() => navigate(search({}))}
        />
      ) : level ? (
        <>
          {bulletin ? <PrintBulletin bulletin={bulletin} /> : null}
          <div className="card table-scroll no-print">
            <table className="table bulletin" data-testid="report-table">
              <thead>
                <tr>
                  <th>{t('console.reports.unit')}</th>
                  {REPORT_COLUMNS.map((c) => (
                    <th key={c.key} className="num">
                      {figureLabel(c.key)}
                      {c.kind === 'count' ? <span className="muted small">（{columnUnit(c)}）</span> : null}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {level.rows.map((r) => (
                  <tr key={r.code} data-unit={r.code}>
                    <td>
                      {r.level === 'community' && community ? (
                        r.name
                      ) : (
                        <button
                          type="button"
                          className="link"
                          data-testid={`open-${r.code}`}
                          onClick={() =>
                            navigate(
                              r.level === 'street'
                                ? search({ street: r.code, community: null })
                                : search({ community: r.code }),
                            )
                          }
                        >
                          {r.name}
                        </button>
                      )}
                    </td>
                    <Cells row={r} onDrill={(figure) => navigate(search({ figure, unit: r.code }))} />
                  </tr>
                ))}
                {level.total ? (
                  <tr className="total" data-unit="total">
                    <td>{t('reports.total')}</td>
                    <Cells
                      row={level.total}
                      onDrill={(figure) =>
                        navigate(
                          search({
                            figure,
                            unit: level.total!.level === 'street' ? level.total!.code : null,
                          }),
                        )
                      }
                    />
                  </tr>
                ) : null}
              </tbody>
            </table>
          </div>
          {chart ? (
            <div className="card no-print">
              <div className="toolbar">
                <h2>{t('reports.chart')}</h2>
                <select
                  value={chartKey}
                  onChange={(e) => navigate(search({ chart: e.target.value }), { replace: true })}
                  aria-label={t('reports.chart')}
                  data-testid="chart-figure"
                >
                  {FIGURE_KEYS.map((k) => (
                    <option key={k} value={k}>
                      {figureLabel(k)}
                    </option>
                  ))}
                </select>
              </div>
              <ReportChart categories={chart.categories} series={chart.series} />
            </div>
          ) : null}
          {community ? null : (
            // not in the printed 通报 (nor its Excel file): the bulletin is the assessed table alone
            <div className="no-print">
              <ProgrammesCard period={state.period} street={street} />
            </div>
          )}
        </>
      ) : null}
    </div>
  );
}

function Cells({ row, onDrill }: { row: Row; onDrill: (figure: FigureKey) => void }) {
  return (
    <>
      {REPORT_COLUMNS.map((c) => (
        <td key={c.key} className="num">
          {c.kind === 'count' ? (
            <button
              type="button"
              className="link"
              data-testid={`drill-${row.code || 'total'}-${c.key}`}
              onClick={() => onDrill(c.key)}
            >
              {countText(row.figures[c.key])}
            </button>
          ) : (
            rateText(rate(row.figures, c.key))
          )}
        </td>
      ))}
    </>
  );
}
