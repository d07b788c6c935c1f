// The frame shared by the households, employers and vacancies lists: a title, a search box, a "new"
// button, the paged grid and its total.
import { useRef, useState, type ReactNode } from 'react';
import type { ColDef, GridApi } from 'ag-grid-community';
import { PagedGrid } from '../grid/PagedGrid';
import { Notice } from './fields';
import { t } from '../i18n';

export function ListPage<T extends { id: string }>(p: {
  title: string;
  newLabel: string;
  onNew: () => void;
  columns: ColDef<T>[];
  fetchPage: (offset: number, limit: number, query: string) => Promise<{ items: T[]; total: number }>;
  onOpen: (row: T) => void;
  searchLabel: string;
  testId: string;
  extra?: ReactNode;
  /** Exports what the grid shows: its search text and its displayed columns, in their order. */
  exportButton?: (current: () => { query: string; columns: string[] }) => ReactNode;
}) {
  const api = useRef<GridApi<T> | null>(null);
  const [query, setQuery] = useState('');
  const [total, setTotal] = useState<number | null>(null);
  const [error, setError] = useState('');
  return (
    <section className="list-page" aria-label={p.title}>
      <div className="toolbar">
        <h1>{p.title}</h1>
        <label className="inline-label">
          <span className="sr-only">{p.searchLabel}</span>
          <input
            type="search"
            placeholder={p.searchLabel}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        {p.extra}
        <span className="muted">{total === null ? '' : t('common.total', { n: total })}</span>
        <span className="spacer" />
        {p.exportButton?.(() => ({
          query: query.trim(),
          columns: api.current?.getAllDisplayedColumns().map((c) => c.getColId()) ?? [],
        }))}
        <button type="button" className="primary" onClick={p.onNew}>
          {p.newLabel}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <PagedGrid<T>
        columns={p.columns}
        fetchPage={(o, l) => {
          setError('');
          return p.fetchPage(o, l, query.trim());
        }}
        refreshKey={query}
        onOpen={p.onOpen}
        onError={setError}
        onTotal={setTotal}
        ariaLabel={p.title}
        testId={p.testId}
        onReady={(a) => (api.current = a)}
      />
    </section>
  );
}
