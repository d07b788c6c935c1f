// "导出 Excel" for a grid: exports what the grid shows — its filter, sort and columns — through the station.
// Full ID numbers only when the operator ticks the box, and the station logs that export.
import { useState } from 'react';
import type { FileOut } from '../../../shared/contract';
import { t } from '../i18n';
import { messageOf } from '../ui/errors';
import { saveFile } from './files';

export function ExportButton(p: { onExport: (reveal: boolean) => Promise<FileOut>; testId: string }) {
  const [busy, setBusy] = useState(false);
  const [reveal, setReveal] = useState(false);
  const [note, setNote] = useState('');
  async function run() {
    setBusy(true);
    setNote('');
    try {
      const file = await p.onExport(reveal);
      saveFile(file);
      setNote(t('ledgers.exported', { n: file.rows }));
    } catch (e) {
      setNote(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <span className="export-button" data-testid={p.testId}>
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? t('ledgers.exporting') : t('ledgers.export')}
      </button>
      <label className="inline-label small">
        <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
        {t('ledgers.exportReveal')}
      </label>
      {note ? (
        <span className="muted small" role="status">
          {note}
        </span>
      ) : null}
    </span>
  );
}
