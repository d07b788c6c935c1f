// 同步: progress of the running sync, last success, what is waiting, what the district refused or
// disputed (with retry/discard and keep mine/keep theirs), the upload receipt, the weekly deadline reminder,
// and — for admins — enrolment with the district server. Every failure shows the station's plain words.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { SyncConflict, SyncProgress, SyncReceipt, SyncStatus } from '../../../shared/contract/sync';
import { useSession } from '../session/store';
import { useLang } from '../i18n';
import { messageOf } from '../ui/errors';
import { entityName, st } from './i18n';

function when(iso: string | null): string {
  if (!iso) return st('never');
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return st('empty');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function ProgressBar({ p }: { p: SyncProgress }) {
  if (!p.running) return null;
  const pushPct = p.pushTotal ? Math.round((p.pushSent / p.pushTotal) * 100) : p.phase === 'push' ? 0 : 100;
  return (
    <div className="card" aria-live="polite">
      <label htmlFor="sync-push">{st('pushProgress', { sent: p.pushSent, total: p.pushTotal })}</label>
      <progress id="sync-push" max={100} value={pushPct} style={{ width: '100%' }} />
      {p.phase === 'snapshot' || p.phase === 'pull' ? (
        <p>
          {p.phase === 'snapshot'
            ? st('snapshotProgress', { n: p.pulled })
            : st('pullProgress', { n: p.pulled, pages: p.pullPages, more: p.pullMore ? st('pullMore') : '' })}
        </p>
      ) : null}
    </div>
  );
}

export default function SyncPage() {
  useLang();
  const { session } = useSession();
  const admin = session.operator.role === 'admin';
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [conflicts, setConflicts] = useState<SyncConflict[]>([]);
  const [receipts, setReceipts] = useState<SyncReceipt[]>([]);
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [serverUrl, setServerUrl] = useState('');
  const [code, setCode] = useState('');

  const refresh = useCallback(async () => {
    try {
      const [s, c, r] = await Promise.all([call('sync.status', {}), call('sync.conflicts', {}), call('sync.receipts', {})]);
      setStatus(s);
      setConflicts(c.items);
      setReceipts(r.items);
      if (s.serverUrl) setServerUrl((u) => u || s.serverUrl!);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // while a sync runs (here or in the background), follow its progress
  useEffect(() => {
    if (!busy && !status?.running) return;
    const timer = setInterval(() => {
      call('sync.progress', {}).then(setProgress, () => undefined);
    }, 500);
    return () => clearInterval(timer);
  }, [busy, status?.running]);

  async function syncNow() {
    setBusy(true);
    setMessage(null);
    try {
      const r = await call('sync.now', {});
      setMessage({ kind: 'ok', text: st('done', { ...r }) });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
      setProgress(null);
      await refresh();
    }
  }

  async function act(fn: () => Promise<unknown>) {
    try {
      await fn();
      setMessage(null);
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
    await refresh();
  }

  async function enroll(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await call('sync.enroll', { serverUrl: serverUrl.trim(), code: code.trim() });
      setCode('');
      setMessage({ kind: 'ok', text: st('enrollDone', { n: r.stationNumber }) });
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    }
    await refresh();
  }

  const reachable = status?.serverReachable === null || status?.serverReachable === undefined ? st('unknown') : status.serverReachable ? st('reachable') : st('unreachable');

  return (
    <section className="form-page" aria-labelledby="sync-title" data-testid="sync-page">
      <div className="toolbar">
        <h1 id="sync-title">{st('title')}</h1>
        <button type="button" className="primary" onClick={() => void syncNow()} disabled={busy || !status?.enrolled}>
          {busy ? st('syncing') : st('syncNow')}
        </button>
      </div>
      <p className="muted">{st('intro')}</p>
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'ok'} data-testid="sync-message">
          {message.text}
        </p>
      ) : null}
      {status && !status.enrolled ? <p className="notice">{st('notEnrolled')}</p> : null}
      {status?.clockMessage ? <p role="alert" className="error" data-testid="sync-clock">{status.clockMessage}</p> : null}
      {status?.deadline.message ? <p role="alert" className="notice" data-testid="sync-deadline">{status.deadline.message}</p> : null}

      {progress ? <ProgressBar p={progress} /> : null}

      {status ? (
        <div className="card">
          <dl className="form-grid">
            <dt>{st('lastSuccess')}</dt>
            <dd data-testid="sync-last-success">{when(status.lastSuccessAt)}</dd>
            <dt>{st('pending')}</dt>
            <dd data-testid="sync-pending">{st('entries', { n: status.pendingCount })}</dd>
            <dt>{st('server')}</dt>
            <dd>{reachable}</dd>
            <dt>{st('deadline')}</dt>
            <dd>
              {st('deadlineNext', { when: when(status.deadline.next) })}
              <br />
              {st('lastFullUpload', { when: when(status.deadline.lastFullUploadAt) })}
            </dd>
            {status.lastError ? (
              <>
                <dt>{st('lastError')}</dt>
                <dd className="error">{status.lastError}</dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : null}

      <div className="card">
        <h2>{st('setAside')}</h2>
        {status && status.setAside.length === 0 ? <p className="muted">{st('setAsideNone')}</p> : null}
        {status && status.setAside.length ? (
          <table className="table" data-testid="sync-set-aside">
            <thead>
              <tr>
                <th>{st('record')}</th>
                <th>{st('fields')}</th>
                <th>{st('reason')}</th>
                <th>{st('operator')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {status.setAside.map((s) => (
                <tr key={s.seq}>
                  <td>
                    {entityName(s.entity)}：{s.label}
                  </td>
                  <td>{s.fields.join('、')}</td>
                  <td>{s.reason}</td>
                  <td>
                    {s.operator} · {when(s.at)}
                  </td>
                  <td>
                    <button type="button" onClick={() => void act(() => call('sync.retry', { seq: s.seq }))}>
                      {st('retry')}
                    </button>{' '}
                    <button type="button" className="link" onClick={() => window.confirm(st('discardConfirm')) && void act(() => call('sync.discard', { seq: s.seq }))}>
                      {st('discard')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>

      <div className="card">
        <h2>{st('conflicts')}</h2>
        {conflicts.length === 0 ? <p className="muted">{st('conflictsNone')}</p> : null}
        {conflicts.length ? (
          <table className="table" data-testid="sync-conflicts">
            <thead>
              <tr>
                <th>{st('record')}</th>
                <th>{st('conflictField')}</th>
                <th>{st('mine')}</th>
                <th>{st('theirs')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {conflicts.map((c) => (
                <tr key={c.id}>
                  <td>
                    {entityName(c.entity)}：{c.label}
                  </td>
                  <td>{c.field}</td>
                  <td>{show(c.mine)}</td>
                  <td>{show(c.theirs)}</td>
                  <td>
                    <button type="button" onClick={() => void act(() => call('sync.resolveConflict', { id: c.id, keep: 'mine' }))}>
                      {st('keepMine')}
                    </button>{' '}
                    <button type="button" onClick={() => void act(() => call('sync.resolveConflict', { id: c.id, keep: 'theirs' }))}>
                      {st('keepTheirs')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>

      <div className="card">
        <h2>{st('receipts')}</h2>
        {receipts.length === 0 ? <p className="muted">{st('receiptsNone')}</p> : null}
        {receipts.length ? (
          <table className="table" data-testid="sync-receipts">
            <thead>
              <tr>
                <th>{st('entity')}</th>
                <th>{st('applied')}</th>
                <th>{st('merged')}</th>
                <th>{st('conflict')}</th>
                <th>{st('rejected')}</th>
                <th>{st('duplicate')}</th>
                <th>{st('at')}</th>
              </tr>
            </thead>
            <tbody>
              {receipts.map((r) => (
                <tr key={r.entity}>
                  <td>{entityName(r.entity)}</td>
                  <td>{r.applied}</td>
                  <td>{r.merged}</td>
                  <td>{r.conflict}</td>
                  <td>{r.rejected}</td>
                  <td>{r.duplicate}</td>
                  <td>{when(r.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>

      <form className="card" onSubmit={(e) => void enroll(e)} noValidate>
        <h2>{st('enroll')}</h2>
        {status?.enrolled && status.serverUrl ? <p>{st('enrolledAt', { url: status.serverUrl })}</p> : null}
        {!admin ? (
          <p className="muted">{st('adminOnly')}</p>
        ) : (
          <>
            <p className="muted">{st('enrollIntro')}</p>
            <div className="form-grid">
              <label htmlFor="sync-url">{st('serverUrl')}</label>
              <input id="sync-url" value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} placeholder="http://10.0.0.5:5800" />
              <label htmlFor="sync-code">{st('code')}</label>
              <input id="sync-code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
            </div>
            <button type="submit" className="primary">
              {st('enrollSubmit')}
            </button>
          </>
        )}
      </form>
    </section>
  );
}
