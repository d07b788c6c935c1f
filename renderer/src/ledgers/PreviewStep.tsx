// Step 3: what the import would do — counts, then the rows by what happens to them: created, updated (the
// differences by field group, with keep / overwrite per group), unchanged, and not imported (row, column,
// value and reason, downloadable as an .xlsx to fix and import again). Nothing is written until "确认导入";
// then the station writes the batch in one transaction while a progress bar follows it.
import { useEffect, useState } from 'react';
import type { BatchView, PreviewAction, PreviewRow } from '../../../shared/contract';
import { call } from '../api/client';
import { navigate } from '../router';
import { t, type MessageKey } from '../i18n';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { saveFile } from './files';
import { useProgress } from './useProgress';
import { importUrl, Steps } from './Steps';
import { groupName } from './fieldNames';

const PAGE = 50;
const TABS: PreviewAction[] = ['create', 'update', 'unchanged', 'reject'];

function RowsTable({ action, items }: { action: PreviewAction; items: PreviewRow[] }) {
  if (action === 'reject')
    return (
      <table className="table" data-testid="ledger-rejected">
        <thead>
          <tr>
            <th>{t('ledgers.row')}</th>
            <th>{t('ledgers.column')}</th>
            <th>{t('ledgers.col.header')}</th>
            <th>{t('ledgers.value')}</th>
            <th>{t('ledgers.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {items.flatMap((r) =>
            r.issues.map((i, n) => (
              <tr key={`${r.row}-${n}`}>
                <td>{n === 0 ? r.row : ''}</td>
                <td className="mono">{i.column}</td>
                <td>{i.header}</td>
                <td className="mono">{i.value}</td>
                <td>{i.reason}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    );
  return (
    <table className="table" data-testid={`ledger-${action}`}>
      <thead>
        <tr>
          <th>{t('ledgers.row')}</th>
          <th>{t('ledgers.name')}</th>
          <th>{t('ledgers.key')}</th>
          {action === 'update' ? <th>{t('ledgers.changes')}</th> : <th />}
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.row}>
            <td>{r.row}</td>
            <td>{r.name}</td>
            <td className="mono">{r.key}</td>
            <td>
              {action === 'update' ? (
                r.groups.map((g) => (
                  <div key={g.group}>
                    <strong>{g.label}</strong>：
                    {g.changes.map((c) => (
                      <span key={c.field} className="change">
                        {c.label} <del>{c.old || '—'}</del> → <ins>{c.new || '—'}</ins>{' '}
                      </span>
                    ))}
                  </div>
                ))
              ) : r.flag ? (
                <span className="six-no">{t(`ledgers.flag.${r.flag}` as MessageKey)}</span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PreviewStep({ batchId }: { batchId: string }) {
  const [batch, setBatch] = useState<BatchView | null>(null);
  const [tab, setTab] = useState<PreviewAction>('create');
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<{ items: PreviewRow[]; total: number } | null>(null);
  const [choices, setChoices] = useState<Record<string, 'keep' | 'overwrite'>>({});
  const [writing, setWriting] = useState(false);
  const [error, setError] = useState('');
  const progress = useProgress(batchId, writing);

  useEffect(() => {
    call('ledgers.batch', { batchId }).then(
      (b) => {
        setBatch(b);
        if (b.status === 'committed' || b.status === 'undone')
          navigate(importUrl(batchId, 'done'), { replace: true });
        const c = b.counts;
        if (c) setTab(c.created ? 'create' : c.updated ? 'update' : c.rejected ? 'reject' : 'unchanged');
      },
      (e) => setError(messageOf(e)),
    );
  }, [batchId]);

  useEffect(() => {
    if (!batch?.counts) return;
    let live = true;
    call('ledgers.previewRows', { batchId, action: tab, offset, limit: PAGE }).then(
      (r) => live && setRows(r),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [batchId, batch, tab, offset]);

  async function commit() {
    setWriting(true);
    setError('');
    try {
      await call('ledgers.commit', { batchId, choices });
      navigate(importUrl(batchId, 'done'));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setWriting(false);
    }
  }

  async function cancel() {
    await call('ledgers.cancel', { batchId }).catch(() => undefined);
    navigate('/ledgers');
  }

  const c = batch?.counts;
  const writable = c ? c.created + c.updated : 0;
  return (
    <section className="form-page" aria-labelledby="preview-title">
      <h1 id="preview-title">
        {t('ledgers.importTitle')}
        {batch ? ` · ${batch.fileName}` : ''}
      </h1>
      <Steps at="preview" />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!c || !batch ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <div className="card">
          <p className="counts" data-testid="ledger-counts">
            <span>{t('ledgers.count.total', { n: c.total })}</span>
            <span className="count-create">{t('ledgers.count.created', { n: c.created })}</span>
            <span className="count-update">{t('ledgers.count.updated', { n: c.updated })}</span>
            <span>{t('ledgers.count.unchanged', { n: c.unchanged })}</span>
            <span className="count-reject">{t('ledgers.count.rejected', { n: c.rejected })}</span>
            {c.skipped ? <span className="muted">{t('ledgers.count.skipped', { n: c.skipped })}</span> : null}
            {c.flagged ? (
              <span className="six-no">{t('ledgers.count.flagged', { n: c.flagged })}</span>
            ) : null}
          </p>
          {batch.groups.length ? (
            <fieldset className="group-choices">
              <legend>{t('ledgers.groups')}</legend>
              {batch.groups.map((g) => (
                <div key={g.group} className="ledger-actions" data-group={g.group}>
                  <span>
                    {t('ledgers.groupRows', { label: groupName(batch.kind, g.group, g.label), n: g.rows })}
                  </span>
                  {(['overwrite', 'keep'] as const).map((v) => (
                    <label key={v} className="inline-label">
                      <input
                        type="radio"
                        name={`group-${g.group}`}
                        checked={(choices[g.group] ?? 'overwrite') === v}
                        onChange={() => setChoices({ ...choices, [g.group]: v })}
                      />
                      {t(`ledgers.${v}`)}
                    </label>
                  ))}
                </div>
              ))}
            </fieldset>
          ) : null}
          <div className="tabs" role="tablist">
            {TABS.map((a) => (
              <button
                key={a}
                type="button"
                role="tab"
                aria-selected={tab === a}
                className={tab === a ? 'on' : ''}
                onClick={() => {
                  setTab(a);
                  setOffset(0);
                  setRows(null);
                }}
              >
                {t(`ledgers.tab.${a}` as MessageKey)}
              </button>
            ))}
          </div>
          {rows && rows.total === 0 ? <p className="muted">{t('ledgers.noRows')}</p> : null}
          {rows && rows.total > 0 ? (
            <>
              <RowsTable action={tab} items={rows.items} />
              <div className="ledger-actions">
                <button
                  type="button"
                  disabled={offset === 0}
                  onClick={() => setOffset(Math.max(0, offset - PAGE))}
                >
                  {t('ledgers.prev')}
                </button>
                <span className="muted small">
                  {t('ledgers.pageOf', {
                    from: offset + 1,
                    to: Math.min(offset + PAGE, rows.total),
                    total: rows.total,
                  })}
                </span>
                <button
                  type="button"
                  disabled={offset + PAGE >= rows.total}
                  onClick={() => setOffset(offset + PAGE)}
                >
                  {t('ledgers.next')}
                </button>
              </div>
            </>
          ) : null}
          {writing ? (
            <div role="status">
              <progress
                max={progress?.total ?? writable}
                value={progress?.phase === 'writing' ? progress.done : 0}
                style={{ width: '100%' }}
                aria-label={t('ledgers.commit')}
              />
              <span className="muted small">
                {t('ledgers.committing', {
                  done: progress?.phase === 'writing' ? progress.done : 0,
                  total: writable,
                })}
              </span>
            </div>
          ) : null}
          {writable === 0 ? <Notice kind="info">{t('ledgers.nothing')}</Notice> : null}
          <div className="ledger-actions">
            <button
              type="button"
              className="primary"
              disabled={writing || writable === 0}
              onClick={() => void commit()}
            >
              {t('ledgers.commit')}
            </button>
            {c.rejected ? (
              <button
                type="button"
                onClick={() =>
                  call('ledgers.rejectedFile', { batchId }).then(saveFile, (e) => setError(messageOf(e)))
                }
              >
                {t('ledgers.rejectedFile')}
              </button>
            ) : null}
            <button type="button" disabled={writing} onClick={() => navigate(importUrl(batchId, 'map'))}>
              {t('ledgers.remap')}
            </button>
            <button type="button" disabled={writing} onClick={() => void cancel()}>
              {t('ledgers.cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
