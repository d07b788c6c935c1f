// Step 4: what was written; the rejected rows to fix and import again; and undo of the whole batch while
// its rows are unchanged since (the station checks and says which row stands in the way).
import { useEffect, useState } from 'react';
import type { BatchView } from '../../../shared/contract';
import { call } from '../api/client';
import { navigate } from '../router';
import { t } from '../i18n';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { saveFile } from './files';
import { Steps } from './Steps';

export function DoneStep({ batchId }: { batchId: string }) {
  const [batch, setBatch] = useState<BatchView | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const load = () => call('ledgers.batch', { batchId }).then(setBatch, (e) => setError(messageOf(e)));
  useEffect(() => {
    void load();
  }, [batchId]);

  async function undo() {
    if (!window.confirm(t('ledgers.undoConfirm'))) return;
    setBusy(true);
    setError('');
    try {
      const r = await call('ledgers.undo', { batchId });
      setNote(t('ledgers.undone', { n: r.undone }));
      await load();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const r = batch?.result;
  return (
    <section className="form-page" aria-labelledby="done-title">
      <h1 id="done-title">
        {t('ledgers.done')}
        {batch ? ` · ${batch.fileName}` : ''}
      </h1>
      <Steps at="done" />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {note ? <Notice kind="ok">{note}</Notice> : null}
      {batch && r ? (
        <div className="card">
          <p data-testid="ledger-result">{t('ledgers.result', { ...r })}</p>
          <p className="muted">{t(`ledgers.status.${batch.status}`)}</p>
          <div className="ledger-actions">
            {batch.hasRejectedFile ? (
              <button
                type="button"
                onClick={() =>
                  call('ledgers.rejectedFile', { batchId }).then(saveFile, (e) => setError(messageOf(e)))
                }
              >
                {t('ledgers.rejectedFile')}
              </button>
            ) : null}
            {batch.status === 'committed' ? (
              <button type="button" disabled={busy} onClick={() => void undo()}>
                {t('ledgers.undo')}
              </button>
            ) : null}
            <button type="button" className="primary" onClick={() => navigate('/ledgers/import')}>
              {t('ledgers.another')}
            </button>
            <button type="button" onClick={() => navigate('/ledgers')}>
              {t('ledgers.backToList')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
