// 居民(六清): the residents grid, fetched page by page, sorted and filtered by the station; the quick
// search in the top bar (?q=) and the saved views narrow it.
import { useCallback, useMemo, useRef, useState } from 'react';
import type { CellClassRules, ColDef, GridApi, SortModelItem } from 'ag-grid-community';
import { call } from '../api/client';
import type { ResidentRow } from '../../../shared/domain/resident';
import { PagedGrid } from '../grid/PagedGrid';
import { navigate, useLocation } from '../router';
import { t, useLang } from '../i18n';
import { dateShort, dateTime } from '../format';
import { Notice } from '../ui/fields';
import { sixClearsText } from './labels';
import { SexFilter, SixClearsFilter } from './SixClearsFilter';
import { toListInput } from './listQuery';
import { ExportButton } from '../ledgers/ExportButton';

type View = 'all' | 'incomplete' | 'stale';

const HOLD_RULES: CellClassRules<ResidentRow> = { 'hold-held': (p) => p.data?.hold?.role === 'held' };

export function ResidentsPage() {
  const lang = useLang();
  const { query } = useLocation();
  const quick = query.get('q') ?? '';
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState('');
  const [view, setView] = useState<View>('all');
  const api = useRef<GridApi<ResidentRow> | null>(null);
  const quickRef = useRef(quick);
  quickRef.current = quick;

  const columns = useMemo<ColDef<ResidentRow>[]>(
    () => [
      {
        colId: 'name',
        field: 'name',
        headerName: t('residents.col.name'),
        sortable: true,
        filter: 'agTextColumnFilter',
        filterParams: { filterOptions: ['contains'], maxNumConditions: 1 },
        width: 170,
        // a person also registered at another community carries a mark (issue 8; see HoldNotice.tsx)
        valueFormatter: (p) =>
          p.data?.hold ? `${String(p.value)} · ${t(`hold.tag.${p.data.hold.role}`)}` : String(p.value ?? ''),
        cellClassRules: HOLD_RULES,
      },
      {
        colId: 'idNumber',
        field: 'idNumber',
        headerName: t('residents.col.idNumber'),
        filter: 'agTextColumnFilter',
        filterParams: { filterOptions: ['endsWith'], maxNumConditions: 1 },
        width: 190,
        cellClass: 'mono',
      },
      {
        colId: 'sex',
        field: 'sex',
        headerName: t('residents.col.sex'),
        filter: SexFilter,
        width: 80,
        valueFormatter: (p) => (p.value ? t(`sex.${p.value as 'M' | 'F'}`) : ''),
      },
      {
        colId: 'age',
        field: 'age',
        headerName: t('residents.col.age'),
        sortable: true,
        filter: 'agNumberColumnFilter',
        filterParams: {
          filterOptions: ['inRange', 'greaterThanOrEqual', 'lessThanOrEqual', 'equals'],
          maxNumConditions: 1,
        },
        width: 90,
      },
      {
        colId: 'sixClears',
        headerName: t('residents.col.sixClears'),
        sortable: true,
        filter: SixClearsFilter,
        flex: 1,
        minWidth: 200,
        valueGetter: (p) => (p.data ? sixClearsText(p.data.sixClearsState) : ''),
        cellClassRules: {
          'six-ok': (p) => !!p.data?.sixClearsState.complete,
          'six-no': (p) => !!p.data && !p.data.sixClearsState.complete,
        },
      },
      {
        colId: 'lastConfirmed',
        headerName: t('residents.col.lastConfirmed'),
        sortable: true,
        width: 120,
        valueGetter: (p) => dateShort(p.data?.sixClearsState.oldestConfirmedAt),
      },
      {
        colId: 'updatedAt',
        field: 'updatedAt',
        headerName: t('residents.col.updatedAt'),
        sortable: true,
        width: 150,
        valueFormatter: (p) => dateTime(p.value as string),
      },
    ],
    // column headers follow the language
    [lang],
  );

  const fetchPage = useCallback(
    async (offset: number, limit: number, params: { sortModel: SortModelItem[]; filterModel: unknown }) => {
      setError('');
      return call(
        'residents.list',
        toListInput(
          offset,
          limit,
          params.sortModel,
          (params.filterModel ?? {}) as Record<string, unknown>,
          quickRef.current,
        ),
      );
    },
    [],
  );

  /** The grid as it stands — filter, sort, displayed columns in order — exported in full by the station. */
  function exportGrid(reveal: boolean) {
    const a = api.current;
    const sortModel = (a?.getColumnState() ?? [])
      .filter((c) => c.sort)
      .sort((x, y) => (x.sortIndex ?? 0) - (y.sortIndex ?? 0))
      .map((c) => ({ colId: c.colId, sort: c.sort! }));
    const {
      offset: _o,
      limit: _l,
      ...query
    } = toListInput(
      0,
      1,
      sortModel,
      (a?.getFilterModel() ?? {}) as Record<string, unknown>,
      quickRef.current,
    );
    const columns = a?.getAllDisplayedColumns().map((c) => c.getColId()) ?? [];
    return call('ledgers.exportGrid', { grid: 'residents', query, columns, reveal });
  }

  function applyView(v: View) {
    setView(v);
    const a = api.current;
    if (!a) return;
    void a.setColumnFilterModel('sixClears', v === 'all' ? null : v).then(() => {
      if (v === 'all') a.setFilterModel(null);
      a.onFilterChanged();
    });
  }

  return (
    <section className="list-page" aria-labelledby="residents-title">
      <div className="toolbar">
        <h1 id="residents-title">{t('residents.title')}</h1>
        <div className="views" role="group" aria-label={t('residents.title')}>
          {(['all', 'incomplete', 'stale'] as const).map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={view === v}
              className={view === v ? 'on' : ''}
              onClick={() => applyView(v)}
            >
              {t(`residents.view.${v}`)}
            </button>
          ))}
        </div>
        {quick ? (
          <span className="chip">
            {t('residents.quickActive', { q: quick })}
            <button type="button" className="link" onClick={() => navigate('/residents', { replace: true })}>
              {t('residents.clearQuick')}
            </button>
          </span>
        ) : null}
        <span className="muted" data-testid="residents-total">
          {total === null ? '' : t('common.total', { n: total })}
        </span>
        <span className="spacer" />
        <ExportButton testId="residents-export" onExport={(reveal) => exportGrid(reveal)} />
        <button type="button" className="primary" onClick={() => navigate('/residents/new')}>
          {t('residents.new')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <PagedGrid<ResidentRow>
        columns={columns}
        fetchPage={(o, l, p) => fetchPage(o, l, p)}
        refreshKey={quick}
        onOpen={(r) => navigate(`/residents/${r.id}`)}
        onError={setError}
        onTotal={setTotal}
        onReady={(a) => {
          api.current = a;
          // filters change → the grid refetches; keep the view buttons honest
          a.addEventListener('filterChanged', () => {
            const m = a.getFilterModel() as Record<string, unknown>;
            const six = m.sixClears;
            setView(six === 'incomplete' ? 'incomplete' : six === 'stale' ? 'stale' : 'all');
          });
        }}
        ariaLabel={t('residents.gridLabel')}
        testId="residents-grid"
      />
    </section>
  );
}
