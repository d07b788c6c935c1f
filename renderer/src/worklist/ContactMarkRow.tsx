// 今日工作: marking a row contacted (issue 15) — 电话 / 上门 / 未联系上, a note, and the date the person
// is due again (30 days after a contact, 3 after a failed try, unless changed). Saved as a service on the
// person; the row leaves the list until that date.
import { useState } from 'react';
import { call } from '../api/client';
import type { WorkItem } from '../../../shared/contract';
import {
  CONTACT_HOW,
  CONTACT_NEXT_DAYS,
  type ContactHow,
  type ContactMark,
} from '../../../shared/contract/deskLife';
import { addDays } from '../../../shared/domain/dates';
import { t } from '../i18n';
import { todayIso } from '../format';
import { Notice, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';

export function ContactMarkRow(p: {
  item: WorkItem;
  colSpan: number;
  onDone: (mark: ContactMark) => void;
  onCancel: () => void;
}) {
  const today = todayIso();
  const [how, setHow] = useState<ContactHow | ''>('');
  const [note, setNote] = useState('');
  const [nextDue, setNextDue] = useState('');
  const [nextTouched, setNextTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const name = p.item.resident.name;

  function choose(h: ContactHow) {
    setHow(h);
    setErrors((e) => ({ ...e, how: '' }));
    if (!nextTouched) setNextDue(addDays(today, CONTACT_NEXT_DAYS[h]));
  }

  async function save() {
    const e: FieldErrors = {};
    if (!how) e.how = t('contact.err.how');
    if (nextDue && nextDue <= today) e.nextDue = t('contact.err.nextDue');
    setErrors(e);
    if (Object.values(e).some(Boolean) || !how) return;
    setBusy(true);
    try {
      const mark = await call('worklist.markContacted', {
        residentId: p.item.resident.id,
        ...(p.item.kind === 'measure' && p.item.measure ? { measureId: p.item.measure.id } : {}),
        how,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(nextDue ? { nextDue } : {}),
      });
      p.onDone(mark);
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr className="inline-form" data-testid="contact-form">
      <td colSpan={p.colSpan}>
        <fieldset className="card">
          <legend>{t('contact.markFor', { name })}</legend>
          {message ? <Notice kind="error">{message}</Notice> : null}
          <div className="form-grid">
            <div className={`field ${errors.how ? 'has-error' : ''}`} data-field="how">
              <span className="label-like" id="contact-how-label">
                {t('contact.how')}
              </span>
              <div role="radiogroup" aria-labelledby="contact-how-label" className="views">
                {CONTACT_HOW.map((h) => (
                  <label key={h} className="radio">
                    <input
                      type="radio"
                      name="contact-how"
                      value={h}
                      checked={how === h}
                      onChange={() => choose(h)}
                    />
                    {t(`contact.how.${h}`)}
                  </label>
                ))}
              </div>
              {errors.how ? (
                <div className="field-error" role="alert">
                  {errors.how}
                </div>
              ) : null}
            </div>
            <TextField
              name="contact.note"
              label={t('contact.note')}
              value={note}
              maxLength={300}
              onChange={setNote}
              error={errors.note}
            />
            <TextField
              name="contact.nextDue"
              label={t('contact.nextDue')}
              type="date"
              value={nextDue}
              onChange={(v) => {
                setNextTouched(true);
                setNextDue(v);
              }}
              error={errors.nextDue}
            />
          </div>
          <div className="row-actions">
            <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
              {t('contact.save')}
            </button>{' '}
            <button type="button" onClick={p.onCancel}>
              {t('contact.cancel')}
            </button>
          </div>
        </fieldset>
      </td>
    </tr>
  );
}
