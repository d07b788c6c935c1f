// An admin's 重置密码 for one operator, opened inline under that operator's row: the new password is typed
// once (the admin tells it to the person, who then changes it), the station's length rule shows beside it.
import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import type { Operator } from '../../../shared/contract';
import { t } from '../i18n';
import { TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';

export function ResetPasswordRow(p: {
  operator: Operator;
  colSpan: number;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      await call('operators.resetPassword', { id: p.operator.id, newPassword: password });
      p.onDone(t('settings.resetDone', { name: p.operator.displayName }));
    } catch (err) {
      setError(fieldErrorsOf(err).newPassword ?? messageOf(err));
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
          data-testid={`reset-${p.operator.username}`}
        >
          <TextField
            name="resetPassword"
            type="password"
            label={t('settings.resetFor', { name: p.operator.displayName })}
            value={password}
            onChange={setPassword}
            error={error || undefined}
            autoComplete="new-password"
            autoFocus
          />
          <button type="submit" className="primary" disabled={busy}>
            {t('settings.resetSubmit')}
          </button>
          <button type="button" onClick={p.onCancel}>
            {t('common.cancel')}
          </button>
        </form>
      </td>
    </tr>
  );
}
