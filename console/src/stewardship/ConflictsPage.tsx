// 冲突记录: an edit that lost to another station's value on the same field (the district keeps both). A
// person reviews each; the kept value stands, and a different one is entered again at a station.
import { useEffect, useState } from 'react';
import { navigate, useLocation } from '../../../renderer/src/router';
import { t, useLang } from '../../../renderer/src/i18n';
import { entityLabel } from '../../../shared/sync/entities';
import { dateTime } from '../../../renderer/src/format';
import { Notice } from '../../../renderer/src/ui/fields';
import { call, messageOf } from '../api';
import { useSession } from '../session';
import { communityLabel, useUnits } from '../units';
import { fieldName, valueText } from './MergePage';

interface ConflictItem {
  id: string;
  entity: string;
  field: string;
  kept: string;
  losing: string;
  community: string;
  stationNumber: number | null;
  operator: string | null;
  createdAt: string;
  reviewedAt: string | null;
}

export function ConflictsPage() {
  const lang = useLang();
  const session = useSession()!;
  const units = useUnits();
  const { query } = useLocation();
  const status = query.get('status') === 'reviewed' ? 'reviewed' : 'open';
  const [data, setData] = useState<{ total: number; items: ConflictItem[] } | null>(null);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    call<{ total: number; items: ConflictItem[] }>('conflicts.list', { status }).then(
      (r) => live && setData(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [status, reload]);
  async function review(id: string) {
    try {
      await call('conflicts.review', { id });
      setReload((n) => n + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  }
  return (
    <div data-testid="conflicts-page">
      <h1>{t('console.conflicts.title')}</h1>
      <p className="muted">{t('console.conflicts.subtitle')}</p>
      <div className="toolbar">
        {(['open', 'reviewed'] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={s === status ? 'primary' : ''}
            onClick={() => navigate(`/console/conflicts?status=${s}`)}
          >
            {t(s === 'open' ? 'console.conflicts.open' : 'console.conflicts.reviewed')}
          </button>
        ))}
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {data ? (
        <div className="card">
          <p className="muted">{t('console.total', { n: data.total })}</p>
          <table className="table" data-testid="conflicts-table">
            <thead>
              <tr>
                <th>{t('console.fleet.community')}</th>
                <th>{t('console.merges.field')}</th>
                <th>{t('console.conflicts.kept')}</th>
                <th>{t('console.conflicts.losing')}</th>
                <th>{t('console.conflicts.by')}</th>
                <th>{t('console.conflicts.at')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.items.length === 0 ? (
                <tr>
                  <td colSpan={7} className="muted">
                    {t('console.conflicts.none')}
                  </td>
                </tr>
              ) : null}
              {data.items.map((c) => (
                <tr key={c.id}>
                  <td>{communityLabel(units, c.community)}</td>
                  <td>
                    {entityLabel(c.entity, lang)} · {fieldName(c.field)}
                  </td>
                  <td>{valueText(c.field, c.kept)}</td>
                  <td>{valueText(c.field, c.losing)}</td>
                  <td>
                    {c.operator ?? ''}
                    {c.stationNumber !== null ? (
                      <span className="muted"> · {t('console.fleet.number', { n: c.stationNumber })}</span>
                    ) : null}
                  </td>
                  <td>{dateTime(c.createdAt)}</td>
                  <td>
                    {c.reviewedAt ? (
                      dateTime(c.reviewedAt)
                    ) : session.user.role !== 'viewer' ? (
                      <button type="button" className="link" onClick={() => void review(c.id)}>
                        {t('console.conflicts.review')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
