// One vacancy: the employer picked by search, title, positions, wage range, validity and status.
import { useState } from 'react';
import { call } from '../api/client';
import {
  EDUCATION_LEVELS,
  VACANCY_STATUSES,
  type Employer,
  type Vacancy,
} from '../../../shared/domain/employer';
import { CodePicker } from '../matching/CodePicker';
import { navigate } from '../router';
import { t } from '../i18n';
import { todayIso } from '../format';
import { CheckboxField, SelectField, TextArea, TextField } from '../ui/fields';
import type { FieldErrors } from '../ui/errors';
import { FormPage } from '../ui/FormPage';
import { useEntityForm } from '../ui/useEntityForm';
import { useQuickSearch } from '../ui/useQuickSearch';
import { PlausibilityWarnings, warningText } from '../ui/PlausibilityWarnings';
import { impossibleVacancy, vacancyWarnings } from '../../../shared/domain/plausibility';

interface Form {
  employerId: string;
  employerName: string;
  title: string;
  occupation: string;
  positions: string;
  wageMin: string;
  wageMax: string;
  requirements: string;
  validFrom: string;
  validTo: string;
  status: string;
  occupationCode: string;
  industryCode: string;
  ageMin: string;
  ageMax: string;
  education: string;
  shared: boolean;
}

function emptyForm(): Form {
  const today = todayIso();
  const to = new Date(Date.parse(today) + 90 * 86_400_000).toISOString().slice(0, 10);
  return {
    employerId: '',
    employerName: '',
    title: '',
    occupation: '',
    positions: '1',
    wageMin: '',
    wageMax: '',
    requirements: '',
    validFrom: today,
    validTo: to,
    status: 'open',
    occupationCode: '',
    industryCode: '',
    ageMin: '',
    ageMax: '',
    education: '',
    shared: true,
  };
}

function toForm(v: Vacancy): Form {
  return {
    employerId: v.employerId,
    employerName: v.employerName,
    title: v.title,
    occupation: v.occupation ?? '',
    positions: String(v.positions),
    wageMin: v.wageMin === null ? '' : String(v.wageMin),
    wageMax: v.wageMax === null ? '' : String(v.wageMax),
    requirements: v.requirements ?? '',
    validFrom: v.validFrom,
    validTo: v.validTo,
    status: v.status,
    occupationCode: v.occupationCode ?? '',
    industryCode: v.industryCode ?? '',
    ageMin: v.ageMin === null ? '' : String(v.ageMin),
    ageMax: v.ageMax === null ? '' : String(v.ageMax),
    education: v.education ?? '',
    shared: v.shared,
  };
}

const num = (s: string) => s.trim().replace(/[,，¥￥元\s]/g, '');

