// An admin's 改电话 for one operator (issue 15), opened inline under that operator's row: the phone fills
// the contact cards that operator makes; the station checks and normalises it, '' clears it.
import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { Operator } from '../../../shared/contract';
import { t } from '../i18n';
import { TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';

export function SetPhoneRow(p: {
  operator: Operator;
  colSpan: number;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const [phone, setPhone] = useState(p.operator.phone ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await call('operators.setPhone', { id: p.operator.id, phone: phone.trim() });
      p.onDone(t('settings.phoneDone', { name: p.operator.displayName }));
    } catch (err) {
      setError(fieldErrorsOf(err).phone ?? messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr className="inline-form-row">
      <td colSpan={p.colSpan}>
        <form
          className="inline-form"
          onSubmit={submit}
          noValidate
          data-testid={`phone-${p.operator.username}`}
        >
          <TextField
            name="operatorPhone"
            type="tel"
            label={t('settings.phoneFor', { name: p.operator.displayName })}
            value={phone}
            onChange={setPhone}
            error={error || undefined}
            autoFocus
          />
          <button type="submit" className="primary" disabled={busy}>
            {t('common.save')}
          </button>
          <button type="button" onClick={p.onCancel}>
            {t('common.cancel')}
          </button>
        </form>
      </td>
    </tr>
  );
}
