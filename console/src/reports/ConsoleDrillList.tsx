// The rows behind one figure (ID numbers masked), with 显示 beside a person's number: the full number comes
// from the district only on that click, and the district writes who read whose number (residents.reveal).
import { useState } from 'react';
import type { ListedItem } from '../../../shared/reports/query';
import { t } from '../../../renderer/src/i18n';
import { call, messageOf } from '../api';
import { useSession } from '../session';

export function ConsoleDrillList(p: {
  title: string;
  items: readonly ListedItem[];
  total: number;
  offset: number;
  limit: number;
  communityName: (code: string) => string;
  onPage: (offset: number) => void;
  onBack: () => void;
}) {
  const session = useSession()!;
  const [shown, setShown] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  async function reveal(id: string) {
    setError('');
    try {
      const r = await call<{ idNumber: string }>('residents.reveal', { residentId: id });
      setShown((s) => ({ ...s, [id]: r.idNumber }));
    } catch (e) {
      setError(messageOf(e));
    }
  }
  return (
    <div className="card" data-testid="drill-list">
      <h2>{p.title}</h2>
      <p className="no-print">
        <button type="button" className="link" onClick={p.onBack} data-testid="drill-back">
          {t('reports.drillBack')}
        </button>
      </p>
      {error ? <p className="field-error">{error}</p> : null}
      {p.items.length === 0 ? <p className="muted">{t('reports.drillNone')}</p> : null}
      {p.items.length ? (
        <table className="table bulletin">
          <thead>
            <tr>
              <th>#</th>
              <th>{t('reports.drillCommunity')}</th>
              <th>{t('reports.drillName')}</th>
              <th>{t('reports.drillId')}</th>
              <th>{t('reports.drillDetail')}</th>
            </tr>
          </thead>
          <tbody>
            {p.items.map((i, n) => (
              <tr key={i.id} data-row={i.id}>
                <td>{p.offset + n + 1}</td>
                <td>{p.communityName(i.communityCode)}</td>
                <td>{i.name}</td>
                <td className="mono">
                  {shown[i.id] ?? i.idNumberMasked ?? ''}
                  {i.idNumberMasked && !shown[i.id] && session.user.role !== 'viewer' ? (
                    <>
                      {' '}
                      <button type="button" className="link small no-print" onClick={() => void reveal(i.id)}>
                        {t('console.reveal')}
                      </button>
                    </>
                  ) : null}
                </td>
                <td>{i.detail ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p className="no-print">
        {p.offset > 0 ? (
          <button type="button" onClick={() => p.onPage(Math.max(0, p.offset - p.limit))}>
            {t('reports.prev')}
          </button>
        ) : null}
        {p.offset + p.limit < p.total ? (
          <button type="button" onClick={() => p.onPage(p.offset + p.limit)}>
            {t('reports.more')}
          </button>
        ) : null}
      </p>
    </div>
  );
}
