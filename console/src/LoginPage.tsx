// Console login. An expired or refused session lands here with ?next=<page> and a line saying why; after
// logging in the person is back on that page. Five wrong passwords lock the account for 15 minutes (the
// server's message says so).
import { useState, type FormEvent } from 'react';
import type { ConsoleUser } from '../../shared/contract/console';
import { navigate } from '../../renderer/src/router';
import { setLang, t, useLang } from '../../renderer/src/i18n';
import { Notice, TextField } from '../../renderer/src/ui/fields';
import { call, messageOf } from './api';
import { setSession } from './session';

/** Only a page of this console (never another site) is a place to return to. */
export function safeNext(next: string | null, fallback = '/console/fleet'): string {
  return next && /^\/console\/(?!login)[\w/-]*(\?[^\s]*)?$/.test(next) ? next : fallback;
}

export function LoginPage({ next, why }: { next: string | null; why: string | null }) {
  const lang = useLang();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // the failure itself, so its words follow the language switch
  const [failure, setFailure] = useState<unknown>(null);
  const message = failure ? messageOf(failure) : '';
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      const r = await call<{ token: string; expiresAt: string; user: ConsoleUser; mustChange: boolean }>(
        'login',
        { username, password },
      );
      setSession(r);
      const to = safeNext(next);
      navigate(r.mustChange ? `/console/password?next=${encodeURIComponent(to)}` : to, { replace: true });
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  }

  return (
    <main className="center-page">
      <form className="card narrow" onSubmit={submit} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">{t('console.login.title')}</h1>
        <p className="muted">{t('console.login.subtitle')}</p>
        {why && !message ? (
          <Notice kind="info" testId="login-why">
            {why === 'expired' ? t('console.login.expired') : t('console.login.again')}
          </Notice>
        ) : null}
        {message ? (
          <Notice kind="error" testId="login-error">
            {message}
          </Notice>
        ) : null}
        <TextField
          name="username"
          label={t('login.username')}
          value={username}
          onChange={setUsername}
          autoFocus
          autoComplete="username"
        />
        <TextField
          name="password"
          type="password"
          label={t('login.password')}
          value={password}
          onChange={setPassword}
          autoComplete="current-password"
        />
        <button type="submit" className="primary" disabled={busy} data-testid="login-submit">
          {t('login.submit')}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
          data-testid="lang-switch"
        >
          {lang === 'en' ? '中文' : 'English'}
        </button>
      </form>
    </main>
  );
}
