// The console's frame: the district's name and who is logged in on top, the screens on the left, the
// language switch and logout. Street accounts see their street's name; viewers are told they only read.
import type { ReactNode } from 'react';
import { navigate, useLocation } from '../../renderer/src/router';
import { setLang, t, useLang, type MessageKey } from '../../renderer/src/i18n';
import { call } from './api';
import { clearSession, useSession } from './session';
import { useUnits } from './units';

const NAV: Array<{ path: string; key: MessageKey; sub?: boolean }> = [
  { path: '/console/fleet', key: 'console.nav.fleet' },
  { path: '/console/reports', key: 'console.nav.reports' },
  { path: '/console/merges', key: 'console.nav.merges' },
  { path: '/console/conflicts', key: 'console.nav.conflicts', sub: true },
  { path: '/console/transfers', key: 'console.nav.transfers', sub: true },
  { path: '/console/reference', key: 'console.nav.reference', sub: true },
  { path: '/console/bundles', key: 'console.nav.bundles', sub: true },
  { path: '/console/audit', key: 'console.nav.audit' },
];

export function Shell({ children }: { children: ReactNode }) {
  const lang = useLang();
  const session = useSession()!;
  const { path } = useLocation();
  const units = useUnits();
  const street = session.user.streetCode
    ? (units?.streets.find((s) => s.code === session.user.streetCode)?.name ?? session.user.streetCode)
    : null;
  async function logout() {
    await call('logout', {}).catch(() => undefined);
    clearSession();
    navigate('/console/login', { replace: true });
  }
  return (
    <div className="desk console">
      <header className="topbar">
        <div className="brand">
          <strong>{t('console.brand')}</strong>
          <span className="muted">{street ?? t('console.wholeDistrict')}</span>
        </div>
        <div className="operator" data-testid="console-user">
          <span>{session.user.username}</span>
          <span className="muted"> · {t(`console.role.${session.user.role}` as MessageKey)}</span>
        </div>
        <button
          type="button"
          className="link"
          onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
          data-testid="lang-switch"
        >
          {lang === 'en' ? '中文' : 'English'}
        </button>
        <button type="button" className="link" onClick={() => navigate('/console/password')}>
          {t('console.password.link')}
        </button>
        <button type="button" className="link" onClick={() => void logout()} data-testid="logout">
          {t('console.logout')}
        </button>
      </header>
      <nav className="sidenav" aria-label={t('nav.label')}>
        <ul>
          {NAV.map((n) => {
            const active = path === n.path || path.startsWith(n.path + '/');
            return (
              <li key={n.path}>
                <a
                  href={n.path}
                  aria-current={active ? 'page' : undefined}
                  className={`${active ? 'active' : ''} ${n.sub ? 'sub' : ''}`}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(n.path);
                  }}
                >
                  {t(n.key)}
                </a>
              </li>
            );
          })}
        </ul>
      </nav>
      <main className="page">{children}</main>
    </div>
  );
}
