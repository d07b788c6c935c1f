// 政策扶持: this year's person-times and amounts per policy, and the community's applications (/subsidies).
import { useEffect, useState } from 'react';
import type { SubsidyApplication, SubsidyTotal } from '../../../shared/contract';
import { call } from '../api/client';
import { t, useLang, type MessageKey } from '../i18n';
import { navigate } from '../router';
import { dateShort, money, todayIso } from '../format';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';

export const statusLabel = (s: SubsidyApplication['status']) => t(`subsidy.status.${s}` as MessageKey);

/** The applications; on the 政策扶持 list each applicant's name opens their page (on that page it would not). */
export function ApplicationsTable({
  items,
  linkPeople = false,
}: {
  items: SubsidyApplication[];
  linkPeople?: boolean;
}) {
  if (!items.length) return <p className="muted">{t('subsidy.none')}</p>;
  return (
    <table className="plain" data-testid="subsidy-list">
      <thead>
        <tr>
          <th>{t('subsidy.policy')}</th>
          <th>{t('subsidy.resident')}</th>
          <th>{t('subsidy.period')}</th>
          <th>{t('subsidy.amount')}</th>
          <th>{t('subsidy.status')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={a.id} data-id={a.id}>
            <td>{a.policyName}</td>
            <td>
              {linkPeople && a.residentId ? (
                <button type="button" className="link" onClick={() => navigate(`/residents/${a.residentId}`)}>
                  {a.residentName ?? ''}
                </button>
              ) : (
                (a.residentName ?? '')
              )}
              {a.employerName ? ` · ${a.employerName}` : ''}
            </td>
            <td>
              {dateShort(a.period.from)} — {dateShort(a.period.to)}
            </td>
            <td>{money(a.amount)}</td>
            <td title={a.decisionReason ?? ''}>{statusLabel(a.status)}</td>
            <td>
              <button type="button" className="link" onClick={() => navigate(`/subsidies/${a.id}`)}>
                {t('subsidy.open')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SubsidiesPage() {
  useLang();
  const year = todayIso().slice(0, 4);
  const [totals, setTotals] = useState<SubsidyTotal[]>([]);
  const [totalsLoaded, setTotalsLoaded] = useState(false);
  const [items, setItems] = useState<SubsidyApplication[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    Promise.all([
      call('subsidies.totals', { from: `${year}-01-01`, to: `${year}-12-31` }),
      call('subsidies.list', { limit: 200 }),
    ]).then(
      ([tt, list]) => {
        if (!live) return;
        setTotals(tt.items);
        setTotalsLoaded(true);
        setItems(list.items);
      },
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [year]);
  return (
    <section className="page" aria-labelledby="subsidies-title">
      <div className="toolbar">
        <h1 id="subsidies-title">{t('subsidy.title')}</h1>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => navigate('/subsidies/new')}>
          {t('subsidy.new')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <h2>{t('subsidy.totals', { year })}</h2>
      {totalsLoaded && !totals.length ? (
        <p className="muted" data-testid="subsidy-totals-none">
          {t('subsidy.totalsNone', { year })}
        </p>
      ) : (
        <table className="plain" data-testid="subsidy-totals">
          <thead>
            <tr>
              <th>{t('subsidy.policy')}</th>
              <th>{t('subsidy.personTimes')}</th>
              <th>{t('subsidy.amount')}</th>
              <th>{t('subsidy.approved')}</th>
              <th>{t('subsidy.paid')}</th>
              <th>{t('subsidy.paidAmount')}</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((x) => (
              <tr key={x.policyCode}>
                <td>{x.policyName}</td>
                <td>{x.personTimes}</td>
                <td>{money(x.amount)}</td>
                <td>{x.approved}</td>
                <td>{x.paid}</td>
                <td>{money(x.paidAmount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t('subsidy.list')}</h2>
      {items ? (
        <ApplicationsTable items={items} linkPeople />
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </section>
  );
}

/** The person's subsidies on their page, with the way to apply for one. */
export function ResidentSubsidies({ residentId }: { residentId: string }) {
  useLang();
  const [items, setItems] = useState<SubsidyApplication[]>([]);
  useEffect(() => {
    let live = true;
    call('subsidies.list', { residentId }).then(
      (r) => live && setItems(r.items),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [residentId]);
  return (
    <fieldset className="section" data-testid="resident-subsidies">
      <legend>{t('subsidy.forResident')}</legend>
      <ApplicationsTable items={items} />
      <button type="button" onClick={() => navigate(`/subsidies/new?residentId=${residentId}`)}>
        {t('subsidy.applyFor')}
      </button>
    </fieldset>
  );
}
