// Step 1: the kind of ledger and the file, chosen through the file input; the file goes to the station in
// chunks with a progress bar, then the station reads it and the wizard moves to the columns.
import { useState } from 'react';
import { LEDGER_KINDS, type LedgerKind } from '../../../shared/domain/ledgers/kinds';
import { MAX_FILE_BYTES } from '../../../shared/domain/ledgers/limits';
import { navigate } from '../router';
import { t, type MessageKey } from '../i18n';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { uploadFile } from './files';
import { importUrl, Steps } from './Steps';

export function ImportStart() {
  const [kind, setKind] = useState<LedgerKind>('residents');
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState('');

  async function start() {
    if (!file) return;
    setError('');
    try {
      const batchId = await uploadFile(kind, file, (done, total) => setSent({ done, total }));
      navigate(importUrl(batchId, 'map'));
    } catch (e) {
      setError(messageOf(e));
      setSent(null);
    }
  }

  return (
    <section className="form-page narrow-wide" aria-labelledby="import-title">
      <h1 id="import-title">{t('ledgers.importTitle')}</h1>
      <Steps at="file" />
      <div className="card">
        <div className="field">
          <label htmlFor="ledger-kind">{t('ledgers.kind')}</label>
          <select id="ledger-kind" value={kind} onChange={(e) => setKind(e.target.value as LedgerKind)}>
            {LEDGER_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`ledgers.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ledger-file">{t('ledgers.file')}</label>
          <input
            id="ledger-file"
            type="file"
            accept=".xlsx,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <div className="field-hint">{t('ledgers.fileHint', { mb: MAX_FILE_BYTES / 1024 / 1024 })}</div>
        </div>
        {sent ? (
          <div className="field">
            <progress
              max={sent.total}
              value={sent.done}
              style={{ width: '100%' }}
              aria-label={t('ledgers.upload')}
            />
            <span className="muted small">
              {t('ledgers.uploading', {
                done: Math.round(sent.done / 1024),
                total: Math.round(sent.total / 1024),
              })}{' '}
              KB
            </span>
          </div>
        ) : null}
        {error ? <Notice kind="error">{error}</Notice> : null}
        <div className="ledger-actions">
          <button
            type="button"
            className="primary"
            disabled={!file || sent !== null}
            onClick={() => void start()}
          >
            {t('ledgers.upload')}
          </button>
          <button type="button" onClick={() => navigate('/ledgers')}>
            {t('ledgers.backToList')}
          </button>
        </div>
      </div>
    </section>
  );
}
