// 居民(六清): the residents grid, fetched page by page, sorted and filtered by the station; the quick
// search in the top bar (?q=) and the saved views narrow it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CellClassRules, ColDef, GridApi, SortModelItem } from 'ag-grid-community';
import { call } from '../api/client';
import type { ResidentRow } from '../../../shared/domain/resident';
import { PagedGrid } from '../grid/PagedGrid';
import { navigate, useLocation } from '../router';
import { t, useLang } from '../i18n';
import { dateShort, dateTime } from '../format';
import { Notice } from '../ui/fields';
import { sixClearsText } from './labels';
import { ParamChoiceFilter, SexFilter, SixClearsFilter } from './SixClearsFilter';
import { AGE_BANDS, EMPLOYMENT_FILTERS } from '../../../shared/contract/core';
import { LIFECYCLE_STATES } from '../../../shared/domain/lifecycle';
import { DEFAULT_WORKING_AGE } from '../../../shared/domain/household';
import { toListInput } from './listQuery';
import { ExportButton } from '../ledgers/ExportButton';

type View = 'all' | 'incomplete' | 'stale';
type FilterModel = Record<string, unknown>;

/** One-click filters: the combinations an assistant asks for most (issue 15: "4050 失业未持卡"). */
const CHIPS = {
  unemployed: { employment: 'unemployed' },
  older4050NoCard: { employment: 'unemployed', ageBand: '4050', card: 'none' },
  withCard: { card: 'valid' },
  noHousehold: { household: 'no' },
  left: { lifecycle: 'left' },
} as const satisfies Record<string, FilterModel>;
type Chip = keyof typeof CHIPS;

/** The filter model kept in the URL (?f=…), so a reload or a shared link keeps the list as it was. */
function filterFromUrl(raw: string | null): FilterModel | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as FilterModel) : null;
  } catch {
    return null;
  }
}

