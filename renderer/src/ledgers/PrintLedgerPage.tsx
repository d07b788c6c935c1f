// Print route of the standard ledgers: /print/ledgers/sixClears|cards|zeroEmployment|recommendations|training[?reveal=1], drawn
// without the desk's frame on A4 landscape: the title, community and date head every page together with
// the column headers (a <thead> repeats on each printed page), and each page is numbered "第 n 页 / 共 m 页"
// in its bottom margin. Sets document.body.dataset.printReady like the card print route (tests and a
// printing shell wait on it). Printed documents are always Chinese: the station sends the ledger's words.
import { useEffect, useMemo, useState } from 'react';
import type { StandardLedgerData } from '../../../shared/contract';
import { STANDARD_LEDGERS, type StandardLedger } from '../../../shared/domain/ledgers/names';
import { call } from '../api/client';
import { t } from '../i18n';
import { messageOf } from '../ui/errors';
import { ledgerPrintCss } from './printCss';

function readRequest(): { ledger: StandardLedger; reveal: boolean } | null {
  const ledger = window.location.pathname.split('/')[3] as StandardLedger;
  if (!STANDARD_LEDGERS.includes(ledger)) return null;
  return { ledger, reveal: new URLSearchParams(window.location.search).get('reveal') === '1' };
}

function setReady(state: 'true' | 'error' | null): void {
  if (state === null) delete document.body.dataset.printReady;
  else document.body.dataset.printReady = state;
}

export default function PrintLedgerPage() {
  const request = useMemo(readRequest, []);
  const [data, setData] = useState<StandardLedgerData | null>(null);
  const [error, setError] = useState<string | null>(request ? null : '未知的台账');

  useEffect(() => {
    setReady(null);
    if (!request) {
      setReady('error');
      return;
    }
    let live = true;
    call('ledgers.standardData', request).then(
      (d) => live && setData(d),
      (e) => {
        if (!live) return;
        setError(messageOf(e));
        setReady('error');
      },
    );
    return () => {
      live = false;
    };
  }, [request]);

  useEffect(() => {
    if (!data) return;
    let live = true;
    document.fonts.ready.then(
      () => live && setReady('true'),
      () => live && setReady('error'),
    );
    return () => {
      live = false;
    };
  }, [data]);

  const total = data?.columns.reduce((s, c) => s + c.width, 0) ?? 1;
  return (
    <div className="pl-root">
      <style>{ledgerPrintCss}</style>
      <div className="pl-toolbar">
        <button type="button" className="primary" disabled={!data} onClick={() => window.print()}>
          {t('ledgers.printing')}
        </button>
        <button type="button" onClick={() => history.back()}>
          {t('ledgers.printBack')}
        </button>
        {data ? <span>{t('ledgers.printRows', { n: data.rows.length })}</span> : null}
      </div>
      {error ? (
        <div className="pl-error" role="alert">
          {error}
        </div>
      ) : !data ? (
        <div className="pl-error">{t('ledgers.printLoading')}</div>
      ) : (
        <table className="pl-table" lang="zh-CN" data-testid="ledger-print">
          <colgroup>
            {data.columns.map((c) => (
              <col key={c.key} style={{ width: `${(100 * c.width) / total}%` }} />
            ))}
          </colgroup>
          <thead>
            <tr className="pl-title">
              <th colSpan={data.columns.length}>{data.title}</th>
            </tr>
            <tr className="pl-meta">
              <th colSpan={data.columns.length}>
                <span>
                  社区：{data.streetName} {data.communityName}
                </span>
                <span>制表日期：{data.date}</span>
                {data.masked ? <span>身份证号码、收入已隐去</span> : null}
              </th>
            </tr>
            <tr className="pl-head">
              {data.columns.map((c) => (
                <th key={c.key}>{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (
                  <td key={j}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
