// A grid that fetches its rows page by page (ag-grid's infinite row model): never the whole table in the
// page's memory. Households, employers and vacancies use it with a text query; residents add filters.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  ColDef,
  GridApi,
  IDatasource,
  IGetRowsParams,
  RowDoubleClickedEvent,
  CellKeyDownEvent,
} from 'ag-grid-community';
import { gridLocale, gridTheme } from './setup';
import { messageOf } from '../ui/errors';

export const PAGE_SIZE = 100;

export interface PagedGridProps<T> {
  columns: ColDef<T>[];
  fetchPage: (
    offset: number,
    limit: number,
    params: IGetRowsParams,
  ) => Promise<{ items: T[]; total: number }>;
  /** Any change of this key refetches from the top (e.g. the search text). */
  refreshKey?: string;
  onOpen: (row: T) => void;
  onError?: (message: string) => void;
  onTotal?: (total: number) => void;
  ariaLabel: string;
  testId?: string;
  onReady?: (api: GridApi<T>) => void;
  /** Filters the grid opens with (a page's URL state): the first fetch already uses them. */
  initialFilterModel?: Record<string, unknown>;
  /** The filter model after each change (the grid's own event: api.addEventListener needs a module we do not load). */
  onFilterChanged?: (model: Record<string, unknown>) => void;
}

export function PagedGrid<T extends { id: string }>(p: PagedGridProps<T>) {
  const apiRef = useRef<GridApi<T> | null>(null);
  const latest = useRef(p);
  latest.current = p;

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows(params) {
        const limit = params.endRow - params.startRow;
        latest.current
          .fetchPage(params.startRow, limit, params)
          .then((r) => {
            latest.current.onTotal?.(r.total);
            params.successCallback(r.items, r.total);
            // ag-grid shows "no rows" only on the client-side model; say it ourselves
            if (r.total === 0) apiRef.current?.showNoRowsOverlay();
            else apiRef.current?.hideOverlay();
          })
          .catch((e: unknown) => {
            latest.current.onError?.(messageOf(e));
            params.failCallback();
          });
      },
    }),
    [],
  );

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // refresh rather than purge: the old rows stay until the new ones arrive, so a keystroke in the
    // search box does not flash empty loading rows (and renders once instead of twice)
    apiRef.current?.refreshInfiniteCache();
  }, [p.refreshKey]);

  // stable callbacks: a re-render for each keystroke must not hand the grid new options to re-apply
  const getRowId = useCallback((r: { data: T }) => r.data.id, []);
  const onGridReady = useCallback((e: { api: GridApi<T> }) => {
    apiRef.current = e.api;
    latest.current.onReady?.(e.api);
  }, []);
  // a row opens on a single click too, as the issue-15 desk walk-through expected (and on Enter below)
  const onRowDoubleClicked = useCallback(
    (e: RowDoubleClickedEvent<T>) => e.data && latest.current.onOpen(e.data),
    [],
  );
  const onCellKeyDown = useCallback((e: CellKeyDownEvent<T>) => {
    if ((e.event as KeyboardEvent | undefined)?.key === 'Enter' && e.data) latest.current.onOpen(e.data);
  }, []);
  const onFilterChanged = useCallback(
    (e: { api: GridApi<T> }) =>
      latest.current.onFilterChanged?.(e.api.getFilterModel() as Record<string, unknown>),
    [],
  );
  const initialState = useMemo(
    () =>
      p.initialFilterModel && Object.keys(p.initialFilterModel).length
        ? { filter: { filterModel: p.initialFilterModel } }
        : undefined,
    // the state the grid opens with, read once
    [],
  );
  const defaultColDef = useMemo(
    () => ({ sortable: false, resizable: true, suppressHeaderMenuButton: true }),
    [],
  );

  return (
    <div className="grid-wrap" role="region" aria-label={p.ariaLabel} data-testid={p.testId}>
      <AgGridReact<T>
        theme={gridTheme}
        rowModelType="infinite"
        datasource={datasource}
        cacheBlockSize={PAGE_SIZE}
        maxBlocksInCache={20}
        blockLoadDebounceMillis={0}
        columnDefs={p.columns}
        defaultColDef={defaultColDef}
        localeText={gridLocale()}
        getRowId={getRowId}
        {...(initialState ? { initialState } : {})}
        onGridReady={onGridReady}
        onFilterChanged={onFilterChanged}
        onRowDoubleClicked={onRowDoubleClicked}
        onRowClicked={(e) => e.data && latest.current.onOpen(e.data)}
        onCellKeyDown={onCellKeyDown}
      />
    </div>
  );
}
