// 审计日志 (district accounts): every full ID number read, every decision and every refused attempt —
// who, what, on which record, when, how it ended. Never a value read.
import { useEffect, useState } from 'react';
import { navigate, useLocation } from '../../renderer/src/router';
import { t, useLang, type MessageKey } from '../../renderer/src/i18n';
import { dateTime } from '../../renderer/src/format';
import { Notice } from '../../renderer/src/ui/fields';
import { call, messageOf } from './api';
import { useSession } from './session';
import { communityLabel, useUnits, type Units } from './units';

interface AuditRow {
  id: string;
  at: string;
  username: string | null;
  action: string;
  target: string | null;
  outcome: 'ok' | 'refused';
  detail: string | null;
}
const LIMIT = 100;

/** A key of the i18n files if it exists, else null. */
function known(key: string, params?: Record<string, string | number>): string | null {
  const text = t(key as MessageKey, params);
  return text === key ? null : text;
}

export function actionText(action: string): string {
  return known(`console.action.${action}`) ?? action;
}

/** The log's detail (a code, or key=value pairs the server writes) in words. */
export function detailText(detail: string | null, units: Units | null): string {
  if (!detail) return '';
  const code = known(`console.detail.${detail}`);
  if (code) return code;
  const kv = Object.fromEntries(detail.split(';').map((p) => p.split('=') as [string, string?]));
  if ('entries' in kv)
    return t('again' in kv ? 'console.detail.entriesAgain' : 'console.detail.entries', {
      n: kv.entries ?? '',
    });
  if (kv.keep) return t('console.detail.keep', { community: communityLabel(units, kv.keep) });
  if (kv.community) return communityLabel(units, kv.community);
  if (kv.from && kv.to) return `${communityLabel(units, kv.from)} → ${communityLabel(units, kv.to)}`;
  return detail;
}

export function AuditPage() {
  useLang();
  const session = useSession()!;
  const units = useUnits();
  const { query } = useLocation();
  const outcome =
    query.get('outcome') === 'refused' ? 'refused' : query.get('outcome') === 'ok' ? 'ok' : null;
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const [data, setData] = useState<{ total: number; items: AuditRow[] } | null>(null);
  const [error, setError] = useState('');
  const isDistrict = session.user.role === 'district';
  useEffect(() => {
    if (!isDistrict) return;
    let live = true;
    call<{ total: number; items: AuditRow[] }>('audit.list', {
      ...(outcome ? { outcome } : {}),
      offset,
      limit: LIMIT,
    }).then(
      (r) => live && setData(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [outcome, offset, isDistrict]);
  if (!isDistrict) return <Notice kind="info">{t('console.districtOnly')}</Notice>;
  const go = (o: string | null, off = 0) =>
    navigate(
      `/console/audit?${new URLSearchParams({ ...(o ? { outcome: o } : {}), ...(off ? { offset: String(off) } : {}) })}`,
    );
  return (
    <div data-testid="audit-page">
      <h1>{t('console.audit.title')}</h1>
      <p className="muted">{t('console.audit.subtitle')}</p>
      <div className="toolbar">
        {([null, 'ok', 'refused'] as const).map((o) => (
          <button
            key={o ?? 'all'}
            type="button"
            className={o === outcome ? 'primary' : ''}
            onClick={() => go(o)}
          >
            {t(o === null ? 'console.audit.all' : o === 'ok' ? 'console.audit.ok' : 'console.audit.refused')}
          </button>
        ))}
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {data ? (
        <div className="card">
          <p className="muted">{t('console.total', { n: data.total })}</p>
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('console.conflicts.at')}</th>
                <th>{t('console.audit.who')}</th>
                <th>{t('console.audit.action')}</th>
                <th>{t('console.audit.target')}</th>
                <th>{t('console.audit.outcome')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id} data-outcome={a.outcome}>
                  <td>{dateTime(a.at)}</td>
                  <td>{a.username ?? ''}</td>
                  <td>{actionText(a.action)}</td>
                  <td className="mono small">{a.target ?? ''}</td>
                  <td>
                    {t(a.outcome === 'ok' ? 'console.audit.ok' : 'console.audit.refused')}
                    {a.detail ? <span className="muted small"> · {detailText(a.detail, units)}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            {offset > 0 ? (
              <button type="button" onClick={() => go(outcome, Math.max(0, offset - LIMIT))}>
                {t('reports.prev')}
              </button>
            ) : null}
            {offset + LIMIT < data.total ? (
              <button type="button" onClick={() => go(outcome, offset + LIMIT)}>
                {t('reports.more')}
              </button>
            ) : null}
          </p>
        </div>
      ) : null}
    </div>
  );
}
