// One employer: the credit code checked as it is typed (GB 32100, the same validator as the station),
// name, industry, size, address and contacts.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import { EMPLOYER_SIZES, type Employer } from '../../../shared/domain/employer';
import { parseCreditCode } from '../../../shared/validators/creditCode';
import { navigate } from '../router';
import { t } from '../i18n';
import { Notice, SelectField, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { formKeys } from '../ui/keyboard';

interface Contact {
  name: string;
  phone: string;
  role: string;
}
interface Form {
  creditCode: string;
  name: string;
  industry: string;
  size: string;
  address: string;
  contacts: Contact[];
}
const empty: Form = {
  creditCode: '',
  name: '',
  industry: '',
  size: '',
  address: '',
  contacts: [{ name: '', phone: '', role: '' }],
};

function toForm(e: Employer): Form {
  return {
    creditCode: e.creditCode,
    name: e.name,
    industry: e.industry ?? '',
    size: e.size ?? '',
    address: e.address ?? '',
    contacts: e.contacts.map((c) => ({ name: c.name, phone: c.phone ?? '', role: c.role ?? '' })),
  };
}

export function EmployerPage({ id }: { id: string | null }) {
  const [employer, setEmployer] = useState<Employer | null>(null);
  const [form, setForm] = useState<Form>(empty);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    call('employers.get', { id }).then(
      (e) => {
        setEmployer(e);
        setForm(toForm(e));
      },
      (e) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
  }, [id]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };
  const credit = form.creditCode.trim() ? parseCreditCode(form.creditCode) : null;
  // the full length is needed before "wrong length" is worth saying
  const creditError =
    credit && !credit.ok && (credit.error.code !== 'length' || form.creditCode.replace(/\s/g, '').length > 18)
      ? credit.error.message
      : undefined;

  async function save() {
    const local: FieldErrors = {};
    if (!credit) local.creditCode = t('err.required');
    else if (!credit.ok) local.creditCode = credit.error.message;
    if (!form.name.trim()) local.name = t('err.required');
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    const input = {
      creditCode: form.creditCode,
      name: form.name.trim(),
      industry: form.industry.trim() || null,
      size: (form.size || null) as Employer['size'],
      address: form.address.trim() || null,
      contacts: form.contacts
        .filter((c) => c.name.trim() || c.phone.trim() || c.role.trim())
        .map((c) => ({
          name: c.name.trim(),
          ...(c.phone.trim() ? { phone: c.phone.trim() } : {}),
          ...(c.role.trim() ? { role: c.role.trim() } : {}),
        })),
    };
    setBusy(true);
    try {
      const e = id ? await call('employers.update', { id, ...input }) : await call('employers.create', input);
      setErrors({});
      if (!id) {
        navigate(`/employers/${e.id}`, { replace: true });
        return;
      }
      setEmployer(e);
      setForm(toForm(e));
      setMessage({ kind: 'ok', text: t('common.saved') });
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  const setContact = (i: number, patch: Partial<Contact>) =>
    set(
      'contacts',
      form.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    );
  const title = id ? t('employer.editTitle', { name: employer?.name ?? '' }) : t('employer.newTitle');
  return (
    <section
      className="form-page"
      aria-labelledby="employer-title"
      onKeyDown={formKeys({ save: () => void save(), close: () => navigate('/employers') })}
    >
      <div className="toolbar sticky">
        <h1 id="employer-title">{title}</h1>
        <span className="spacer" />
        <span className="muted small">{t('common.keyboardHint')}</span>
        <button type="button" onClick={() => navigate('/employers')}>
          {t('common.close')}
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
          {t('common.save')}
        </button>
      </div>
      {message ? (
        <Notice kind={message.kind} testId="form-message">
          {message.text}
        </Notice>
      ) : null}
      <fieldset className="card">
        <div className="form-grid">
          <TextField
            name="creditCode"
            label={t('employer.creditCode')}
            required
            value={form.creditCode}
            onChange={(v) => set('creditCode', v)}
            error={errors.creditCode || creditError}
            hint={credit?.ok ? <span data-testid="credit-ok">✓ {t('employer.creditOk')}</span> : undefined}
            className="mono-input"
            maxLength={24}
            autoFocus={!id}
          />
          <TextField
            name="name"
            label={t('employer.name')}
            required
            value={form.name}
            onChange={(v) => set('name', v)}
            error={errors.name}
            className="wide"
          />
          <TextField
            name="industry"
            label={t('employer.industry')}
            value={form.industry}
            onChange={(v) => set('industry', v)}
            error={errors.industry}
          />
          <SelectField
            name="size"
            label={t('employer.size')}
            value={form.size}
            onChange={(v) => set('size', v)}
            placeholder="—"
            options={EMPLOYER_SIZES.map((s) => ({ value: s, label: t(`opt.size.${s}`) }))}
          />
          <TextField
            name="address"
            label={t('employer.address')}
            value={form.address}
            onChange={(v) => set('address', v)}
            error={errors.address}
            className="wide"
          />
        </div>
      </fieldset>
      <fieldset className="card">
        <legend>{t('employer.contacts')}</legend>
        {form.contacts.map((c, i) => (
          <div className="row-inline" key={i}>
            <TextField
              name={`contacts.${i}.name`}
              label={t('employer.contact.name')}
              value={c.name}
              onChange={(v) => setContact(i, { name: v })}
              error={errors[`contacts.${i}.name`]}
            />
            <TextField
              name={`contacts.${i}.phone`}
              type="tel"
              label={t('employer.contact.phone')}
              value={c.phone}
              onChange={(v) => setContact(i, { phone: v })}
              error={errors[`contacts.${i}.phone`]}
            />
            <TextField
              name={`contacts.${i}.role`}
              label={t('employer.contact.role')}
              value={c.role}
              onChange={(v) => setContact(i, { role: v })}
            />
            <button
              type="button"
              className="link danger"
              onClick={() =>
                set(
                  'contacts',
                  form.contacts.filter((_, j) => j !== i),
                )
              }
            >
              {t('common.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="small-btn"
          onClick={() => set('contacts', [...form.contacts, { name: '', phone: '', role: '' }])}
        >
          {t('employer.contact.add')}
        </button>
      </fieldset>
    </section>
  );
}
