// One employer: the credit code checked as it is typed (GB 32100, the same validator as the station),
// name, industry, size, address and contacts.
import { call } from '../api/client';
import { EMPLOYER_SIZES, type Employer } from '../../../shared/domain/employer';
import { parseCreditCode } from '../../../shared/validators/creditCode';
import { navigate } from '../router';
import { t } from '../i18n';
import { SelectField, TextField } from '../ui/fields';
import type { FieldErrors } from '../ui/errors';
import { FormPage } from '../ui/FormPage';
import { useEntityForm } from '../ui/useEntityForm';

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
  const {
    form,
    set,
    bind,
    errors,
    setErrors,
    entity: employer,
    message,
    busy,
    save,
    dirty,
  } = useEntityForm({
    id,
    initial: empty,
    toForm,
    load: (id) => call('employers.get', { id }),
    listPath: '/employers',
    clearErrorOnEdit: true,
  });
  const credit = form.creditCode.trim() ? parseCreditCode(form.creditCode) : null;
  // the full length is needed before "wrong length" is worth saying
  const creditError =
    credit && !credit.ok && (credit.error.code !== 'length' || form.creditCode.replace(/\s/g, '').length > 18)
      ? credit.error.message
      : undefined;

  async function submit() {
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
    await save(() => (id ? call('employers.update', { id, ...input }) : call('employers.create', input)));
  }

  const setContact = (i: number, patch: Partial<Contact>) =>
    set(
      'contacts',
      form.contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)),
    );
  const title = id ? t('employer.editTitle', { name: employer?.name ?? '' }) : t('employer.newTitle');
  return (
    <FormPage
      titleId="employer-title"
      dirty={dirty}
      title={title}
      keyboardHint
      busy={busy}
      message={message}
      onSave={() => void submit()}
      onClose={() => navigate('/employers')}
    >
      <fieldset className="card">
        <div className="form-grid">
          <TextField
            {...bind('creditCode')}
            label={t('employer.creditCode')}
            required
            error={errors.creditCode || creditError}
            hint={
              credit?.ok ? (
                <span className="hint-ok" data-testid="credit-ok">
                  ✓ {t('employer.creditOk')}
                </span>
              ) : undefined
            }
            className="mono-input"
            maxLength={24}
            autoFocus={!id}
          />
          <TextField {...bind('name')} label={t('employer.name')} required className="wide" />
          <TextField {...bind('industry')} label={t('employer.industry')} />
          <SelectField
            {...bind('size')}
            label={t('employer.size')}
            placeholder="—"
            options={EMPLOYER_SIZES.map((s) => ({ value: s, label: t(`opt.size.${s}`) }))}
          />
          <TextField {...bind('address')} label={t('employer.address')} className="wide" />
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
    </FormPage>
  );
}
