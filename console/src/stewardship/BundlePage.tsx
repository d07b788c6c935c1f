// USB 数据包 (issue 13): a station whose line is down writes its pending work to a sealed file; the
// district imports it here exactly as `import-bundle` does (the same verdicts as an online push, a second
// import changes nothing, a tampered or foreign file is refused) and hands back the receipt file, which the
// station reads on its 同步 page.
import { useState } from 'react';
import { t, useLang } from '../../../renderer/src/i18n';
import { Notice } from '../../../renderer/src/ui/fields';
import { BUNDLE_MAX } from '../../../shared/contract/console';
import { call, messageOf, saveBlob } from '../api';
import { useSession } from '../session';
import { communityLabel, useUnits } from '../units';

interface Imported {
  stationId: string;
  communityCode: string;
  stationNumber: number;
  entries: number;
  counts: Record<'applied' | 'merged' | 'conflict' | 'rejected' | 'duplicate', number>;
  again: boolean;
  receipt: string;
}

/** The receipt's file name beside the bundle's, as the command line names it (server/cli.ts). */
export function receiptName(bundle: string): string {
  const i = bundle.lastIndexOf('六清数据包');
  if (i >= 0) return bundle.slice(0, i) + '六清回执' + bundle.slice(i + '六清数据包'.length);
  return bundle.replace(/(\.lqb)?$/, '.receipt.lqb');
}

export function BundlePage() {
  useLang();
  const session = useSession()!;
  const units = useUnits();
  const [result, setResult] = useState<(Imported & { file: string }) | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (session.user.role !== 'district') return <Notice kind="info">{t('console.districtOnly')}</Notice>;

  async function pick(file: File | undefined) {
    setResult(null);
    setError('');
    if (!file) return;
    if (file.size > BUNDLE_MAX) return setError(t('console.bundle.tooLarge'));
    setBusy(true);
    try {
      const r = await call<Imported>('bundles.import', { text: await file.text() });
      setResult({ ...r, file: file.name });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div data-testid="bundle-page">
      <h1>{t('console.bundle.title')}</h1>
      <p className="muted">{t('console.bundle.subtitle')}</p>
      <div className="card toolbar">
        <label className="inline-label">
          {t('console.bundle.file')}
          <input
            type="file"
            data-testid="bundle-file"
            disabled={busy}
            onChange={(e) => {
              void pick(e.target.files?.[0]);
              // the same file chosen again is a new import (or preview)
              e.target.value = '';
            }}
          />
        </label>
        {busy ? <span className="muted">{t('console.bundle.importing')}</span> : null}
      </div>
      {error ? (
        <Notice kind="error" testId="bundle-error">
          {error}
        </Notice>
      ) : null}
      {result ? (
        <div className="card" data-testid="bundle-result">
          {result.again ? <Notice kind="info">{t('console.bundle.again')}</Notice> : null}
          <p>
            {t('console.bundle.summary', {
              community: communityLabel(units, result.communityCode),
              n: result.stationNumber,
              entries: result.entries,
              applied: result.counts.applied,
              merged: result.counts.merged,
              conflict: result.counts.conflict,
              rejected: result.counts.rejected,
              duplicate: result.counts.duplicate,
            })}
          </p>
          <button
            type="button"
            className="primary"
            data-testid="bundle-receipt"
            onClick={() =>
              saveBlob(
                new Blob([result.receipt], { type: 'application/octet-stream' }),
                receiptName(result.file),
              )
            }
          >
            {t('console.bundle.receipt')}
          </button>
          <p className="muted">{t('console.bundle.receiptHint')}</p>
        </div>
      ) : null}
    </div>
  );
}
