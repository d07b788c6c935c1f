// One subsidy application (/subsidies/:id) or a new one for a resident (/subsidies/new?residentId=…):
// the policies the person qualifies for today with the reasons, the policy's standard and checklist, and
// the printed form. Ctrl+S saves, Esc closes, as on every record page.
import { policyReason } from './why';
import { useEffect, useMemo, useState } from 'react';
import type { PolicyView, SubsidyApplication } from '../../../shared/contract';
import type { PolicyEligibility } from '../../../shared/domain/policy/eligibility';
import { WITHDRAWABLE_STATUSES } from '../../../shared/domain/policy/policies';
import { call } from '../api/client';
import { t, useLang } from '../i18n';
import { navigate } from '../router';
import { dateLong, money, todayIso } from '../format';
import { FormPage } from '../ui/FormPage';
import { CheckboxField, Notice, SelectField, TextField, type FormMessage } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { useDeskKeys } from '../ui/keyboard';
import { useQuickSearch } from '../ui/useQuickSearch';
import type { ResidentRow } from '../../../shared/domain/resident';
import { statusLabel } from './SubsidiesPage';

function back(residentId: string | null) {
  navigate(residentId ? `/residents/${residentId}` : '/subsidies');
}

function unitText(p: PolicyView): string {
  return p.unit === 'month'
    ? t('subsidy.unit.month', { amount: money(p.standard), months: p.maxMonths ?? '—' })
    : t('subsidy.unit.once', { amount: money(p.standard) });
}

/**
 * /subsidies/new with no person yet (the 新建补贴申请 button of the 政策扶持 list): an application is always
 * for a person, so find them first — by name, pinyin initials or the last digits of the ID number — and go on
 * to their application form.
 */
function PickApplicant() {
  const [q, setQ] = useState('');
  const found = useQuickSearch<ResidentRow>(q, (query) => call('residents.search', { query, limit: 10 }));
  useDeskKeys({ save: () => undefined, close: () => navigate('/subsidies') });
  return (
    <section className="page" aria-labelledby="subsidy-pick-title">
      <div className="toolbar">
        <h1 id="subsidy-pick-title">{t('subsidy.new')}</h1>
        <span className="spacer" />
        <button type="button" onClick={() => navigate('/subsidies')}>
          {t('common.close')}
        </button>
      </div>
      <p className="muted">{t('subsidy.pickHint')}</p>
      <TextField
        name="applicantQuery"
        type="search"
        label={t('subsidy.pickResident')}
        value={q}
        onChange={setQ}
        autoFocus
      />
      {found.length ? (
        <ul className="pick-list" data-testid="applicant-results">
          {found.map((r) => (
            <li key={r.id} data-id={r.id}>
              <span>
                {r.name} <span className="mono muted">{r.idNumber}</span> {t(`sex.${r.sex}`)} {r.age}
              </span>
              <button
                type="button"
                onClick={() => navigate(`/subsidies/new?residentId=${encodeURIComponent(r.id)}&from=list`)}
              >
                {t('subsidy.applyForThem')}
              </button>
            </li>
          ))}
        </ul>
      ) : q.trim() ? (
        <p className="muted" data-testid="applicant-none">
          {t('subsidy.pickNone')}
        </p>
      ) : null}
    </section>
  );
}

