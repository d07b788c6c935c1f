// Print route of a subsidy application form (/print/subsidies/:id): A4 portrait, always Chinese, the ID
// number masked; the policy, the applicant, the period and amount against the standard, why the person
// qualifies, the document checklist, and the lines the community, the street and the district sign.
// Sets document.body.dataset.printReady like the other print routes (tests and a printing shell wait on it).
import { useEffect, useState } from 'react';
import type { SubsidyApplication } from '../../../shared/contract';
import { call } from '../api/client';
import { messageOf } from '../ui/errors';
import { t } from '../i18n';

const css = `
@page { size: A4 portrait; margin: 18mm 16mm; }
body { margin: 0; }
.ps-root { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; color: #000; }
.ps-toolbar { padding: 8px; display: flex; gap: 8px; }
@media print { .ps-toolbar { display: none; } }
.ps-form { width: 178mm; margin: 0 auto; font-size: 11pt; }
.ps-form h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }
.ps-form .ps-no { text-align: right; font-size: 9pt; margin-bottom: 2mm; }
.ps-form table { width: 100%; border-collapse: collapse; }
.ps-form th, .ps-form td { border: 1px solid #000; padding: 2.2mm 2mm; text-align: left; vertical-align: top; }
.ps-form th { width: 30mm; font-weight: normal; background: #f2f2f2; }
.ps-sign td { height: 26mm; }
`;

const yuan = (n: number) =>
  `¥${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const cn = (iso: string | null) =>
  iso ? `${iso.slice(0, 4)}年${iso.slice(5, 7)}月${iso.slice(8, 10)}日` : '';

export default function PrintSubsidyPage() {
  const id = window.location.pathname.split('/')[3] ?? '';
  const [app, setApp] = useState<SubsidyApplication | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    delete document.body.dataset.printReady;
    let live = true;
    call('subsidies.get', { id }).then(
      (a) => {
        if (!live) return;
        setApp(a);
        void document.fonts.ready.then(() => live && (document.body.dataset.printReady = 'true'));
      },
      (e) => {
        if (!live) return;
        setError(messageOf(e));
        document.body.dataset.printReady = 'error';
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  return (
    <div className="ps-root" lang="zh-CN">
      <style>{css}</style>
      <div className="ps-toolbar">
        <button type="button" className="primary" disabled={!app} onClick={() => window.print()}>
          {t('print.subsidy.print')}
        </button>
        <button type="button" onClick={() => history.back()}>
          {t('print.subsidy.back')}
        </button>
      </div>
      {error ? <div role="alert">{error}</div> : null}
      {app ? (
        <div className="ps-form" data-testid="subsidy-form">
          <h1>{app.policyName}申请表</h1>
          <div className="ps-no" data-doc-ref>
            申请编号：{app.id}
          </div>
          <table>
            <tbody>
              <tr>
                <th>申请人</th>
                <td>{app.residentName}</td>
                <th>身份证号码</th>
                <td>{app.idNumberMasked}</td>
              </tr>
              {app.employerName ? (
                <tr>
                  <th>用人单位</th>
                  <td colSpan={3}>{app.employerName}</td>
                </tr>
              ) : null}
              <tr>
                <th>补贴期间</th>
                <td colSpan={3}>
                  {cn(app.period.from)} 至 {cn(app.period.to)}
                  {app.unit === 'month' ? `（共 ${app.months} 个月）` : ''}
                </td>
              </tr>
              <tr>
                <th>申请金额</th>
                <td>{yuan(app.amount)}</td>
                <th>政策标准</th>
                <td>{yuan(app.standardAmount)}</td>
              </tr>
              <tr>
                <th>符合条件</th>
                <td colSpan={3}>{app.eligibilityReason}</td>
              </tr>
              <tr>
                <th>申请材料</th>
                <td colSpan={3}>
                  {app.documents.map((d) => (
                    <div key={d.name}>
                      {d.provided ? '☑' : '☐'} {d.name}
                    </div>
                  ))}
                </td>
              </tr>
              <tr>
                <th>经办人</th>
                <td>{app.preparedBy}</td>
                <th>申报日期</th>
                <td>{cn(app.preparedOn)}</td>
              </tr>
              <tr className="ps-sign">
                <th>申请人签字</th>
                <td colSpan={3}>（签字）　　　　　　　　年　　月　　日</td>
              </tr>
              <tr className="ps-sign">
                <th>社区意见</th>
                <td colSpan={3}>（盖章）　　　　　　　　年　　月　　日</td>
              </tr>
              <tr className="ps-sign">
                <th>街道审核意见</th>
                <td colSpan={3}>（盖章）　　　　　　　　年　　月　　日</td>
              </tr>
              <tr className="ps-sign">
                <th>区审批意见</th>
                <td colSpan={3}>（盖章）　　　　　　　　年　　月　　日</td>
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
