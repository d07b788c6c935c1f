// 台账: the standard ledgers (六清台账, 就业援助卡发放台账, 零就业家庭台账, 推荐就业台账, 培训台账) as Excel and as print, for everyone;
// for the station admin also the import wizard and the list of imports, each with its result, its rows not
// imported, and undo.
import { useEffect, useState } from 'react';
import type { BatchView } from '../../../shared/contract';
import { STANDARD_LEDGERS, type StandardLedger } from '../../../shared/domain/ledgers/names';
import { call } from '../api/client';
import { navigate } from '../router';
import { useSession } from '../session/store';
import { t, type MessageKey } from '../i18n';
import { dateTime } from '../format';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { saveFile } from './files';
import { importUrl } from './Steps';

export function printLedgerUrl(ledger: StandardLedger, reveal: boolean): string {
  return `/print/ledgers/${ledger}${reveal ? '?reveal=1' : ''}`;
}

function Batches() {
  const [items, setItems] = useState<BatchView[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    call('ledgers.batches', { limit: 50 }).then(
      (r) => setItems(r.items),
      (e) => setError(messageOf(e)),
    );
  }, []);
  const next = (b: BatchView) =>
    b.status === 'inspected'
      ? 'map'
      : b.status === 'previewed'
        ? 'preview'
        : b.status === 'committed' || b.status === 'undone'
          ? 'done'
          : null;
  return (
    <div className="card">
      <h2>{t('ledgers.batches')}</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {items && items.length === 0 ? <p className="muted">{t('ledgers.batchesNone')}</p> : null}
      {items && items.length ? (
        <table className="table" data-testid="ledger-batches">
          <thead>
            <tr>
              <th>{t('ledgers.batch.time')}</th>
              <th>{t('ledgers.batch.file')}</th>
              <th>{t('ledgers.batch.kind')}</th>
              <th>{t('ledgers.batch.status')}</th>
              <th>{t('ledgers.batch.counts')}</th>
              <th>{t('ledgers.batch.operator')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((b) => {
              const step = next(b);
              return (
                <tr key={b.id}>
                  <td>{dateTime(b.createdAt)}</td>
                  <td>{b.fileName}</td>
                  <td>{t(`ledgers.kind.${b.kind}` as MessageKey)}</td>
                  <td title={b.reason ?? undefined}>{t(`ledgers.status.${b.status}`)}</td>
                  <td className="small">
                    {b.result
                      ? t('ledgers.result', { ...b.result })
                      : b.counts
                        ? `${t('ledgers.count.created', { n: b.counts.created })} · ${t('ledgers.count.updated', { n: b.counts.updated })} · ${t('ledgers.count.rejected', { n: b.counts.rejected })}`
                        : (b.reason ?? '')}
                  </td>
                  <td>{b.operator}</td>
                  <td>
                    {step ? (
                      <button type="button" className="link" onClick={() => navigate(importUrl(b.id, step))}>
                        {t('ledgers.continue')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function StandardLedgers() {
  const [reveal, setReveal] = useState(false);
  const [busy, setBusy] = useState<StandardLedger | null>(null);
  const [error, setError] = useState('');
  async function download(ledger: StandardLedger) {
    setBusy(ledger);
    setError('');
    try {
      saveFile(await call('ledgers.standardFile', { ledger, reveal }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }
  return (
    <div className="card">
      <h2>{t('ledgers.standard')}</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <table className="table" data-testid="standard-ledgers">
        <tbody>
          {STANDARD_LEDGERS.map((l) => (
            <tr key={l}>
              <td>{t(`ledgers.standard.${l}` as MessageKey)}</td>
              <td>
                <button type="button" disabled={busy !== null} onClick={() => void download(l)}>
                  {busy === l ? t('ledgers.exporting') : t('ledgers.downloadXlsx')}
                </button>{' '}
                <button type="button" onClick={() => navigate(printLedgerUrl(l, reveal))}>
                  {t('ledgers.print')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <label className="field-check">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        {t('ledgers.reveal')}
      </label>
    </div>
  );
}

export function LedgersPage() {
  const { session } = useSession();
  const admin = session.operator.role === 'admin';
  return (
    <section className="form-page" aria-labelledby="ledgers-title">
      <div className="toolbar">
        <h1 id="ledgers-title">{t('ledgers.title')}</h1>
        <span className="spacer" />
        {admin ? (
          <button type="button" className="primary" onClick={() => navigate('/ledgers/import')}>
            {t('ledgers.import')}
          </button>
        ) : null}
      </div>
      <StandardLedgers />
      {admin ? <Batches /> : null}
    </section>
  );
}

/** /ledgers/import[/:batchId/:step] for the admin; a plain sentence for anyone else. */
export function AdminOnly({ children }: { children: React.ReactNode }) {
  const { session } = useSession();
  if (session.operator.role !== 'admin') return <Notice kind="warn">{t('ledgers.adminOnly')}</Notice>;
  return <>{children}</>;
}