export function NewSubsidyPage({ residentId }: { residentId: string | null }) {
  useLang();
  const today = todayIso();
  const [policies, setPolicies] = useState<PolicyView[]>([]);
  const [eligibility, setEligibility] = useState<PolicyEligibility[]>([]);
  const [employers, setEmployers] = useState<Array<{ id: string; name: string }>>([]);
  const [code, setCode] = useState('');
  const [employerId, setEmployerId] = useState('');
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [docs, setDocs] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [who, setWho] = useState<{ name: string; idNumber: string } | null>(null);

  useEffect(() => {
    let live = true;
    void call('reference.policies', {}).then((r) => live && setPolicies(r.items));
    void call('employers.list', { limit: 500 }).then(
      (r) => live && setEmployers(r.items.map((e) => ({ id: e.id, name: e.name }))),
    );
    if (residentId)
      void call('residents.get', { id: residentId }).then(
        (r) => live && setWho({ name: r.name, idNumber: r.idNumber }),
        () => undefined,
      );
    if (residentId)
      void call('subsidies.eligibility', { residentId }).then((r) => {
        if (!live) return;
        setEligibility(r.items);
        const first = r.items.find((x) => x.eligible);
        if (first) setCode(first.code);
      });
    return () => {
      live = false;
    };
  }, [residentId]);
  const policy = useMemo(() => policies.find((p) => p.code === code) ?? null, [policies, code]);

  async function save() {
    if (!residentId || busy) return;
    setBusy(true);
    setErrors({});
    try {
      const app = await call('subsidies.apply', {
        policyCode: code,
        residentId,
        ...(employerId ? { employerId } : {}),
        period: { from, to },
        amount: Number(amount),
        documents: docs,
      });
      navigate(`/subsidies/${app.id}?saved=1`, { replace: true });
    } catch (e) {
      setMessage({ kind: 'error', text: messageOf(e) });
      setErrors(fieldErrorsOf(e));
    } finally {
      setBusy(false);
    }
  }

  if (!residentId) return <PickApplicant />;
  return (
    <FormPage
      titleId="subsidy-title"
      title={who ? t('subsidy.newFor', { name: who.name }) : t('subsidy.newTitle')}
      keyboardHint
      busy={busy}
      message={message}
      onSave={() => void save()}
      // opened from the list's 新建补贴申请: closing goes back to the list, not to the person
      onClose={() =>
        new URLSearchParams(location.search).get('from') === 'list'
          ? navigate('/subsidies')
          : back(residentId)
      }
      dirty={!!amount || docs.length > 0}
    >
      {who ? (
        <p className="muted" data-testid="subsidy-applicant">
          {t('subsidy.applicantLine', { name: who.name, id: who.idNumber })}
        </p>
      ) : null}
      <h2>{t('subsidy.eligibility', { date: dateLong(today) })}</h2>
      <ul className="plain-list" data-testid="eligibility">
        {eligibility.map((e) => (
          <li key={e.code} data-code={e.code} data-eligible={e.eligible}>
            <strong>{e.name}</strong>{' '}
            {t(e.eligible ? 'subsidy.eligibleWhy' : 'subsidy.notEligibleWhy', {
              why: e.why.map(policyReason).join(t('common.listSep')),
            })}
          </li>
        ))}
      </ul>
      <div className="grid-form">
        <SelectField
          name="policyCode"
          label={t('subsidy.policy')}
          required
          value={code}
          onChange={(v) => {
            setCode(v);
            setDocs([]);
          }}
          placeholder="—"
          options={policies.map((p) => ({ value: p.code, label: p.name }))}
          error={errors.policyCode}
        />
        {policy?.params.applicant === 'employer' ? (
          <SelectField
            name="employerId"
            label={t('subsidy.employer')}
            required
            value={employerId}
            onChange={setEmployerId}
            placeholder="—"
            options={employers.map((e) => ({ value: e.id, label: e.name }))}
            error={errors.employerId}
          />
        ) : null}
        <TextField
          name="period.from"
          type="date"
          label={t('subsidy.periodFrom')}
          required
          value={from}
          onChange={setFrom}
          error={errors['period.from']}
        />
        <TextField
          name="period.to"
          type="date"
          label={t('subsidy.periodTo')}
          required
          value={to}
          onChange={setTo}
          error={errors['period.to']}
        />
        <TextField
          name="amount"
          label={t('subsidy.amount')}
          required
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
          error={errors.amount}
          hint={
            policy
              ? t('subsidy.standard', { amount: money(policy.standard), unit: unitText(policy) })
              : undefined
          }
        />
      </div>
      {policy ? (
        <fieldset className="section" data-field="documents">
          <legend>{t('subsidy.documents')}</legend>
          {policy.documents.map((d) => (
            <CheckboxField
              key={d}
              name={`doc-${d}`}
              label={d}
              checked={docs.includes(d)}
              onChange={(on) => setDocs((list) => (on ? [...list, d] : list.filter((x) => x !== d)))}
            />
          ))}
          {errors.documents ? (
            <div className="field-error" role="alert">
              {errors.documents}
            </div>
          ) : null}
        </fieldset>
      ) : null}
    </FormPage>
  );
}

