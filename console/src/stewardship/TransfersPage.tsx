// 迁移: a resident moving to another community (district accounts): the old community's stations drop the
// person, the new one's receive them with their card, plan and services (server/transfers.ts). The list
// shows the transfers made in the user's scope.
import { useEffect, useState, type FormEvent } from 'react';
import { t, useLang } from '../../../renderer/src/i18n';
import { dateTime } from '../../../renderer/src/format';
import { Notice } from '../../../renderer/src/ui/fields';
import { call, messageOf } from '../api';
import { useSession } from '../session';
import { communityLabel, useUnits } from '../units';

interface Transfer {
  id: string;
  residentId: string;
  from: string;
  to: string;
  operator: string;
  at: string;
}

export function TransfersPage() {
  useLang();
  const session = useSession()!;
  const units = useUnits();
  const [items, setItems] = useState<Transfer[] | null>(null);
  const [error, setError] = useState('');
  const [ok, setOk] = useState('');
  const [resident, setResident] = useState('');
  const [to, setTo] = useState('');
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let live = true;
    call<{ items: Transfer[] }>('transfers.list', {}).then(
      (r) => live && setItems(r.items),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [reload]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError('');
    setOk('');
    try {
      const r = await call<{ from: string; to: string }>('transfers.create', {
        residentId: resident.trim(),
        toCommunity: to,
      });
      setOk(
        t('console.transfers.done', { from: communityLabel(units, r.from), to: communityLabel(units, r.to) }),
      );
      setResident('');
      setReload((n) => n + 1);
    } catch (err) {
      setError(messageOf(err));
    }
  }
  return (
    <div data-testid="transfers-page">
      <h1>{t('console.transfers.title')}</h1>
      <p className="muted">{t('console.transfers.subtitle')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {ok ? <Notice kind="ok">{ok}</Notice> : null}
      {session.user.role === 'district' ? (
        <form className="card toolbar" onSubmit={submit}>
          <label className="inline-label">
            {t('console.transfers.resident')}
            <input
              value={resident}
              onChange={(e) => setResident(e.target.value)}
              size={38}
              className="mono"
            />
          </label>
          <label className="inline-label">
            {t('console.transfers.to')}
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value="">{t('console.choose')}</option>
              {(units?.communities ?? []).map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={!resident || !to}>
            {t('console.transfers.submit')}
          </button>
        </form>
      ) : null}
      {items ? (
        <div className="card">
          <table className="table">
            <thead>
              <tr>
                <th>{t('console.conflicts.at')}</th>
                <th>{t('console.transfers.from')}</th>
                <th>{t('console.transfers.to')}</th>
                <th>{t('console.conflicts.by')}</th>
              </tr>
            </thead>
            <tbody>
              {items.length === 0 ? (
                <tr>
                  <td colSpan={4} className="muted">
                    {t('console.transfers.none')}
                  </td>
                </tr>
              ) : null}
              {items.map((x) => (
                <tr key={x.id}>
                  <td>{dateTime(x.at)}</td>
                  <td>{communityLabel(units, x.from)}</td>
                  <td>{communityLabel(units, x.to)}</td>
                  <td>{x.operator}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