export function VacancyPage({ id }: { id: string | null }) {
  const {
    form,
    setForm,
    bind,
    errors,
    setErrors,
    entity: vacancy,
    message,
    busy,
    save,
    dirty,
    setMessage,
  } = useEntityForm({
    id,
    initial: emptyForm,
    toForm,
    load: (id) => call('vacancies.get', { id }),
    listPath: '/vacancies',
    clearErrorOnEdit: true,
  });
  const [q, setQ] = useState('');
  const [confirmedWarnings, setConfirmedWarnings] = useState('');
  const found = useQuickSearch<Employer>(q, (query) => call('employers.search', { query, limit: 10 }));

  async function submit() {
    const local: FieldErrors = {};
    for (const p of impossibleVacancy({ status: form.status, validTo: form.validTo }, todayIso()))
      local[p.path] = warningText(p);
    if (!form.employerId) local.employerId = t('vacancy.employerSearch');
    if (!form.title.trim()) local.title = t('err.required');
    for (const k of ['positions', 'wageMin', 'wageMax', 'ageMin', 'ageMax'] as const)
      if (num(form[k]) && !Number.isFinite(Number(num(form[k])))) local[k] = t('err.number');
    if (!num(form.positions)) local.positions = t('err.required');
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    if (warningsKey && confirmedWarnings !== warningsKey) {
      setMessage({ kind: 'error', text: t('plaus.confirmFirst') });
      return;
    }
    const common = {
      title: form.title.trim(),
      occupation: form.occupation.trim() || null,
      positions: Number(num(form.positions)),
      wageMin: num(form.wageMin) ? Number(num(form.wageMin)) : null,
      wageMax: num(form.wageMax) ? Number(num(form.wageMax)) : null,
      requirements: form.requirements.trim() || null,
      validFrom: form.validFrom,
      validTo: form.validTo,
      status: form.status as Vacancy['status'],
      occupationCode: form.occupationCode || null,
      industryCode: form.industryCode || null,
      ageMin: num(form.ageMin) ? Number(num(form.ageMin)) : null,
      ageMax: num(form.ageMax) ? Number(num(form.ageMax)) : null,
      education: (form.education || null) as Vacancy['education'],
      shared: form.shared,
    };
    await save(() =>
      id
        ? call('vacancies.update', { id, ...common })
        : call('vacancies.create', { employerId: form.employerId, ...common }),
    );
  }

  const wage = (v: string) => (num(v) && Number.isFinite(Number(num(v))) ? Number(num(v)) : null);
  const warnings = vacancyWarnings({ wageMin: wage(form.wageMin), wageMax: wage(form.wageMax) });
  const warningsKey = warnings.map((w) => `${w.kind}:${w.params?.wage ?? ''}`).join(',');
  const title = id ? t('vacancy.editTitle', { name: vacancy?.title ?? '' }) : t('vacancy.newTitle');
  return (
    <FormPage
      titleId="vacancy-title"
      dirty={dirty}
      title={title}
      badge={vacancy?.expired ? <span className="badge">{t('vacancy.expired')}</span> : null}
      keyboardHint
      busy={busy}
      message={message}
      onSave={() => void submit()}
      onClose={() => navigate('/vacancies')}
    >
      <PlausibilityWarnings
        warnings={warnings}
        confirmed={!!warningsKey && confirmedWarnings === warningsKey}
        onConfirm={(v) => setConfirmedWarnings(v ? warningsKey : '')}
      />
      <fieldset className="card">
        <legend>{t('vacancy.employer')}</legend>
        {form.employerId ? (
          <p data-testid="employer-picked">{t('vacancy.employerPicked', { name: form.employerName })}</p>
        ) : null}
        {!id ? (
          <>
            <TextField
              name="employerId"
              type="search"
              label={t('vacancy.employerSearch')}
              value={q}
              onChange={setQ}
              error={errors.employerId}
              autoFocus
            />
            {found.length ? (
              <ul className="pick-list" data-testid="employer-results">
                {found.map((e) => (
                  <li key={e.id}>
                    <span>
                      {e.name} <span className="mono muted">{e.creditCode}</span>
                    </span>
                    <button
                      type="button"
                      className="small-btn"
                      onClick={() => {
                        setForm((f) => ({ ...f, employerId: e.id, employerName: e.name }));
                        setErrors((x) => ({ ...x, employerId: '' }));
                        setQ('');
                      }}
                      aria-label={`${t('vacancy.pick')} ${e.name}`}
                    >
                      {t('vacancy.pick')}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </fieldset>
      <fieldset className="card">
        <div className="form-grid">
          <TextField {...bind('title')} label={t('vacancy.title')} required />
          <TextField {...bind('occupation')} label={t('vacancy.occupation')} />
          <TextField {...bind('positions')} label={t('vacancy.positions')} required inputMode="numeric" />
          <TextField {...bind('wageMin')} label={t('vacancy.wageMin')} inputMode="decimal" />
          <TextField {...bind('wageMax')} label={t('vacancy.wageMax')} inputMode="decimal" />
          <TextField {...bind('validFrom')} type="date" label={t('vacancy.validFrom')} required />
          <TextField {...bind('validTo')} type="date" label={t('vacancy.validTo')} required />
          <SelectField
            {...bind('status')}
            label={t('vacancy.status')}
            options={VACANCY_STATUSES.map((s) => ({ value: s, label: t(`opt.vstatus.${s}`) }))}
          />
          <TextField {...bind('ageMin')} label={t('vacancy.ageMin')} inputMode="numeric" />
          <TextField {...bind('ageMax')} label={t('vacancy.ageMax')} inputMode="numeric" />
          <SelectField
            {...bind('education')}
            label={t('vacancy.education')}
            placeholder="—"
            options={EDUCATION_LEVELS.map((e) => ({ value: e, label: t(`opt.education.${e}`) }))}
          />
          <CheckboxField
            name="shared"
            label={t('vacancy.shared')}
            checked={form.shared}
            onChange={(v) => setForm((f) => ({ ...f, shared: v }))}
          />
          <CodePicker
            name="occupationCode"
            label={t('vacancy.occupationCode')}
            vocab="occupations"
            value={form.occupationCode ? [form.occupationCode] : []}
            onChange={(c) => setForm((f) => ({ ...f, occupationCode: c[0] ?? '' }))}
            error={errors.occupationCode}
          />
          <CodePicker
            name="industryCode"
            label={t('vacancy.industryCode')}
            vocab="industries"
            value={form.industryCode ? [form.industryCode] : []}
            onChange={(c) => setForm((f) => ({ ...f, industryCode: c[0] ?? '' }))}
            error={errors.industryCode}
          />
          <TextArea {...bind('requirements')} label={t('vacancy.requirements')} />
          {vacancy ? (
            <p className="muted wide" data-testid="vacancy-hired">
              {t('vacancy.hired', { n: vacancy.hired, open: vacancy.openPositions })}
            </p>
          ) : null}
        </div>
      </fieldset>
    </FormPage>
  );
}
