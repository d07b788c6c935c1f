// Changing the password: required at the first login (add-user prints a one-time password that must not
// stay in use), open at any time from the top bar. The new one twice; at least 10 characters.
import { useState, type FormEvent } from 'react';
import { navigate } from '../../renderer/src/router';
import { t } from '../../renderer/src/i18n';
import { Notice, TextField } from '../../renderer/src/ui/fields';
import { call, messageOf } from './api';
import { safeNext } from './LoginPage';
import { setSession, useSession } from './session';

export function PasswordPage({ next }: { next: string }) {
  const session = useSession()!;
  const [current, setCurrent] = useState('');
  const [pw, setPw] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage('');
    if (pw !== again) return setMessage(t('console.password.mismatch'));
    setBusy(true);
    try {
      await call('password.change', { current, next: pw });
      setSession({ ...session, mustChange: false });
      navigate(safeNext(next), { replace: true });
    } catch (err) {
      setMessage(messageOf(err));
      setBusy(false);
    }
  }
  return (
    <main className="center-page">
      <form className="card narrow" onSubmit={submit} aria-labelledby="pw-title" noValidate>
        <h1 id="pw-title">{t('console.password.title')}</h1>
        {session.mustChange ? <Notice kind="info">{t('console.password.first')}</Notice> : null}
        {message ? (
          <Notice kind="error" testId="password-error">
            {message}
          </Notice>
        ) : null}
        <TextField
          name="current"
          type="password"
          label={t('console.password.current')}
          value={current}
          onChange={setCurrent}
          autoFocus
          autoComplete="current-password"
        />
        <TextField
          name="next"
          type="password"
          label={t('console.password.next')}
          value={pw}
          onChange={setPw}
          autoComplete="new-password"
          hint={t('console.password.rule')}
        />
        <TextField
          name="again"
          type="password"
          label={t('console.password.again')}
          value={again}
          onChange={setAgain}
          autoComplete="new-password"
        />
        <button type="submit" className="primary" disabled={busy} data-testid="password-submit">
          {t('console.password.submit')}
        </button>
        {session.mustChange ? null : (
          <button type="button" className="link" onClick={() => history.back()}>
            {t('common.cancel')}
          </button>
        )}
      </form>
    </main>
  );
}
