// First run → setup form; no session → login form; otherwise the desk. A 401 from any call sends the
// person back to the login form without losing the page they were on.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { call, getToken, setToken } from '../api/client';
import type { SessionInfo } from '../../../shared/contract';
import { SessionContext } from './store';
import { SetupPage } from './SetupPage';
import { LoginPage } from './LoginPage';
import { Notice } from '../ui/fields';
import { messageOf } from '../ui/errors';
import { t } from '../i18n';
import { navigate } from '../router';

type State =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'setup' }
  | { kind: 'login'; notice?: string }
  | { kind: 'in'; session: SessionInfo };

/** The login form; on a print link opened in a tab of its own, it says the print follows the login. */
function loginState(): State {
  return location.pathname.startsWith('/print/')
    ? { kind: 'login', notice: t('print.loginFirst') }
    : { kind: 'login' };
}

export function SessionGate({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      const st = await call('session.state', {});
      if (!st.setupDone) return setState({ kind: 'setup' });
      if (!getToken()) return setState(loginState());
      const session = await call('session.me', {});
      setState({ kind: 'in', session });
    } catch (e) {
      if ((e as { code?: string }).code === 'unauthorized') {
        setToken(undefined);
        return setState(loginState());
      }
      setState({ kind: 'failed', message: messageOf(e) });
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Any call answered 401 (expired session) ends the session here.
  useEffect(() => {
    const onUnauthorized = () => setState({ kind: 'login', notice: t('err.session') });
    window.addEventListener('liuqing:unauthorized', onUnauthorized);
    return () => window.removeEventListener('liuqing:unauthorized', onUnauthorized);
  }, []);

  const logout = useCallback(async () => {
    await call('session.logout', {}).catch(() => undefined);
    setToken(undefined);
    setState({ kind: 'login' });
  }, []);

  const refresh = useCallback(async () => {
    const session = await call('session.me', {});
    setState({ kind: 'in', session });
  }, []);

  switch (state.kind) {
    case 'loading':
      return <div className="center-page">{t('common.loading')}</div>;
    case 'failed':
      return (
        <div className="center-page">
          <Notice kind="error">{state.message}</Notice>
        </div>
      );
    case 'setup':
      return <SetupPage onDone={() => setState({ kind: 'login', notice: t('setup.done') })} />;
    case 'login':
      return (
        <LoginPage
          notice={state.notice}
          onLoggedIn={(session) => {
            setState({ kind: 'in', session });
            if (location.pathname === '/' || location.pathname.endsWith('/index.html'))
              navigate('/today', { replace: true });
          }}
        />
      );
    case 'in':
      return (
        <SessionContext.Provider value={{ session: state.session, logout, refresh }}>
          {children}
        </SessionContext.Provider>
      );
  }
}
