// A resident's lifecycle (issue 15): moved away (to a community of this district, when the district's
// transfer will carry the record, or elsewhere), retired, deceased, left working age — with a date and a
// reason, checked here as the station checks it (not after today, not before birth). Shown at the top of
// the record; undone back to "in the book" only after a confirmation. Nothing is ever deleted.
import { useEffect, useState } from 'react';
import { call } from '../api/client';
import type { Resident } from '../../../shared/domain/resident';
import type { Community } from '../../../shared/contract';
import { LIFECYCLE_STATES, type LifecycleState } from '../../../shared/domain/lifecycle';
import { t } from '../i18n';
import { dateLong, todayIso } from '../format';
import { Notice, SelectField, TextArea, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';

interface Form {
  state: LifecycleState | '';
  date: string;
  reason: string;
  toCommunity: string;
  destination: string;
}
const EMPTY: Form = { state: '', date: '', reason: '', toCommunity: '', destination: '' };

export function checkLifecycle(f: Form, birthDate: string, today: string): FieldErrors {
  const e: FieldErrors = {};
  if (!f.state) e.state = t('life.err.kind');
  if (!f.date) e.date = t('life.err.date');
  else if (f.date > today) e.date = t('life.err.future');
  else if (f.date < birthDate) e.date = t('life.err.beforeBirth', { birth: birthDate });
  if (f.reason.trim().length < 2) e.reason = t('life.err.reason');
  return e;
}

export function LifecyclePanel(p: { resident: Resident; onChange: (r: Resident) => void }) {
  const r = p.resident;
  const l = r.lifecycle;
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState(false);
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [communities, setCommunities] = useState<Community[]>([]);
  const today = todayIso();

  useEffect(() => {
    if (!open || communities.length) return;
    call('reference.communities', {}).then(
      (c) => setCommunities(c.items.filter((x) => x.code !== r.communityCode)),
      () => undefined,
    );
  }, [open]);

  const set = <K extends keyof Form>(k: K, v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setErrors((e) => {
      const { [k]: _, ...rest } = e;
      return rest;
    });
  };

  async function save() {
    const e = checkLifecycle(form, r.birthDate, today);
    setErrors(e);
    if (Object.keys(e).length || !form.state) return;
    try {
      const moved = form.state === 'moved_away';
      const saved = await call('residents.setLifecycle', {
        id: r.id,
        lifecycle: {
          state: form.state,
          date: form.date,
          reason: form.reason.trim(),
          ...(moved && form.toCommunity ? { toCommunity: form.toCommunity } : {}),
          ...(moved && form.destination.trim() ? { destination: form.destination.trim() } : {}),
        },
      });
      setOpen(false);
      setForm(EMPTY);
      setMessage({ kind: 'ok', text: t('life.saved', { state: t(`life.state.${form.state}`) }) });
      p.onChange(saved);
    } catch (err) {
      const fe = fieldErrorsOf(err);
      setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k.replace(/^lifecycle\./, ''), v])));
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  }

  async function undo() {
    try {
      const saved = await call('residents.setLifecycle', { id: r.id, lifecycle: null });
      setAsking(false);
      setMessage({ kind: 'ok', text: t('life.restored') });
      p.onChange(saved);
    } catch (err) {
      setMessage({ kind: 'error', text: messageOf(err) });
    }
  }

  const toName = (code: string | undefined) => communities.find((c) => c.code === code)?.name ?? code ?? '';
  useEffect(() => {
    // the banner names the community moved to
    if (l?.toCommunity && !communities.length)
      call('reference.communities', {}).then(
        (c) => setCommunities(c.items.filter((x) => x.code !== r.communityCode)),
        () => undefined,
      );
  }, [l?.toCommunity]);

  return (
    <section className="card lifecycle" aria-labelledby="life-title" data-testid="lifecycle-panel">
      <h2 id="life-title">
        {t('life.title')}：
        <span className={l ? 'badge warn' : 'badge'} data-testid="lifecycle-state">
          {l ? t(`life.state.${l.state}`) : t('life.active')}
        </span>
      </h2>
      {message ? (
        <Notice kind={message.kind} testId="lifecycle-message">
          {message.text}
        </Notice>
      ) : null}
      {l ? (
        <Notice kind="warn" testId="lifecycle-banner">
          {t('life.banner', { state: t(`life.state.${l.state}`), date: dateLong(l.date), reason: l.reason })}
          {l.toCommunity || l.destination ? (
            <>
              {' '}
              {t('life.bannerTo', {
                to: [l.toCommunity ? toName(l.toCommunity) : '', l.destination ?? '']
                  .filter(Boolean)
                  .join(' '),
              })}
            </>
          ) : null}
          <br />
          {t('life.bannerNote')}
        </Notice>
      ) : (
        <p className="muted small">{t('life.activeNote')}</p>
      )}
      {l && !asking ? (
        <button type="button" onClick={() => setAsking(true)}>
          {t('life.undo')}
        </button>
      ) : null}
      {asking ? (
        <div
          className="notice warn"
          role="alertdialog"
          aria-labelledby="life-undo-ask"
          data-testid="lifecycle-undo-ask"
        >
          <span id="life-undo-ask">{t('life.undoAsk', { name: r.name })}</span>{' '}
          <button type="button" className="primary" onClick={() => void undo()}>
            {t('life.undoConfirm')}
          </button>{' '}
          <button type="button" autoFocus onClick={() => setAsking(false)}>
            {t('life.cancel')}
          </button>
        </div>
      ) : null}
      {!l && !open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t('life.mark')}
        </button>
      ) : null}
      {!l && open ? (
        <div className="form-grid" data-testid="lifecycle-form">
          <SelectField
            name="life.state"
            label={t('life.kind')}
            required
            value={form.state}
            placeholder="—"
            onChange={(v) => set('state', v as LifecycleState)}
            options={LIFECYCLE_STATES.map((s) => ({ value: s, label: t(`life.state.${s}`) }))}
            error={errors.state}
          />
          <TextField
            name="life.date"
            label={t('life.date')}
            type="date"
            required
            value={form.date}
            onChange={(v) => set('date', v)}
            error={errors.date}
          />
          {form.state === 'moved_away' ? (
            <>
              <SelectField
                name="life.toCommunity"
                label={t('life.toCommunity')}
                value={form.toCommunity}
                placeholder={t('life.toCommunityNone')}
                onChange={(v) => set('toCommunity', v)}
                options={communities.map((c) => ({ value: c.code, label: `${c.streetName} ${c.name}` }))}
                error={errors.toCommunity}
                hint={
                  form.toCommunity ? t('life.transferNote', { name: toName(form.toCommunity) }) : undefined
                }
              />
              <TextField
                name="life.destination"
                label={t('life.destination')}
                value={form.destination}
                maxLength={100}
                onChange={(v) => set('destination', v)}
                error={errors.destination}
              />
            </>
          ) : null}
          <TextArea
            name="life.reason"
            label={t('life.reason')}
            required
            value={form.reason}
            onChange={(v) => set('reason', v)}
            error={errors.reason}
          />
          <div className="row-actions">
            <button type="button" className="primary" onClick={() => void save()}>
              {t('life.save')}
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setForm(EMPTY);
                setErrors({});
              }}
            >
              {t('life.cancel')}
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