export function SubsidyPage({ id }: { id: string }) {
  useLang();
  const [app, setApp] = useState<SubsidyApplication | null>(null);
  const [error, setError] = useState<string | null>(null);
  // "saved" is said once, on arrival from the form: the flag leaves the address at once (replacing this
  // history entry), so a reload or a link copied from here does not say it again
  const [saved] = useState(() => new URLSearchParams(location.search).get('saved') === '1');
  useEffect(() => {
    const query = new URLSearchParams(location.search);
    if (!query.has('saved')) return;
    query.delete('saved');
    navigate(`${location.pathname}${query.size ? `?${query}` : ''}`, { replace: true });
  }, []);
  useEffect(() => {
    let live = true;
    call('subsidies.get', { id }).then(
      (a) => live && setApp(a),
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [id]);
  useDeskKeys({ save: () => undefined, close: () => back(app?.residentId ?? null) });
  async function withdraw() {
    if (!app || !window.confirm(t('subsidy.withdrawConfirm', { policy: app.policyName }))) return;
    setError(null);
    try {
      await call('subsidies.withdraw', { id: app.id });
      back(app.residentId);
    } catch (e) {
      setError(messageOf(e));
    }
  }
  return (
    <section className="form-page" aria-labelledby="subsidy-view-title">
      <div className="toolbar sticky">
        <h1 id="subsidy-view-title">
          {app ? `${app.policyName} · ${app.residentName ?? ''}` : t('subsidy.newTitle')}
        </h1>
        <span className="spacer" />
        <button type="button" onClick={() => back(app?.residentId ?? null)}>
          {t('common.close')}
        </button>
        {app && WITHDRAWABLE_STATUSES.includes(app.status) ? (
          <button type="button" className="danger" onClick={() => void withdraw()}>
            {t('subsidy.withdraw')}
          </button>
        ) : null}
        <button
          type="button"
          className="primary"
          disabled={!app}
          onClick={() => window.open(`/print/subsidies/${id}`, '_blank')}
        >
          {t('subsidy.print')}
        </button>
      </div>
      {saved ? (
        <Notice kind="ok" testId="subsidy-saved">
          {t('subsidy.saved')}
        </Notice>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      {app ? (
        <dl className="facts" data-testid="subsidy-view" data-status={app.status}>
          <dt>{t('subsidy.status')}</dt>
          <dd data-testid="subsidy-status">{statusLabel(app.status)}</dd>
          {app.decisionReason ? (
            <>
              <dt>{t('subsidy.decision')}</dt>
              <dd data-testid="subsidy-decision">{app.decisionReason}</dd>
            </>
          ) : null}
          <dt>{t('subsidy.resident')}</dt>
          <dd>
            {app.residentName} {app.idNumberMasked}
          </dd>
          {app.employerName ? (
            <>
              <dt>{t('subsidy.employer')}</dt>
              <dd>{app.employerName}</dd>
            </>
          ) : null}
          <dt>{t('subsidy.period')}</dt>
          <dd>
            {dateLong(app.period.from)} — {dateLong(app.period.to)}
          </dd>
          <dt>{t('subsidy.amount')}</dt>
          <dd>{money(app.amount)}</dd>
          <dt>{t('subsidy.reason')}</dt>
          <dd lang="zh-CN">{app.eligibilityReason}</dd>
          <dt>{t('subsidy.preparedBy')}</dt>
          <dd>
            {app.preparedBy} {dateLong(app.preparedOn)}
          </dd>
          {app.decidedOn ? (
            <>
              <dt>{t('subsidy.decidedOn')}</dt>
              <dd>{dateLong(app.decidedOn)}</dd>
            </>
          ) : null}
          {app.paidOn ? (
            <>
              <dt>{t('subsidy.paidOn')}</dt>
              <dd>{dateLong(app.paidOn)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </section>
  );
}
