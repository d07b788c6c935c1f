// 修改密码 for the logged-in operator. The station checks the old password and the length rule; the two
// new entries are compared here so a typo never becomes the new password.
import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useSession } from '../session/store';
import { t } from '../i18n';
import { Notice, TextField, type FormMessage } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { useFormFields } from '../ui/useFormFields';

const EMPTY = { oldPassword: '', newPassword: '', confirm: '' };

export function ChangePasswordForm() {
  const { session } = useSession();
  const { form, setForm, setErrors, bind } = useFormFields(EMPTY);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    if (!form.oldPassword) return setErrors({ oldPassword: t('err.required') });
    if (form.newPassword !== form.confirm) return setErrors({ confirm: t('settings.passwordMismatch') });
    setBusy(true);
    try {
      await call('operators.changePassword', {
        oldPassword: form.oldPassword,
        newPassword: form.newPassword,
      });
      setForm(EMPTY);
      setErrors({});
      setMessage({ kind: 'ok', text: t('settings.passwordChanged') });
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(fields);
      // a message that already sits beside its field is not repeated above the form
      if (Object.keys(fields).length === 0) setMessage({ kind: 'error', text: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={submit} noValidate data-testid="change-password">
      <h2>{t('settings.changePassword')}</h2>
      <p className="muted">{t('settings.changePasswordIntro', { name: session.operator.displayName })}</p>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <div className="form-grid">
        <TextField
          {...bind('oldPassword')}
          type="password"
          label={t('settings.oldPassword')}
          autoComplete="current-password"
        />
        <TextField
          {...bind('newPassword')}
          type="password"
          label={t('settings.newPassword')}
          autoComplete="new-password"
        />
        <TextField
          {...bind('confirm')}
          type="password"
          label={t('settings.confirmPassword')}
          autoComplete="new-password"
        />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('settings.changePassword')}
      </button>
    </form>
  );
}
