// One field changed for one operator by an admin, opened inline under that operator's row: 重置密码 (the new
// password typed once; the admin tells it to the person, who then changes it) and 改电话 (issue 15: the phone
// fills the contact cards that operator makes; the station checks and normalises it, '' clears it). The
// station's rule for the field shows beside it.
import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { Operator } from '../../../shared/contract';
import { t } from '../i18n';
import { TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';

const KINDS = {
  password: {
    testId: 'reset',
    name: 'resetPassword',
    type: 'password',
    autoComplete: 'new-password',
    initial: () => '',
    label: (name: string) => t('settings.resetFor', { name }),
    submit: () => t('settings.resetSubmit'),
    errorField: 'newPassword',
    save: (id: string, value: string) => call('operators.resetPassword', { id, newPassword: value }),
    done: (name: string) => t('settings.resetDone', { name }),
  },
  phone: {
    testId: 'phone',
    name: 'operatorPhone',
    type: 'tel',
    autoComplete: undefined,
    initial: (o: Operator) => o.phone ?? '',
    label: (name: string) => t('settings.phoneFor', { name }),
    submit: () => t('common.save'),
    errorField: 'phone',
    save: (id: string, value: string) => call('operators.setPhone', { id, phone: value.trim() }),
    done: (name: string) => t('settings.phoneDone', { name }),
  },
} as const;

export function OperatorRowForm(p: {
  kind: keyof typeof KINDS;
  operator: Operator;
  colSpan: number;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const k = KINDS[p.kind];
  const [value, setValue] = useState(() => k.initial(p.operator));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await k.save(p.operator.id, value);
      p.onDone(k.done(p.operator.displayName));
    } catch (err) {
      setError(fieldErrorsOf(err)[k.errorField] ?? messageOf(err));
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
          data-testid={`${k.testId}-${p.operator.username}`}
        >
          <TextField
            name={k.name}
            type={k.type}
            label={k.label(p.operator.displayName)}
            value={value}
            onChange={setValue}
            error={error || undefined}
            autoComplete={k.autoComplete}
            autoFocus
          />
          <button type="submit" className="primary" disabled={busy}>
            {k.submit()}
          </button>
          <button type="button" onClick={p.onCancel}>
            {t('common.cancel')}
          </button>
        </form>
      </td>
    </tr>
  );
}
