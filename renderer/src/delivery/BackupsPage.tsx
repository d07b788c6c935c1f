// 设置 › 备份与恢复 (/settings/backups, station admin): back up now, the list of backups with their check,
// the second folder (USB disk, share), and — on /settings/backups/<id> — the preview of what a backup
// holds beside what the PC holds now, the unsynced guard, and the restore.
import { useCallback, useEffect, useState } from 'react';
import { call } from '../api/client';
import type { BackupItem, BackupFacts } from '../../../shared/contract/backups';
import type { UnsyncedInfo } from '../../../shared/contract/delivery';
import { navigate } from '../router';
import { useSession } from '../session/store';
import { t, useLang, type MessageKey } from '../i18n';
import { dateTime } from '../format';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { Notice, TextField } from '../ui/fields';

type FormMessage = { kind: 'ok' | 'error' | 'warn' | 'info'; text: string };
import { TableCard } from '../ui/TableCard';
import { UnsyncedPanel } from './UnsyncedGuard';

function size(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} KB`;
}

function kindLabel(kind: string): string {
  return t(`backups.kind.${kind}` as MessageKey);
}

export function BackupsPage() {
  useLang();
  const [items, setItems] = useState<BackupItem[]>([]);
  const [dir, setDir] = useState('');
  const [second, setSecond] = useState('');
  const [secondError, setSecondError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FormMessage | null>(null);

  const load = useCallback(async () => {
    const r = await call('backups.list', {});
    setItems(r.items);
    setDir(r.dir);
    setSecond(r.secondDir ?? '');
  }, []);
  useEffect(() => {
    load().catch((e) => setMessage({ kind: 'error', text: messageOf(e) }));
  }, [load]);

  async function create() {
    setBusy(true);
    setMessage({ kind: 'info', text: t('backups.creating') });
    try {
      const r = await call('backups.create', {});
      const text = t('backups.created', { when: dateTime(r.createdAt), size: size(r.bytes) });
      setMessage(
        r.secondError
          ? { kind: 'warn', text: `${text}；${t('backups.secondFailed', { reason: r.secondError })}` }
          : { kind: 'ok', text },
      );
      await load();
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  async function saveSecond() {
    try {
      await call('backups.setSecondDir', { dir: second.trim() || null });
      setSecondError(undefined);
      setMessage({ kind: 'ok', text: t('backups.secondSaved') });
    } catch (e) {
      setSecondError(fieldErrorsOf(e).dir ?? messageOf(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    }
  }

  return (
    <section className="form-page" aria-labelledby="backups-title">
      <div className="toolbar">
        <h1 id="backups-title">{t('backups.title')}</h1>
        <button type="button" className="primary" disabled={busy} onClick={() => void create()}>
          {busy ? t('backups.creating') : t('backups.create')}
        </button>
      </div>
      <p className="muted">{t('backups.intro')}</p>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <TableCard
        title={t('backups.dir', { dir })}
        none={t('backups.none')}
        testId="backups"
        head={[
          t('backups.col.when'),
          t('backups.col.kind'),
          t('backups.col.size'),
          t('backups.col.residents'),
          t('backups.col.check'),
          t('backups.col.second'),
          '',
        ]}
        items={items}
        row={(b) => (
          <tr key={b.id}>
            <td>{dateTime(b.createdAt)}</td>
            <td>{kindLabel(b.kind)}</td>
            <td>{size(b.bytes)}</td>
            <td>{b.counts.residents}</td>
            <td>{b.integrityOk ? t('backups.checkOk') : t('backups.checkBad')}</td>
            <td>{b.second ? t('backups.yes') : t('backups.no')}</td>
            <td>
              <a
                href={`/settings/backups/${b.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/settings/backups/${b.id}`);
                }}
              >
                {t('backups.preview')}
              </a>
            </td>
          </tr>
        )}
      />
      <form
        className="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void saveSecond();
        }}
      >
        <TextField
          name="dir"
          label={t('backups.secondDir')}
          hint={t('backups.secondDirHint')}
          value={second}
          onChange={setSecond}
          {...(secondError ? { error: secondError } : {})}
        />
        <button type="submit">{t('backups.saveSecond')}</button>
      </form>
    </section>
  );
}

const ROWS: Array<[MessageKey, (f: BackupFacts) => string | number]> = [
  ['backups.row.residents', (f) => f.counts.residents],
  ['backups.row.households', (f) => f.counts.households],
  ['backups.row.employers', (f) => f.counts.employers],
  ['backups.row.vacancies', (f) => f.counts.vacancies],
  ['backups.row.cards', (f) => f.counts.cards],
  ['backups.row.lastChange', (f) => dateTime(f.lastChangeAt)],
  ['backups.row.unsynced', (f) => f.unsynced],
];

export function RestorePage({ id }: { id: string }) {
  useLang();
  const { logout } = useSession();
  const [preview, setPreview] = useState<{ backup: BackupItem; current: BackupFacts } | null>(null);
  const [unsynced, setUnsynced] = useState<UnsyncedInfo | null>(null);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  useEffect(() => {
    call('backups.preview', { id }).then(setPreview, (e) =>
      setMessage({ kind: 'error', text: messageOf(e) }),
    );
    call('sync.unsynced', {}).then(setUnsynced, () => undefined);
  }, [id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !busy) navigate('/settings/backups');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy]);

  async function restore() {
    setBusy(true);
    setMessage({ kind: 'info', text: t('backups.restoring') });
    try {
      const r = await call('backups.restore', { id });
      setDone(true);
      setMessage({
        kind: 'ok',
        text: t('backups.restored', {
          kept: dateTime(
            r.keptAs.replace(/^.*-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2}).*$/, '$1-$2-$3T$4:$5:$6Z'),
          ),
        }),
      });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="form-page" aria-labelledby="restore-title">
      <div className="toolbar">
        <h1 id="restore-title">
          {preview
            ? t('backups.previewTitle', { when: dateTime(preview.backup.createdAt) })
            : t('backups.title')}
        </h1>
      </div>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {preview ? (
        <div className="card">
          <table className="table" data-testid="restore-preview">
            <thead>
              <tr>
                <th />
                <th>{t('backups.previewHolds')}</th>
                <th>{t('backups.previewNow')}</th>
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([key, get]) => (
                <tr key={key}>
                  <th scope="row">{t(key)}</th>
                  <td>{get(preview.backup)}</td>
                  <td>{get(preview.current)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview && unsynced && !done ? (
        <div className="card">
          <UnsyncedPanel info={unsynced} reason="restore" onChanged={setUnsynced} />
          <p>{t('backups.restoreWarn')}</p>
          <div className="toolbar">
            <button type="button" className="danger" disabled={busy} onClick={() => void restore()}>
              {busy ? t('backups.restoring') : t('backups.restore')}
            </button>
            <button type="button" disabled={busy} onClick={() => navigate('/settings/backups')}>
              {t('backups.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {done ? (
        <button type="button" className="primary" onClick={() => void logout()}>
          {t('top.logout')}
        </button>
      ) : null}
    </section>
  );
}
