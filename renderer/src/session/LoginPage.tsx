// Operator login: works offline, against the station's own accounts.
import { useState, type FormEvent } from 'react';
import { call, setToken } from '../api/client';
import type { SessionInfo } from '../../../shared/contract';
import { TextField, Notice } from '../ui/fields';
import { fieldErrorsOf, messageOf } from '../ui/errors';
import { useFormFields } from '../ui/useFormFields';
import { t } from '../i18n';

export function LoginPage({
  onLoggedIn,
  notice,
}: {
  onLoggedIn: (s: SessionInfo) => void;
  notice?: string | undefined;
}) {
  const { form, setErrors, bind } = useFormFields({ username: '', password: '' });
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage('');
    try {
      const r = await call('session.login', form);
      setToken(r.token);
      onLoggedIn(r.session);
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setMessage(messageOf(err));
      setBusy(false);
    }
  }

  return (
    <main className="center-page">
      <form className="card narrow" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">{t('login.title')}</h1>
        {notice && !message ? <Notice kind="info">{notice}</Notice> : null}
        {message ? <Notice kind="error">{message}</Notice> : null}
        <TextField {...bind('username')} label={t('login.username')} autoFocus autoComplete="username" />
        <TextField
          {...bind('password')}
          type="password"
          label={t('login.password')}
          autoComplete="current-password"
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
