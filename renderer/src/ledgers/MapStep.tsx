// Step 2: the sheet, where its header is, and what each column is — recognised from the usual Chinese
// headers or remembered from this station's earlier choices — with a few values under each to decide by.
// "预览" runs the preview on the station (with a progress line) and moves on.
import { useEffect, useState } from 'react';
import type { InspectResult } from '../../../shared/contract';
import { IGNORED_FIELD } from '../../../shared/domain/ledgers/kinds';
import { call } from '../api/client';
import { navigate } from '../router';
import { t, type MessageKey } from '../i18n';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { useProgress } from './useProgress';
import { importUrl, Steps } from './Steps';
import { fieldName } from './fieldNames';

export function MapStep({ batchId }: { batchId: string }) {
  const [info, setInfo] = useState<InspectResult | null>(null);
  const [mapping, setMapping] = useState<Record<number, string>>({});
  const [remember, setRemember] = useState(true);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState('');
  const progress = useProgress(batchId, running);

  async function load(sheet?: string) {
    setError('');
    try {
      const r = await call('ledgers.inspect', { batchId, ...(sheet ? { sheet } : {}) });
      setInfo(r);
      setMapping(
        Object.fromEntries(r.columns.map((c) => [c.index, c.field === IGNORED_FIELD ? '' : (c.field ?? '')])),
      );
    } catch (e) {
      setError(messageOf(e));
    }
  }
  useEffect(() => {
    void load();
  }, [batchId]);

  async function preview() {
    if (!info) return;
    setRunning(true);
    setError('');
    try {
      await call('ledgers.preview', {
        batchId,
        mapping: info.columns.map((c) => ({ index: c.index, field: mapping[c.index] || null })),
        remember,
      });
      navigate(importUrl(batchId, 'preview'));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setRunning(false);
    }
  }

  const chosen = new Set(Object.values(mapping).filter(Boolean));
  const missing = info?.fields.filter((f) => f.required && !chosen.has(f.key)) ?? [];
  const hidden = info?.sheets.filter((s) => s.hidden).map((s) => s.name) ?? [];

  return (
    <section className="form-page" aria-labelledby="map-title">
      <h1 id="map-title">
        {t('ledgers.importTitle')}
        {info ? ` · ${info.fileName}` : ''}
      </h1>
      <Steps at="map" />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!info ? (
        error ? (
          <button type="button" onClick={() => navigate('/ledgers/import')}>
            {t('ledgers.another')}
          </button>
        ) : (
          <p className="muted">{t('common.loading')}</p>
        )
      ) : (
        <div className="card">
          <p>
            {t(`ledgers.kind.${info.kind}` as MessageKey)} ·{' '}
            {t('ledgers.headerRows', { rows: info.headerRows.join('、') || '—', start: info.dataStart })}
            {info.encoding
              ? ` · ${t('ledgers.encoding', { enc: info.encoding === 'gb18030' ? 'GBK' : info.encoding.toUpperCase() })}`
              : ''}
          </p>
          {info.sheets.filter((s) => !s.hidden).length > 1 ? (
            <label className="inline-label">
              {t('ledgers.sheet')}
              <select value={info.sheet} onChange={(e) => void load(e.target.value)}>
                {info.sheets
                  .filter((s) => !s.hidden)
                  .map((s) => (
                    <option key={s.name}>{s.name}</option>
                  ))}
              </select>
            </label>
          ) : null}
          {hidden.length ? (
            <Notice kind="info">{t('ledgers.hiddenSheets', { list: hidden.join('、') })}</Notice>
          ) : null}
          <table className="table" data-testid="ledger-mapping">
            <thead>
              <tr>
                <th>{t('ledgers.col.letter')}</th>
                <th>{t('ledgers.col.header')}</th>
                <th>{t('ledgers.col.samples')}</th>
                <th>{t('ledgers.col.field')}</th>
              </tr>
            </thead>
            <tbody>
              {info.columns.map((c) => (
                <tr key={c.index}>
                  <td className="mono">{c.letter}</td>
                  <td>{c.header}</td>
                  <td className="muted small">{c.samples.join('；')}</td>
                  <td>
                    <select
                      aria-label={`${c.letter} ${c.header}`}
                      value={mapping[c.index] ?? ''}
                      onChange={(e) => setMapping({ ...mapping, [c.index]: e.target.value })}
                    >
                      <option value="">{t('ledgers.field.none')}</option>
                      {info.fields
                        .filter((f) => f.key !== IGNORED_FIELD)
                        .map((f) => (
                          <option key={f.key} value={f.key}>
                            {fieldName(info.kind, f.key, f.label)}
                            {f.required ? ' *' : ''}
                          </option>
                        ))}
                    </select>{' '}
                    {c.source && c.field !== IGNORED_FIELD && mapping[c.index] === (c.field ?? '') ? (
                      <span className={`muted small source-${c.source}`}>
                        {t(`ledgers.source.${c.source}` as MessageKey)}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {missing.length ? (
            <Notice kind="warn">
              {t('ledgers.required', {
                list: missing.map((f) => fieldName(info.kind, f.key, f.label)).join(t('common.listSep')),
              })}
            </Notice>
          ) : null}
          <label className="field-check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            {t('ledgers.remember')}
          </label>
          {running ? (
            <p className="muted" role="status">
              {t('ledgers.previewing', { n: progress?.phase === 'reading' ? progress.done : 0 })}
            </p>
          ) : null}
          <div className="ledger-actions">
            <button
              type="button"
              className="primary"
              disabled={running || missing.length > 0}
              onClick={() => void preview()}
            >
              {t('ledgers.previewRun')}
            </button>
            <button type="button" onClick={() => navigate('/ledgers')}>
              {t('ledgers.backToList')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
