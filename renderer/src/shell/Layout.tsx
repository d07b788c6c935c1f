// The desk's frame at 1366×768: a narrow left navigation, a top bar with the station, the operator, the
// quick search (Ctrl+K / F3) and logout, and the page in the remaining space.
import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import { navigate, useLocation } from '../router';
import { useSession } from '../session/store';
import { t, useLang, type MessageKey } from '../i18n';
import { useLeaveGuard } from '../delivery/UnsyncedGuard';

const NAV: Array<{ path: string; key: MessageKey }> = [
  { path: '/today', key: 'nav.today' },
  { path: '/residents', key: 'nav.residents' },
  { path: '/households', key: 'nav.households' },
  { path: '/employers', key: 'nav.employers' },
  { path: '/vacancies', key: 'nav.vacancies' },
  { path: '/cards', key: 'nav.cards' },
  { path: '/recommend', key: 'nav.recommend' },
  { path: '/subsidies', key: 'nav.subsidies' },
  { path: '/training', key: 'nav.training' },
  { path: '/fairs', key: 'nav.fairs' },
  { path: '/ledgers', key: 'nav.ledgers' },
  { path: '/sync', key: 'nav.sync' },
  { path: '/reports', key: 'nav.reports' },
  { path: '/settings', key: 'nav.settings' },
  { path: '/help', key: 'nav.help' },
];

export function Layout({ children }: { children: ReactNode }) {
  useLang();
  const { session, logout } = useSession();
  const { path, query } = useLocation();
  const search = useRef<HTMLInputElement>(null);
  const onResidents = path === '/residents';
  // clicking the menu entry of the page already open reloads it (a fresh work list, a fresh grid)
  const [visit, setVisit] = useState(0);
  // logout and operator switch both end this session: first the unsynced guard (issue 13)
  const guard = useLeaveGuard(logout);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey && e.key.toLowerCase() === 'k') || e.key === 'F3') {
        e.preventDefault();
        search.current?.focus();
        search.current?.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The quick search drives the residents grid through the URL (?q=…), so a search is linkable and
  // survives a reload; from any other page, typing takes the assistant to the grid.
  const q = onResidents ? (query.get('q') ?? '') : '';
  function onSearch(value: string) {
    const params = new URLSearchParams(onResidents ? query : undefined);
    if (value) params.set('q', value);
    else params.delete('q');
    const qs = params.toString();
    navigate(`/residents${qs ? `?${qs}` : ''}`, { replace: onResidents });
  }

  return (
    <div className="desk">
      <header className="topbar">
        <div className="brand">
          <strong>{session.stationName || session.communityName}</strong>
          <span className="muted">
            {session.streetName} · {session.communityName}
          </span>
        </div>
        <div className="quick-search" role="search">
          <label htmlFor="quick-search" className="sr-only">
            {t('top.search')}
          </label>
          <input
            id="quick-search"
            ref={search}
            type="search"
            value={q}
            placeholder={t('top.searchPlaceholder')}
            aria-keyshortcuts="Control+K F3"
            autoComplete="off"
            onChange={(e) => onSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') onSearch('');
            }}
          />
        </div>
        <div className="operator" aria-label={t('top.operator')}>
          <span>{session.operator.displayName}</span>
          <span className="muted">
            {' '}
            · {t(session.operator.role === 'admin' ? 'role.admin' : 'role.assistant')}
          </span>
        </div>
        <button type="button" className="link" onClick={() => void guard.ask('switch')}>
          {t('top.switchOperator')}
        </button>
        <button type="button" className="link" onClick={() => void guard.ask('logout')}>
          {t('top.logout')}
        </button>
        {guard.dialog}
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
                  className={active ? 'active' : ''}
                  onClick={(e) => {
                    e.preventDefault();
                    setVisit((v) => v + 1);
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
      <main className="page">
        <Fragment key={visit}>{children}</Fragment>
      </main>
    </div>
  );
}

export function Placeholder({ titleKey }: { titleKey: MessageKey }) {
  return (
    <section className="placeholder">
      <h1>{t(titleKey)}</h1>
      <p className="muted">
        {t('common.later')} — {t('common.laterBody')}
      </p>
    </section>
  );
}