function sameModel(a: FilterModel, b: FilterModel): boolean {
  const ka = Object.keys(a).filter((k) => a[k] != null);
  const kb = Object.keys(b).filter((k) => b[k] != null);
  return ka.length === kb.length && ka.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

interface BandLimits {
  olderFrom: { F: number; M: number };
  retireAt: { F: number; M: number };
}

function bandOf(age: number, sex: 'M' | 'F', l: BandLimits): (typeof AGE_BANDS)[number] | null {
  if (age >= l.retireAt[sex]) return 'beyond';
  if (age >= l.olderFrom[sex]) return '4050';
  if (age >= DEFAULT_WORKING_AGE.min) return 'working';
  return null;
}

const HOLD_RULES: CellClassRules<ResidentRow> = { 'hold-held': (p) => p.data?.hold?.role === 'held' };
const LEFT_RULES: CellClassRules<ResidentRow> = { 'six-no': (p) => !!p.data?.leftAs };

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
  // the filter the page opened with (URL), applied as the grid's initial state: the first fetch uses it
  const initialFilter = useMemo(() => filterFromUrl(query.get('f')) ?? {}, []); // only the URL the page opened with
  const [filterModel, setFilterModel] = useState<FilterModel>(initialFilter);
  const [categories, setCategories] = useState<Array<{ code: string; name: string }>>([]);
  const [limits, setLimits] = useState<BandLimits>({
    olderFrom: { F: 40, M: 50 },
    retireAt: { F: DEFAULT_WORKING_AGE.maxFemale, M: DEFAULT_WORKING_AGE.maxMale },
  });

  useEffect(() => {
    let live = true;
    call('reference.assistanceCategories', {}).then(
      ({ items }) => {
        if (!live) return;
        setCategories(items.map((c) => ({ code: c.code, name: c.name })));
        const older = items.find((c) => c.params.rule === 'age_unemployed')?.params as
          | { minAgeFemale?: number; minAgeMale?: number; maxAgeFemale?: number; maxAgeMale?: number }
          | undefined;
        if (older)
          setLimits((l) => ({
            olderFrom: { F: older.minAgeFemale ?? l.olderFrom.F, M: older.minAgeMale ?? l.olderFrom.M },
            retireAt: { F: older.maxAgeFemale ?? l.retireAt.F, M: older.maxAgeMale ?? l.retireAt.M },
          }));
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

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
        colId: 'employment',
        headerName: t('residents.col.employment'),
        filter: ParamChoiceFilter,
        filterParams: {
          label: t('residents.col.employment'),
          options: [
            { value: '', label: t('filter.any') },
            ...EMPLOYMENT_FILTERS.map((v) => ({
              value: v,
              label: v === 'unknown' ? t('filter.employment.unknown') : t(`opt.status.${v}`),
            })),
          ],
        },
        width: 110,
        valueGetter: (p) => (p.data?.employmentStatus ? t(`opt.status.${p.data.employmentStatus}`) : ''),
      },
      {
        colId: 'ageBand',
        headerName: t('residents.col.ageBand'),
        filter: ParamChoiceFilter,
        filterParams: {
          label: t('residents.col.ageBand'),
          options: [
            { value: '', label: t('filter.any') },
            ...AGE_BANDS.map((v) => ({ value: v, label: t(`filter.ageBand.${v}`) })),
          ],
        },
        width: 120,
        valueGetter: (p) => {
          const band = p.data ? bandOf(p.data.age, p.data.sex, limits) : null;
          return band ? t(`filter.ageBand.${band}`) : '';
        },
      },
      {
        // issue 15: who left the book stays in the grid, marked; the working-age bands leave them out
        colId: 'lifecycle',
        headerName: t('residents.col.lifecycle'),
        filter: ParamChoiceFilter,
        filterParams: {
          label: t('residents.col.lifecycle'),
          options: [
            { value: '', label: t('filter.any') },
            { value: 'active', label: t('filter.lifecycle.active') },
            { value: 'left', label: t('filter.lifecycle.left') },
            ...LIFECYCLE_STATES.map((v) => ({ value: v, label: t(`life.state.${v}`) })),
          ],
        },
        width: 120,
        valueGetter: (p) =>
          p.data ? (p.data.leftAs ? t(`life.state.${p.data.leftAs}`) : t('life.active')) : '',
        cellClassRules: LEFT_RULES,
      },
      {
        colId: 'phone',
        field: 'phone',
        headerName: t('residents.col.phone'),
        filter: 'agTextColumnFilter',
        filterParams: { filterOptions: ['contains'], maxNumConditions: 1 },
        width: 130,
        cellClass: 'mono',
      },
      {
        colId: 'address',
        field: 'address',
        headerName: t('residents.col.address'),
        filter: 'agTextColumnFilter',
        filterParams: { filterOptions: ['contains'], maxNumConditions: 1 },
        width: 180,
      },
      {
        colId: 'household',
        headerName: t('residents.col.household'),
        filter: ParamChoiceFilter,
        filterParams: {
          label: t('residents.col.household'),
          options: [
            { value: '', label: t('filter.any') },
            { value: 'yes', label: t('filter.household.yes') },
            { value: 'no', label: t('filter.household.no') },
          ],
        },
        width: 150,
        valueGetter: (p) => {
          const h = p.data?.household;
          if (!p.data) return '';
          if (!h) return t('residents.household.none');
          return h.headName
            ? t('residents.household.member', { head: h.headName, n: h.size })
            : t('residents.household.noHead', { n: h.size });
        },
      },
      {
        colId: 'card',
        headerName: t('residents.col.card'),
        filter: ParamChoiceFilter,
        filterParams: {
          label: t('residents.col.card'),
          options: [
            { value: '', label: t('filter.any') },
            { value: 'valid', label: t('filter.card.valid') },
            { value: 'none', label: t('filter.card.none') },
          ],
        },
        width: 200,
        cellClass: 'mono',
        valueGetter: (p) => (p.data ? (p.data.card?.cardNumber ?? t('residents.card.none')) : ''),
      },
      {
        colId: 'category',
        headerName: t('residents.col.categories'),
        filter: ParamChoiceFilter,
        filterParams: {
          label: t('residents.col.categories'),
          options: [
            { value: '', label: t('filter.any') },
            ...categories.map((c) => ({ value: c.code, label: c.name })),
          ],
        },
        width: 200,
        valueGetter: (p) => p.data?.card?.categories.join('、') ?? '',
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
    // column headers follow the language; the category filter and age bands follow the reference data
    [lang, categories, limits],
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

  /** Puts the filter model in the URL (replacing the entry: a filter is not a page to go back to). */
  function rememberFilter(m: FilterModel) {
    setFilterModel(m);
    const params = new URLSearchParams(window.location.search);
    const live = Object.fromEntries(Object.entries(m).filter(([, v]) => v != null));
    if (Object.keys(live).length) params.set('f', JSON.stringify(live));
    else params.delete('f');
    const qs = params.toString();
    navigate(`/residents${qs ? `?${qs}` : ''}`, { replace: true });
  }

  function applyChip(chip: Chip | null) {
    const a = api.current;
    if (!a) return;
    const on = chip !== null && sameModel(filterModel, CHIPS[chip]);
    const next: FilterModel = chip === null || on ? {} : CHIPS[chip];
    // column by column: a model the grid opened with (from the URL) is not cleared by setFilterModel(null)
    // while its filter has never been drawn
    const cols = new Set([
      ...Object.keys(a.getFilterModel()),
      ...Object.keys(filterModel),
      ...Object.keys(next),
    ]);
    void Promise.all([...cols].map((c) => a.setColumnFilterModel(c, next[c] ?? null))).then(() =>
      a.onFilterChanged(),
    );
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
        <div className="views" role="group" aria-label={t('residents.chips')} data-testid="residents-chips">
          {(Object.keys(CHIPS) as Chip[]).map((c) => {
            const on = sameModel(filterModel, CHIPS[c]);
            return (
              <button
                key={c}
                type="button"
                aria-pressed={on}
                className={on ? 'on' : ''}
                onClick={() => applyChip(c)}
              >
                {t(`residents.chip.${c}`)}
              </button>
            );
          })}
        </div>
        {Object.keys(filterModel).length ? (
          <span className="chip">
            {t('residents.filtersActive', { n: Object.keys(filterModel).length })}
            <button type="button" className="link" onClick={() => applyChip(null)}>
              {t('residents.chip.clear')}
            </button>
          </span>
        ) : null}
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
        initialFilterModel={initialFilter}
        onReady={(a) => {
          api.current = a;
        }}
        onFilterChanged={(m) => {
          // filters change → the grid refetches; keep the URL, the chips and the view buttons honest
          rememberFilter(m);
          const six = m.sixClears;
          setView(six === 'incomplete' ? 'incomplete' : six === 'stale' ? 'stale' : 'all');
        }}
        ariaLabel={t('residents.gridLabel')}
        testId="residents-grid"
      />
    </section>
  );
}
