// One merge task side by side: every resident field either registration gave, the differences marked, and
// the decision — which community keeps the person. The decision is written at the district in one
// transaction with the log entries both communities' stations pull at their next sync (server/merges.ts).
import { useEffect, useState } from 'react';
import { navigate } from '../../../renderer/src/router';
import { t, useLang, type MessageKey } from '../../../renderer/src/i18n';
import { dateTime } from '../../../renderer/src/format';
import { Notice } from '../../../renderer/src/ui/fields';
import { call, messageOf } from '../api';
import { useSession } from '../session';
import { communityLabel, useUnits } from '../units';

interface MergeDetail {
  id: string;
  status: string;
  createdAt: string;
  idNumberMasked: string;
  keptCommunity: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  sides: Array<{
    community: string;
    communityName: string | null;
    residentId: string;
    role: 'kept' | 'held';
  }>;
  fields: Array<{ field: string; values: string[]; differs: boolean }>;
  proposals: number;
}

export function fieldName(field: string): string {
  const key = `console.field.${field}` as MessageKey;
  const text = t(key);
  return text === key ? field.replace(/_/g, ' ') : text;
}

const FLAGS = new Set(['landless_farmer', 'veteran', 'single_parent', 'released_or_rehab']);

/** A stored value in words: coded values (sex, subsistence, hukou) and yes/no flags through the i18n files. */
export function valueText(field: string, v: string): string {
  if (v === '') return '';
  if (FLAGS.has(field)) return t(v === '0' || v === '✗' || v === 'false' ? 'console.no' : 'console.yes');
  const key = `console.v.${field}.${v}` as MessageKey;
  const text = t(key);
  return text === key ? v : text;
}

export function MergePage({ id }: { id: string }) {
  useLang();
  const session = useSession()!;
  const units = useUnits();
  const [d, setD] = useState<MergeDetail | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    call<MergeDetail>('merges.detail', { taskId: id }).then(
      (r) => live && setD(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [id, reload]);

  async function decide(keep: string) {
    if (!window.confirm(t('console.merges.confirm', { community: communityLabel(units, keep) }))) return;
    setBusy(true);
    setError('');
    try {
      await call('merges.decide', { taskId: id, keepCommunity: keep });
      setDone(t('console.merges.decided', { community: communityLabel(units, keep) }));
      setReload((n) => n + 1);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const canDecide = session.user.role !== 'viewer' && d?.status === 'open';
  return (
    <div data-testid="merge-page">
      <p>
        <button type="button" className="link" onClick={() => navigate('/console/merges')}>
          {t('console.merges.back')}
        </button>
      </p>
      <h1>
        {t('console.merges.one')} <span className="mono">{d?.idNumberMasked ?? ''}</span>
      </h1>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {done ? (
        <Notice kind="ok" testId="merge-done">
          {done}
        </Notice>
      ) : null}
      {d ? (
        <>
          <p className="muted" data-testid="merge-status">
            {t(`console.merges.status.${d.status}` as MessageKey)} · {dateTime(d.createdAt)}
            {d.decidedAt
              ? ` · ${t('console.merges.decidedBy', { who: d.decidedBy ?? '', at: dateTime(d.decidedAt), community: communityLabel(units, d.keptCommunity ?? '') })}`
              : ''}
            {d.proposals ? ` · ${t('console.merges.proposals', { n: d.proposals })}` : ''}
          </p>
          <div className="card table-scroll">
            <table className="table side-by-side" data-testid="merge-fields">
              <thead>
                <tr>
                  <th>{t('console.merges.field')}</th>
                  {d.sides.map((s) => (
                    <th key={s.residentId}>
                      {s.communityName ?? communityLabel(units, s.community)}
                      <span className="muted small">
                        {' '}
                        · {t(`console.merges.role.${s.role}` as MessageKey)}
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.fields.map((f) => (
                  <tr key={f.field} data-field={f.field} data-differs={f.differs ? '1' : '0'}>
                    <td>{fieldName(f.field)}</td>
                    {f.values.map((v, i) => (
                      <td key={i} className={f.differs ? 'differs' : ''}>
                        {valueText(f.field, v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              {canDecide ? (
                <tfoot>
                  <tr>
                    <td>{t('console.merges.decide')}</td>
                    {d.sides.map((s) => (
                      <td key={s.residentId}>
                        <button
                          type="button"
                          className="primary"
                          disabled={busy}
                          data-testid={`keep-${s.community}`}
                          onClick={() => void decide(s.community)}
                        >
                          {t('console.merges.keep', { community: s.communityName ?? s.community })}
                        </button>
                      </td>
                    ))}
                  </tr>
                </tfoot>
              ) : null}
            </table>
          </div>
          {session.user.role === 'viewer' ? <p className="muted">{t('console.viewerNote')}</p> : null}
        </>
      ) : null}
    </div>
  );
}
