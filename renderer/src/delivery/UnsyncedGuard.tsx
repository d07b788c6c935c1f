// The unsynced guard (issue 13): before a logout, an operator switch or a restore, if entries have not
// reached the district, say how many and since when, and offer to sync now or to write a USB bundle. The
// facts come from the station (sync.unsynced); the words from the i18n files.
import { useEffect, useState, type ReactNode } from 'react';
import { call } from '../api/client';
import type { UnsyncedInfo } from '../../../shared/contract/delivery';
import { t } from '../i18n';
import { dateTime } from '../format';
import { messageOf } from '../ui/errors';
import { Notice, TextField } from '../ui/fields';

export type GuardReason = 'logout' | 'switch' | 'restore';

/** "3 天前" from the station's own clock (a wrong PC clock shifts both ends alike). */
export function ageText(info: UnsyncedInfo): string {
  if (!info.oldestAt) return '';
  const ms = Math.max(0, Date.parse(info.now) - Date.parse(info.oldestAt));
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return t('guard.age.minutes', { n: Math.max(1, minutes) });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('guard.age.hours', { n: hours });
  return t('guard.age.days', { n: Math.floor(hours / 24) });
}

/** What is waiting and the two ways out: sync now, or a bundle. Shared by the dialog and the restore page. */
export function UnsyncedPanel(p: {
  info: UnsyncedInfo;
  reason: GuardReason;
  onChanged: (i: UnsyncedInfo) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [dir, setDir] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  async function syncNow() {
    setBusy(true);
    setMessage(null);
    try {
      await call('sync.now', {});
      const next = await call('sync.unsynced', {});
      p.onChanged(next);
      if (next.count === 0) setMessage({ kind: 'ok', text: t('guard.synced') });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  async function writeBundle() {
    setBusy(true);
    setMessage(null);
    try {
      const r = await call('sync.exportBundle', dir.trim() ? { dir: dir.trim() } : {});
      setMessage({ kind: 'ok', text: t('guard.bundleWritten', { file: r.file, n: r.entries }) });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div data-testid="unsynced-guard">
      {p.info.count > 0 ? (
        <p>
          {t('guard.body', {
            n: p.info.count,
            age: ageText(p.info),
            when: dateTime(p.info.oldestAt),
          })}
        </p>
      ) : null}
      {p.info.count > 0 ? (
        <p>
          {t(
            p.reason === 'restore'
              ? 'guard.restore'
              : p.reason === 'switch'
                ? 'guard.switch'
                : 'guard.logout',
          )}
        </p>
      ) : null}
      {p.info.count > 0 && !p.info.enrolled ? <p className="muted">{t('guard.notEnrolled')}</p> : null}
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {p.info.count > 0 && p.info.enrolled ? (
        <div className="form-grid">
          <button type="button" className="primary" disabled={busy} onClick={() => void syncNow()}>
            {busy ? t('guard.syncing') : t('guard.syncNow')}
          </button>
          <TextField name="bundleDir" label={t('guard.bundleDir')} value={dir} onChange={setDir} />
          <button type="button" disabled={busy} onClick={() => void writeBundle()}>
            {t('guard.bundle')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A modal that asks before leaving: `proceed` runs when nothing is waiting or the person goes anyway. */
export function GuardDialog(p: {
  reason: 'logout' | 'switch';
  info: UnsyncedInfo;
  proceed: () => void;
  cancel: () => void;
}) {
  const [info, setInfo] = useState(p.info);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        p.cancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [p]);
  return (
    <div className="modal-backdrop">
      <div className="modal card" role="alertdialog" aria-modal="true" aria-labelledby="guard-title">
        <h2 id="guard-title">{t('guard.title')}</h2>
        <UnsyncedPanel info={info} reason={p.reason} onChanged={setInfo} />
        <div className="toolbar">
          <button type="button" className="danger" onClick={p.proceed}>
            {t(p.reason === 'switch' ? 'guard.switchAnyway' : 'guard.leaveAnyway')}
          </button>
          <button type="button" onClick={p.cancel} autoFocus>
            {t('guard.stay')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Runs `leave` at once when nothing is waiting; otherwise returns the dialog to show first. */
export function useLeaveGuard(leave: () => void | Promise<void>): {
  ask: (reason: 'logout' | 'switch') => Promise<void>;
  dialog: ReactNode;
} {
  const [pending, setPending] = useState<{ reason: 'logout' | 'switch'; info: UnsyncedInfo } | null>(null);
  async function ask(reason: 'logout' | 'switch') {
    let info: UnsyncedInfo | null = null;
    try {
      info = await call('sync.unsynced', {});
    } catch {
      info = null; // the station did not answer: do not trap the person at the desk
    }
    if (!info || info.count === 0) return void (await leave());
    setPending({ reason, info });
  }
  const dialog = pending ? (
    <GuardDialog
      reason={pending.reason}
      info={pending.info}
      proceed={() => {
        setPending(null);
        void leave();
      }}
      cancel={() => setPending(null)}
    />
  ) : null;
  return { ask, dialog };
}
