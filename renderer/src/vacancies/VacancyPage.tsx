// One vacancy: the employer picked by search, title, positions, wage range, validity and status.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import { VACANCY_STATUSES, type Employer, type Vacancy } from '../../../shared/domain/employer';
import { navigate } from '../router';
import { t } from '../i18n';
import { todayIso } from '../format';
import { Notice, SelectField, TextArea, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { formKeys } from '../ui/keyboard';

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
  };
}

const num = (s: string) => s.trim().replace(/[,，¥￥元\s]/g, '');

export function VacancyPage({ id }: { id: string | null }) {
  const [vacancy, setVacancy] = useState<Vacancy | null>(null);
  const [form, setForm] = useState<Form>(emptyForm);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Employer[]>([]);

  useEffect(() => {
    if (!id) return;
    call('vacancies.get', { id }).then(
      (v) => {
        setVacancy(v);
        setForm(toForm(v));
      },
      (e) => setMessage({ kind: 'error', text: messageOf(e) }),
    );
  }, [id]);

  useEffect(() => {
    if (!q.trim()) return setFound([]);
    let live = true;
    const h = setTimeout(() => {
      call('employers.search', { query: q.trim(), limit: 10 }).then(
        (r) => live && setFound(r.items),
        () => live && setFound([]),
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [q]);

  const set = (k: keyof Form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => ({ ...e, [k]: '' }));
  };

  async function save() {
    const local: FieldErrors = {};
    if (!form.employerId) local.employerId = t('vacancy.employerSearch');
    if (!form.title.trim()) local.title = t('err.required');
    for (const k of ['positions', 'wageMin', 'wageMax'] as const)
      if (num(form[k]) && !Number.isFinite(Number(num(form[k])))) local[k] = t('err.number');
    if (!num(form.positions)) local.positions = t('err.required');
    if (Object.keys(local).length) {
      setErrors(local);
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
    };
    setBusy(true);
    try {
      const v = id
        ? await call('vacancies.update', { id, ...common })
        : await call('vacancies.create', { employerId: form.employerId, ...common });
      setErrors({});
      if (!id) {
        navigate(`/vacancies/${v.id}`, { replace: true });
        return;
      }
      setVacancy(v);
      setForm(toForm(v));
      setMessage({ kind: 'ok', text: t('common.saved') });
    } catch (e) {
      setErrors(fieldErrorsOf(e));
      setMessage({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  const title = id ? t('vacancy.editTitle', { name: vacancy?.title ?? '' }) : t('vacancy.newTitle');
  return (
    <section
      className="form-page"
      aria-labelledby="vacancy-title"
      onKeyDown={formKeys({ save: () => void save(), close: () => navigate('/vacancies') })}
    >
      <div className="toolbar sticky">
        <h1 id="vacancy-title">{title}</h1>
        {vacancy?.expired ? <span className="badge">{t('vacancy.expired')}</span> : null}
        <span className="spacer" />
        <span className="muted small">{t('common.keyboardHint')}</span>
        <button type="button" onClick={() => navigate('/vacancies')}>
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
          <TextField
            name="title"
            label={t('vacancy.title')}
            required
            value={form.title}
            onChange={(v) => set('title', v)}
            error={errors.title}
          />
          <TextField
            name="occupation"
            label={t('vacancy.occupation')}
            value={form.occupation}
            onChange={(v) => set('occupation', v)}
            error={errors.occupation}
          />
          <TextField
            name="positions"
            label={t('vacancy.positions')}
            required
            inputMode="numeric"
            value={form.positions}
            onChange={(v) => set('positions', v)}
            error={errors.positions}
          />
          <TextField
            name="wageMin"
            label={t('vacancy.wageMin')}
            inputMode="decimal"
            value={form.wageMin}
            onChange={(v) => set('wageMin', v)}
            error={errors.wageMin}
          />
          <TextField
            name="wageMax"
            label={t('vacancy.wageMax')}
            inputMode="decimal"
            value={form.wageMax}
            onChange={(v) => set('wageMax', v)}
            error={errors.wageMax}
          />
          <TextField
            name="validFrom"
            type="date"
            label={t('vacancy.validFrom')}
            required
            value={form.validFrom}
            onChange={(v) => set('validFrom', v)}
            error={errors.validFrom}
          />
          <TextField
            name="validTo"
            type="date"
            label={t('vacancy.validTo')}
            required
            value={form.validTo}
            onChange={(v) => set('validTo', v)}
            error={errors.validTo}
          />
          <SelectField
            name="status"
            label={t('vacancy.status')}
            value={form.status}
            onChange={(v) => set('status', v)}
            options={VACANCY_STATUSES.map((s) => ({ value: s, label: t(`opt.vstatus.${s}`) }))}
          />
          <TextArea
            name="requirements"
            label={t('vacancy.requirements')}
            value={form.requirements}
            onChange={(v) => set('requirements', v)}
            error={errors.requirements}
          />
        </div>
      </fieldset>
    </section>
  );
}
