// 工作站 (fleet): every station of the user's scope with its community, last push and pull, app version,
// the pending count it last reported, clock skew and the weekly upload (uploaded since Monday / not yet /
// late after Friday 17:00 / silent two weeks). District accounts issue enrolment codes (shown once) and
// revoke stations or unused codes here. ?weekly=<status> filters the list.
import { useEffect, useState, type FormEvent } from 'react';
import { navigate, useLocation } from '../../../renderer/src/router';
import { t, useLang, type MessageKey } from '../../../renderer/src/i18n';
import { dateTime } from '../../../renderer/src/format';
import { Notice } from '../../../renderer/src/ui/fields';
import { call, messageOf } from '../api';
import { useSession } from '../session';
import { communityLabel, useUnits } from '../units';

export type WeeklyUpload = 'uploaded' | 'pending' | 'late' | 'silent';
const WEEKLY: WeeklyUpload[] = ['uploaded', 'pending', 'late', 'silent'];

export interface FleetStation {
  id: string;
  communityCode: string;
  stationNumber: number;
  name: string | null;
  enrolledAt: string | null;
  revokedAt: string | null;
  lastPushAt: string | null;
  lastSeenAt: string | null;
  clockSkewMs: number | null;
  weekly: WeeklyUpload;
  lastPullAt: string | null;
  appVersion: string | null;
  pending: number | null;
  pendingAt: string | null;
  codeExpiresAt: string | null;
}

/** A clock difference in words: within a minute is fine; otherwise ahead/behind by minutes, hours or days. */
export function skewText(ms: number | null): string {
  if (ms === null) return '';
  const abs = Math.abs(ms);
  if (abs < 60_000) return t('console.fleet.skewOk');
  const amount =
    abs >= 86_400_000
      ? t('console.fleet.days', { n: Math.round(abs / 86_400_000) })
      : abs >= 3_600_000
        ? t('console.fleet.hours', { n: Math.round(abs / 3_600_000) })
        : t('console.fleet.minutes', { n: Math.round(abs / 60_000) });
  return t(ms > 0 ? 'console.fleet.ahead' : 'console.fleet.behind', { amount });
}

