// 同步: progress of the running sync, last success, what is waiting, what the district refused or
// disputed (with retry/discard and keep mine/keep theirs), the upload receipt, the weekly deadline reminder,
// and — for admins — enrolment with the district server. Every failure shows the station's plain words.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type {
  PulledAsideEntry,
  SyncConflict,
  SyncProgress,
  SyncReceipt,
  SyncStatus,
} from '../../../shared/contract/sync';
import { entityLabel } from '../../../shared/sync/entities';
import { columnLabel } from '../../../shared/sync/labels';
import { useSession } from '../session/store';
import { getLang, t, useLang } from '../i18n';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { Notice, TextField, type FormMessage } from '../ui/fields';
import { TableCard } from '../ui/TableCard';
import { useFormFields } from '../ui/useFormFields';
import { dateTime } from '../format';

/** Sync times read like every other timestamp at the desk (format.ts); "从未" when there is none. */
function when(iso: string | null): string {
  return iso ? dateTime(iso) : t('sync.never');
}

/** What a person calls a synced record, from the entity registry (never a table name on screen). */
function entityName(entity: string): string {
  return entityLabel(entity, getLang());
}

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return t('sync.empty');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function ProgressBar({ p }: { p: SyncProgress }) {
  if (!p.running) return null;
  const pushPct = p.pushTotal ? Math.round((p.pushSent / p.pushTotal) * 100) : p.phase === 'push' ? 0 : 100;
  return (
    <div className="card" aria-live="polite">
      <label htmlFor="sync-push">{t('sync.pushProgress', { sent: p.pushSent, total: p.pushTotal })}</label>
      <progress id="sync-push" max={100} value={pushPct} style={{ width: '100%' }} />
      {p.phase === 'snapshot' || p.phase === 'pull' ? (
        <p>
          {p.phase === 'snapshot'
            ? t('sync.snapshotProgress', { n: p.pulled })
            : t('sync.pullProgress', {
                n: p.pulled,
                pages: p.pullPages,
                more: p.pullMore ? t('sync.pullMore') : '',
              })}
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
  const [pulledAside, setPulledAside] = useState<PulledAsideEntry[]>([]);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const enrolment = useFormFields({ serverUrl: '', code: '' });
  const { setForm: setEnrolment, setErrors: setEnrollErrors } = enrolment;
  const [enrollMessage, setEnrollMessage] = useState<FormMessage | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [s, c, r, pa] = await Promise.all([
        call('sync.status', {}),
        call('sync.conflicts', {}),
        call('sync.receipts', {}),
        call('sync.pulledAside', {}),
      ]);
      setStatus(s);
      setPulledAside(pa.items);
      setConflicts(c.items);
      setReceipts(r.items);
      if (s.serverUrl) setEnrolment((f) => ({ ...f, serverUrl: f.serverUrl || s.serverUrl! }));
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }, [setEnrolment]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // background sync attempts land here too: the status is read again every few seconds
  useEffect(() => {
    const timer = setInterval(() => {
      call('sync.status', {}).then(setStatus, () => undefined);
    }, 3000);
    return () => clearInterval(timer);
  }, []);

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
      const proposals = r.proposals ? ` ${t('sync.doneProposals', { proposals: r.proposals })}` : '';
      setMessage({ kind: 'ok', text: t('sync.done', { ...r }) + proposals });
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
      const { serverUrl, code } = enrolment.form;
      const r = await call('sync.enroll', { serverUrl: serverUrl.trim(), code: code.trim() });
      enrolment.set('code', '');
      setEnrollErrors({});
      setEnrollMessage({ kind: 'ok', text: t('sync.enrollDone', { n: r.stationNumber }) });
    } catch (err) {
      setEnrollErrors(fieldErrorsOf(err));
      setEnrollMessage({ kind: 'error', text: messageOf(err) });
    }
    await refresh();
  }

  // what the last attempt found, and when: never a standing "可连接" after the server has gone
  const reachable =
    status?.serverReachable === null || status?.serverReachable === undefined || !status.lastAttemptAt
      ? t('sync.unknown')
      : t(status.serverReachable ? 'sync.reachableAt' : 'sync.unreachableAt', {
          when: dateTime(status.lastAttemptAt),
        });

  const enrolForm = (
    <form className="card" onSubmit={(e) => void enroll(e)} noValidate data-testid="sync-enrol">
      <h2>{t('sync.enroll')}</h2>
      {/* shown here, not at the top of the page: the admin is looking at this form when it answers */}
      {enrollMessage ? (
        <Notice kind={enrollMessage.kind} testId="sync-enrol-message">
          {enrollMessage.text}
        </Notice>
      ) : null}
      {status?.enrolled && status.serverUrl ? <p>{t('sync.enrolledAt', { url: status.serverUrl })}</p> : null}
      {!admin ? (
        <p className="muted">{t('sync.adminOnly')}</p>
      ) : (
        <>
          <p className="muted">{t('sync.enrollIntro')}</p>
          <div className="form-grid">
            <TextField
              {...enrolment.bind('serverUrl')}
              label={t('sync.serverUrl')}
              placeholder="http://10.0.0.5:5800"
            />
            <TextField {...enrolment.bind('code')} label={t('sync.code')} />
          </div>
          <button type="submit" className="primary form-submit">
            {t('sync.enrollSubmit')}
          </button>
        </>
      )}
    </form>
  );

  return (
    <section className="form-page" aria-labelledby="sync-title" data-testid="sync-page">
      <div className="toolbar">
        <h1 id="sync-title">{t('sync.title')}</h1>
        <button
          type="button"
          className="primary"
          onClick={() => void syncNow()}
          disabled={busy || !status?.enrolled}
        >
          {busy ? t('sync.syncing') : t('sync.syncNow')}
        </button>
      </div>
      <p className="muted">{t('sync.intro')}</p>
      {message ? (
        <Notice kind={message.kind} testId="sync-message">
          {message.text}
        </Notice>
      ) : null}
      {status && !status.enrolled ? <Notice kind="info">{t('sync.notEnrolled')}</Notice> : null}
      {/* before enrolment the form is the only thing to do here: put it first */}
      {status && !status.enrolled ? enrolForm : null}
      {status?.clockMessage ? (
        <Notice kind="error" testId="sync-clock">
          {status.clockMessage}
        </Notice>
      ) : null}
      {status?.restore ? (
        <Notice kind="info" testId="sync-restore">
          {status.restore.state === 'recovering'
            ? t('sync.restore.recovering')
            : t('sync.restore.recovered', { n: status.restore.resent, when: when(status.restore.at) })}
        </Notice>
      ) : null}
      {status?.laggedSnapshotAt ? (
        <Notice kind="info" testId="sync-lagged-snapshot">
          {t('sync.laggedSnapshot', { when: when(status.laggedSnapshotAt) })}
        </Notice>
      ) : null}
      {status?.deadline.message ? (
        <Notice kind="warn" testId="sync-deadline">
          {status.deadline.message}
        </Notice>
      ) : null}

      {progress ? <ProgressBar p={progress} /> : null}

      {status ? (
        <div className="card">
          <dl className="facts">
            <dt>{t('sync.lastSuccess')}</dt>
            <dd data-testid="sync-last-success">{when(status.lastSuccessAt)}</dd>
            <dt>{t('sync.pending')}</dt>
            <dd data-testid="sync-pending">{t('sync.entries', { n: status.pendingCount })}</dd>
            <dt>{t('sync.server')}</dt>
            <dd data-testid="sync-reachable">{reachable}</dd>
            <dt>{t('sync.deadline')}</dt>
            <dd>
              {t('sync.deadlineNext', { when: when(status.deadline.next) })}
              <br />
              {t('sync.lastFullUpload', { when: when(status.deadline.lastFullUploadAt) })}
            </dd>
            {status.lastError ? (
              <>
                <dt>{t('sync.lastError')}</dt>
                <dd className="facts-error">{status.lastError}</dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : null}

      {/* refused changes, conflicts and receipts only exist once the PC talks to the district */}
      {status?.enrolled ? (
        <>
          <TableCard
            title={t('sync.setAside')}
            none={t('sync.setAsideNone')}
            testId="sync-set-aside"
            head={[t('sync.record'), t('sync.fields'), t('sync.reason'), t('sync.operator'), '']}
            items={status.setAside}
            row={(s) => (
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
                    {t('sync.retry')}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      window.confirm(t('sync.discardConfirm')) &&
                      void act(() => call('sync.discard', { seq: s.seq }))
                    }
                  >
                    {t('sync.discard')}
                  </button>
                </td>
              </tr>
            )}
          />

          <TableCard
            title={t('sync.pulledAside')}
            none={t('sync.pulledAsideNone')}
            testId="sync-pulled-aside"
            head={[t('sync.record'), t('sync.reason'), t('sync.at'), '']}
            items={pulledAside}
            row={(s) => (
              <tr key={`${s.entity}:${s.rowId}`}>
                <td>{entityName(s.entity)}</td>
                <td>{s.reason}</td>
                <td>
                  {when(s.at)}
                  {s.attempts > 1 ? ` · ${t('sync.attempts', { n: s.attempts })}` : ''}
                </td>
                <td>
                  <button type="button" onClick={() => void act(() => call('sync.retryPulled', {}))}>
                    {t('sync.retryPulled')}
                  </button>{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      window.confirm(t('sync.discardPulledConfirm')) &&
                      void act(() => call('sync.discardPulled', { entity: s.entity, rowId: s.rowId }))
                    }
                  >
                    {t('sync.discard')}
                  </button>
                </td>
              </tr>
            )}
          />

          <TableCard
            title={t('sync.conflicts')}
            none={t('sync.conflictsNone')}
            testId="sync-conflicts"
            head={[t('sync.record'), t('sync.conflictField'), t('sync.mine'), t('sync.theirs'), '']}
            items={conflicts}
            row={(c) => (
              <tr key={c.id}>
                <td>
                  {entityName(c.entity)}：{c.label}
                </td>
                <td>{columnLabel(c.field)}</td>
                <td>{show(c.mine)}</td>
                <td>{show(c.theirs)}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void act(() => call('sync.resolveConflict', { id: c.id, keep: 'mine' }))}
                  >
                    {t('sync.keepMine')}
                  </button>{' '}
                  <button
                    type="button"
                    onClick={() => void act(() => call('sync.resolveConflict', { id: c.id, keep: 'theirs' }))}
                  >
                    {t('sync.keepTheirs')}
                  </button>
                </td>
              </tr>
            )}
          />

          <TableCard
            title={t('sync.receipts')}
            none={t('sync.receiptsNone')}
            testId="sync-receipts"
            head={[
              t('sync.entity'),
              t('sync.applied'),
              t('sync.merged'),
              t('sync.conflict'),
              t('sync.rejected'),
              t('sync.duplicate'),
              t('sync.at'),
            ]}
            items={receipts}
            row={(r) => (
              <tr key={r.entity}>
                <td>{entityName(r.entity)}</td>
                <td>{r.applied}</td>
                <td>{r.merged}</td>
                <td>{r.conflict}</td>
                <td>{r.rejected}</td>
                <td>{r.duplicate}</td>
                <td>{when(r.at)}</td>
              </tr>
            )}
          />
        </>
      ) : null}

      {status?.enrolled ? enrolForm : null}
    </section>
  );
}
