// The console's pages by URL (every screen has its own), behind the session: no session → login, which
// returns to the page asked for; a one-time password → change it first.
import { lazy, Suspense, useEffect } from 'react';
import { match, navigate, useLocation } from '../../renderer/src/router';
import { t, useLang } from '../../renderer/src/i18n';
import { useSession } from './session';
import { Shell } from './Shell';
import { LoginPage } from './LoginPage';
import { PasswordPage } from './PasswordPage';
import { FleetPage } from './fleet/FleetPage';
// the reports carry ECharts: loaded when first opened, so the first screen (fleet) paints without it
const ReportsPage = lazy(() => import('./reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
import { MergesPage } from './stewardship/MergesPage';
import { MergePage } from './stewardship/MergePage';
import { ConflictsPage } from './stewardship/ConflictsPage';
import { TransfersPage } from './stewardship/TransfersPage';
import { ReferencePage } from './stewardship/ReferencePage';
import { BundlePage } from './stewardship/BundlePage';
import { AuditPage } from './AuditPage';

export const HOME = '/console/fleet';

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  useLang();
  const session = useSession();
  const { path, query } = useLocation();
  if (path === '/console/login') return <LoginPage next={query.get('next')} why={query.get('why')} />;
  if (!session) return <Redirect to={`/console/login?next=${encodeURIComponent(path + location.search)}`} />;
  if (path === '/console/password' || session.mustChange)
    return <PasswordPage next={query.get('next') ?? (path === '/console/password' ? HOME : path)} />;
  let page;
  let params: Record<string, string> | null;
  if (path === '/console/fleet') page = <FleetPage />;
  else if (path === '/console/reports')
    page = (
      <Suspense fallback={<p className="muted">{t('console.loading')}</p>}>
        <ReportsPage />
      </Suspense>
    );
  else if (path === '/console/merges') page = <MergesPage />;
  else if ((params = match('/console/merges/:id', path))) page = <MergePage id={params.id!} />;
  else if (path === '/console/conflicts') page = <ConflictsPage />;
  else if (path === '/console/transfers') page = <TransfersPage />;
  else if (path === '/console/reference') page = <ReferencePage />;
  else if (path === '/console/bundles') page = <BundlePage />;
  else if (path === '/console/audit') page = <AuditPage />;
  else return <Redirect to={HOME} />;
  return <Shell>{page}</Shell>;
}
