// 修改密码 for the logged-in operator. The station checks the old password and the length rule; the two
// new entries are compared here so a typo never becomes the new password.
import { useState, type FormEvent } from 'react';
import { call } from '../api/client';
import { useSession } from '../session/store';
import { t } from '../i18n';
import { Notice, TextField } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';

const EMPTY = { oldPassword: '', newPassword: '', confirm: '' };

export function ChangePasswordForm() {
  const { session } = useSession();
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof EMPTY, v: string) => setForm((f) => ({ ...f, [k]: v }));

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
          name="oldPassword"
          type="password"
          label={t('settings.oldPassword')}
          value={form.oldPassword}
          onChange={(v) => set('oldPassword', v)}
          error={errors.oldPassword}
          autoComplete="current-password"
        />
        <TextField
          name="newPassword"
          type="password"
          label={t('settings.newPassword')}
          value={form.newPassword}
          onChange={(v) => set('newPassword', v)}
          error={errors.newPassword}
          autoComplete="new-password"
        />
        <TextField
          name="confirm"
          type="password"
          label={t('settings.confirmPassword')}
          value={form.confirm}
          onChange={(v) => set('confirm', v)}
          error={errors.confirm}
          autoComplete="new-password"
        />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {t('settings.changePassword')}
      </button>
    </form>
  );
}
