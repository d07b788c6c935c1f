// 援助卡列表: find cards by holder or number, select some, and print the selection in any layout.
import { useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import type { AssistanceCard, CardStatus, PrintLayout } from '../../../shared/domain/assistance/card';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { t } from '../i18n';
import { openPrint } from './openPrint';
import { ExportButton } from '../ledgers/ExportButton';

export function CardList({ onOpen, refreshKey }: { onOpen: (id: string) => void; refreshKey: number }) {
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<CardStatus | ''>('valid');
  const [items, setItems] = useState<AssistanceCard[]>([]);
  const [total, setTotal] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const r = await call('cards.list', {
        limit: 200,
        ...(query.trim() ? { query: query.trim() } : {}),
        ...(status ? { status } : {}),
      });
      setItems(r.items);
      setTotal(r.total);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [query, status]);

  useEffect(() => {
    void load();
  }, [load, refreshKey]);

  function toggle(id: string, on: boolean) {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  }
  const printable = items.filter((c) => c.status === 'valid');
  const allOn = printable.length > 0 && printable.every((c) => selected.has(c.id));
  const print = (layout: PrintLayout) =>
    openPrint(
      items.filter((c) => selected.has(c.id) && c.status === 'valid').map((c) => c.id),
      layout,
    );

  return (
    <div className="list-page">
      <div className="toolbar">
        <label className="inline-label">
          {t('cards.filterQuery')}
          <input value={query} onChange={(e) => setQuery(e.target.value)} maxLength={50} type="search" />
        </label>
        <label className="inline-label">
          {t('cards.filterStatus')}
          <select value={status} onChange={(e) => setStatus(e.target.value as CardStatus | '')}>
            <option value="">{t('cards.all')}</option>
            {(['valid', 'replaced', 'cancelled'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`cards.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted">{t('cards.total', { n: total })}</span>
        <ExportButton
          testId="cards-export"
          onExport={(reveal) =>
            call('ledgers.exportGrid', {
              grid: 'cards',
              query: { ...(query.trim() ? { query: query.trim() } : {}), ...(status ? { status } : {}) },
              columns: ['cardNumber', 'holder', 'idNumber', 'categories', 'status', 'issuedOn'],
              reveal,
            })
          }
        />
        <span className="spacer" />
        <span>{t('cards.selected', { n: selected.size })}</span>
        <button type="button" disabled={selected.size === 0} onClick={() => print('card')}>
          {t('cards.printCard')}
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => print('sheet')}>
          {t('cards.printSheet')}
        </button>
        <button type="button" disabled={selected.size === 0} onClick={() => print('booklet')}>
          {t('cards.printBooklet')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <table className="data-table" style={{ width: '100%', borderCollapse: 'collapse', background: '#fff' }}>
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                aria-label={t('cards.all')}
                checked={allOn}
                onChange={(e) =>
                  setSelected(e.target.checked ? new Set(printable.map((c) => c.id)) : new Set())
                }
              />
            </th>
            <th>{t('cards.cardNumber')}</th>
            <th>{t('cards.holder')}</th>
            <th>{t('cards.idNumber')}</th>
            <th>{t('cards.categories')}</th>
            <th>{t('cards.status')}</th>
            <th>{t('cards.issuedOn')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <td>
                <input
                  type="checkbox"
                  aria-label={c.cardNumber}
                  disabled={c.status !== 'valid'}
                  checked={selected.has(c.id)}
                  onChange={(e) => toggle(c.id, e.target.checked)}
                />
              </td>
              <td className="mono">{c.cardNumber}</td>
              <td>{c.holderName}</td>
              <td className="mono">{c.holderIdNumber}</td>
              <td>{c.categories.map((x) => x.name).join('、')}</td>
              <td>{t(`cards.status.${c.status}`)}</td>
              <td>{c.issuedOn}</td>
              <td>
                <button type="button" className="link" onClick={() => onOpen(c.id)}>
                  {t('cards.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