export function FleetPage() {
  useLang();
  const session = useSession()!;
  const units = useUnits();
  const { query } = useLocation();
  const filter = query.get('weekly') as WeeklyUpload | null;
  const [items, setItems] = useState<FleetStation[] | null>(null);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);
  const isDistrict = session.user.role === 'district';

  useEffect(() => {
    let live = true;
    call<{ items: FleetStation[] }>('stations.list', {}).then(
      (r) => live && setItems(r.items),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [reload]);

  const active = (items ?? []).filter((s) => !s.revokedAt && s.enrolledAt);
  const counts = Object.fromEntries(WEEKLY.map((w) => [w, active.filter((s) => s.weekly === w).length]));
  const shown = (items ?? []).filter((s) => !filter || (s.weekly === filter && !s.revokedAt && s.enrolledAt));

  async function revoke(s: FleetStation) {
    const what = s.enrolledAt ? t('console.fleet.revokeAsk') : t('console.fleet.revokeCodeAsk');
    if (!window.confirm(`${what}\n${communityLabel(units, s.communityCode)} · ${s.stationNumber}`)) return;
    try {
      await call('stations.revoke', { stationId: s.id });
      setReload((n) => n + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <div data-testid="fleet-page">
      <h1>{t('console.fleet.title')}</h1>
      <p className="muted">{t('console.fleet.subtitle')}</p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <div className="fleet-summary" role="group" aria-label={t('console.fleet.weekly')}>
        {WEEKLY.map((w) => (
          <button
            type="button"
            key={w}
            className={`card ${filter === w ? 'active' : ''}`}
            data-testid={`weekly-${w}`}
            aria-pressed={filter === w}
            onClick={() => navigate(filter === w ? '/console/fleet' : `/console/fleet?weekly=${w}`)}
          >
            <strong>{items ? counts[w] : '…'}</strong>
            <span className={`weekly weekly-${w}`}>{t(`console.weekly.${w}` as MessageKey)}</span>
          </button>
        ))}
      </div>
      {isDistrict ? <EnrolForm onIssued={() => setReload((n) => n + 1)} /> : null}
      {items === null && !error ? <p className="muted">{t('console.loading')}</p> : null}
      {items ? (
        <div className="card table-scroll">
          <table className="table" data-testid="fleet-table">
            <thead>
              <tr>
                <th>{t('console.fleet.community')}</th>
                <th>{t('console.fleet.station')}</th>
                <th>{t('console.fleet.weekly')}</th>
                <th>{t('console.fleet.lastPush')}</th>
                <th>{t('console.fleet.lastPull')}</th>
                <th>{t('console.fleet.pending')}</th>
                <th>{t('console.fleet.version')}</th>
                <th>{t('console.fleet.skew')}</th>
                {isDistrict ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {shown.length === 0 ? (
                <tr>
                  <td colSpan={9} className="muted">
                    {t('console.fleet.none')}
                  </td>
                </tr>
              ) : null}
              {shown.map((s) => (
                <tr key={s.id} data-station={s.id} data-community={s.communityCode}>
                  <td>{communityLabel(units, s.communityCode)}</td>
                  <td>
                    {t('console.fleet.number', { n: s.stationNumber })}
                    {s.name ? <span className="muted"> · {s.name}</span> : null}
                  </td>
                  <td data-testid="weekly-cell">
                    {s.revokedAt ? (
                      <span className="muted">
                        {t('console.fleet.revoked', { at: dateTime(s.revokedAt) })}
                      </span>
                    ) : !s.enrolledAt ? (
                      <span className="muted">
                        {s.codeExpiresAt
                          ? t('console.fleet.codeOpen', { at: dateTime(s.codeExpiresAt) })
                          : t('console.fleet.notEnrolled')}
                      </span>
                    ) : (
                      <span className={`weekly weekly-${s.weekly}`}>
                        {t(`console.weekly.${s.weekly}` as MessageKey)}
                      </span>
                    )}
                  </td>
                  <td>{dateTime(s.lastPushAt)}</td>
                  <td>{dateTime(s.lastPullAt)}</td>
                  <td className="num" data-testid="pending-cell">
                    {s.pending === null ? '' : s.pending}
                    {s.pendingAt ? <span className="muted small"> ({dateTime(s.pendingAt)})</span> : null}
                  </td>
                  <td>{s.appVersion ?? ''}</td>
                  <td className={s.clockSkewMs !== null && Math.abs(s.clockSkewMs) >= 60_000 ? 'warn' : ''}>
                    {skewText(s.clockSkewMs)}
                  </td>
                  {isDistrict ? (
                    <td>
                      {s.revokedAt ? null : (
                        <button type="button" className="link danger" onClick={() => void revoke(s)}>
                          {s.enrolledAt ? t('console.fleet.revoke') : t('console.fleet.revokeCode')}
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

function EnrolForm({ onIssued }: { onIssued: () => void }) {
  const units = useUnits();
  const [community, setCommunity] = useState('');
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<{ code: string; expiresAt: string; community: string } | null>(null);
  const [error, setError] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError('');
    try {
      const r = await call<{ code: string; expiresAt: string; communityCode: string }>('stations.enrol', {
        communityCode: community,
        ...(name.trim() ? { name: name.trim() } : {}),
      });
      setIssued({ code: r.code, expiresAt: r.expiresAt, community: r.communityCode });
      setName('');
      onIssued();
    } catch (err) {
      setError(messageOf(err));
    }
  }
  return (
    <form className="card toolbar" onSubmit={submit} data-testid="enrol-form">
      <strong>{t('console.fleet.enrol')}</strong>
      <label className="inline-label">
        {t('console.fleet.community')}
        <select
          value={community}
          onChange={(e) => setCommunity(e.target.value)}
          data-testid="enrol-community"
        >
          <option value="">{t('console.choose')}</option>
          {(units?.streets ?? []).map((s) => (
            <optgroup key={s.code} label={s.name}>
              {(units?.communities ?? [])
                .filter((c) => c.streetCode === s.code)
                .map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="inline-label">
        {t('console.fleet.stationName')}
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={50} size={14} />
      </label>
      <button type="submit" className="primary" disabled={!community} data-testid="enrol-submit">
        {t('console.fleet.issue')}
      </button>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {issued ? (
        <div data-testid="enrol-code">
          {t('console.fleet.codeFor', { community: communityLabel(units, issued.community) })}{' '}
          <span className="code-box">{issued.code}</span>{' '}
          <span className="muted">{t('console.fleet.codeExpires', { at: dateTime(issued.expiresAt) })}</span>
        </div>
      ) : null}
    </form>
  );
}
