// Operator login: works offline, against the station's own accounts.
import { useState, type FormEvent } from 'react';
import { call, setToken } from '../api/client';
import type { SessionInfo } from '../../../shared/contract';
import { TextField, Notice } from '../ui/fields';
import { fieldErrorsOf, messageOf, type FieldErrors } from '../ui/errors';
import { t } from '../i18n';

export function LoginPage({
  onLoggedIn,
  notice,
}: {
  onLoggedIn: (s: SessionInfo) => void;
  notice?: string | undefined;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage('');
    try {
      const r = await call('session.login', { username, password });
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
        <TextField
          name="username"
          label={t('login.username')}
          value={username}
          onChange={setUsername}
          error={errors.username}
          autoFocus
          autoComplete="username"
        />
        <TextField
          name="password"
          type="password"
          label={t('login.password')}
          value={password}
          onChange={setPassword}
          error={errors.password}
          autoComplete="current-password"
        />
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
