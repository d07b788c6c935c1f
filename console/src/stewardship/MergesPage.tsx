// 合并任务: the same ID number registered in two communities. Open tasks first; each opens side by side.
import { useEffect, useState } from 'react';
import { navigate, useLocation } from '../../../renderer/src/router';
import { t, useLang } from '../../../renderer/src/i18n';
import { dateTime } from '../../../renderer/src/format';
import { Notice } from '../../../renderer/src/ui/fields';
import { call, messageOf } from '../api';
import { communityLabel, useUnits } from '../units';

interface MergeTaskInfo {
  id: string;
  status: string;
  createdAt: string;
  idNumberMasked: string;
  communities: string[];
  keptCommunity: string | null;
  proposals: number;
}
const STATUSES = ['open', 'resolved', 'withdrawn'] as const;

export function MergesPage() {
  useLang();
  const units = useUnits();
  const { query } = useLocation();
  const status = (STATUSES as readonly string[]).includes(query.get('status') ?? '')
    ? (query.get('status') as (typeof STATUSES)[number])
    : 'open';
  const [items, setItems] = useState<MergeTaskInfo[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    setItems(null);
    call<{ items: MergeTaskInfo[] }>('merges.list', { status }).then(
      (r) => live && setItems(r.items),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [status]);
  return (
    <div data-testid="merges-page">
      <h1>{t('console.merges.title')}</h1>
      <p className="muted">{t('console.merges.subtitle')}</p>
      <div className="toolbar">
        {STATUSES.map((s) => (
          <button
            key={s}
            type="button"
            className={s === status ? 'primary' : ''}
            onClick={() => navigate(`/console/merges?status=${s}`)}
          >
            {t(`console.merges.status.${s}`)}
          </button>
        ))}
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {items ? (
        <div className="card">
          <table className="table" data-testid="merges-table">
            <thead>
              <tr>
                <th>{t('reports.drillId')}</th>
                <th>{t('console.merges.communities')}</th>
                <th>{t('console.merges.created')}</th>
                <th>{t('console.merges.kept')}</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('console.merges.none')}
                  </td>
                </tr>
              ) : null}
              {items.map((m) => (
                <tr key={m.id} className="clickable" onClick={() => navigate(`/console/merges/${m.id}`)}>
                  <td className="mono">
                    <a
                      href={`/console/merges/${m.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/console/merges/${m.id}`);
                      }}
                    >
                      {m.idNumberMasked}
                    </a>
                  </td>
                  <td>{m.communities.map((c) => communityLabel(units, c)).join(' / ')}</td>
                  <td>{dateTime(m.createdAt)}</td>
                  <td>{m.keptCommunity ? communityLabel(units, m.keptCommunity) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : !error ? (
        <p className="muted">{t('console.loading')}</p>
      ) : null}
    </div>
  );
}
