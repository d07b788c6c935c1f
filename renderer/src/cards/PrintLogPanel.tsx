// 打印记录: when each card was printed, by whom, in which layout, and whether it was a reprint.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { PrintLogEntry } from '../../../shared/domain/assistance/card';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { dateTime } from '../format';
import { t } from '../i18n';

export function PrintLogPanel() {
  const [items, setItems] = useState<PrintLogEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('cards.printLog', { limit: 200 }).then(
      (r) => {
        setItems(r.items);
        setTotal(r.total);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);
  return (
    <div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <p className="muted">{t('cards.total', { n: total })}</p>
      <table style={{ width: '100%', borderCollapse: 'collapse', background: '#fff' }}>
        <thead>
          <tr>
            <th>{t('cards.printedAt')}</th>
            <th>{t('cards.cardNumber')}</th>
            <th>{t('cards.holder')}</th>
            <th>{t('cards.layout')}</th>
            <th>{t('cards.operator')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td>{dateTime(e.printedAt)}</td>
              <td className="mono">{e.cardNumber}</td>
              <td>{e.holderName}</td>
              <td>{t(`cards.layout.${e.layout}`)}</td>
              <td>{e.operatorName}</td>
              <td style={e.reprint ? { color: 'var(--red)' } : undefined}>
                {e.reprint ? t('cards.reprint') : t('cards.firstPrint')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
