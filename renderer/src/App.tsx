// Routes of the desk. /print/* renders without the desk's frame so a page prints cleanly.
import { Suspense, type ReactNode } from 'react';
import { match, useLocation } from './router';
import { useLang } from './i18n';
import { SessionGate } from './session/SessionGate';
import { Layout } from './shell/Layout';
import { WorklistPage } from './worklist/WorklistPage';
import { ResidentsPage } from './residents/ResidentsPage';
import { ResidentPage } from './residents/ResidentPage';
import { HouseholdsPage } from './households/HouseholdsPage';
import { HouseholdPage } from './households/HouseholdPage';
import { EmployersPage } from './employers/EmployersPage';
import { EmployerPage } from './employers/EmployerPage';
import { VacanciesPage } from './vacancies/VacanciesPage';
import { VacancyPage } from './vacancies/VacancyPage';
import { SettingsPage } from './settings/SettingsPage';
import { HelpPage } from './help/HelpPage';
import { BackupsPage, RestorePage } from './delivery/BackupsPage';
import CardsPage from './cards/CardsPage';
import SyncPage from './sync/SyncPage';
import PrintPage from './print/PrintPage';
import PrintLedgerPage from './ledgers/PrintLedgerPage';
import { LedgersPage } from './ledgers/LedgersPage';
import { ImportPage } from './ledgers/ImportPage';
import { ReportsPage } from './reports/ReportsPage';
import { RecommendPage } from './matching/RecommendPage';
import ReferralLetter from './matching/ReferralLetter';
import { SubsidiesPage } from './policy/SubsidiesPage';
import { NewSubsidyPage, SubsidyPage } from './policy/SubsidyPage';
import PrintSubsidyPage from './policy/PrintSubsidyPage';
import { CoursePage, NewCoursePage, TrainingPage } from './training/TrainingPages';
import { FairsPage } from './fairs/FairsPage';
import { FairPage, NewFairPage } from './fairs/FairPage';

function route(path: string): ReactNode {
  let m: Record<string, string> | null;
  if (path === '/' || path === '/today') return <WorklistPage />;
  if (path === '/residents') return <ResidentsPage />;
  if ((m = match('/residents/:id', path)))
    return <ResidentPage key={m.id} id={m.id === 'new' ? null : m.id!} />;
  if (path === '/households') return <HouseholdsPage />;
  if ((m = match('/households/:id', path)))
    return <HouseholdPage key={m.id} id={m.id === 'new' ? null : m.id!} />;
  if (path === '/employers') return <EmployersPage />;
  if ((m = match('/employers/:id', path)))
    return <EmployerPage key={m.id} id={m.id === 'new' ? null : m.id!} />;
  if (path === '/vacancies') return <VacanciesPage />;
  if ((m = match('/vacancies/:id', path)))
    return <VacancyPage key={m.id} id={m.id === 'new' ? null : m.id!} />;
  if (path === '/cards' || path.startsWith('/cards/')) return <CardsPage />;
  if (path === '/sync') return <SyncPage />;
  if (path === '/ledgers') return <LedgersPage />;
  if (path === '/ledgers/import' || path.startsWith('/ledgers/import/')) return <ImportPage path={path} />;
  if (path === '/recommend' || path.startsWith('/recommend/')) return <RecommendPage path={path} />;
  if (path === '/reports') return <ReportsPage />;
  if (path === '/subsidies') return <SubsidiesPage />;
  if (path === '/subsidies/new')
    return <NewSubsidyPage residentId={new URLSearchParams(location.search).get('residentId')} />;
  if ((m = match('/subsidies/:id', path))) return <SubsidyPage key={m.id} id={m.id!} />;
  if (path === '/training') return <TrainingPage />;
  if (path === '/training/new') return <NewCoursePage />;
  if ((m = match('/training/courses/:id', path))) return <CoursePage key={m.id} id={m.id!} />;
  if (path === '/fairs') return <FairsPage />;
  if (path === '/fairs/new') return <NewFairPage />;
  if ((m = match('/fairs/:id', path))) return <FairPage key={m.id} id={m.id!} />;
  if (path === '/settings') return <SettingsPage />;
  if (path === '/help') return <HelpPage />;
  if (path === '/settings/backups') return <BackupsPage />;
  if ((m = match('/settings/backups/:id', path))) return <RestorePage key={m.id} id={m.id!} />;
  return <WorklistPage />;
}

export function App() {
  useLang();
  const { path } = useLocation();
  // print routes need a session too (a print link opened in another tab asks for the login, then prints)
  if (path.startsWith('/print/subsidies/'))
    return (
      <SessionGate>
        <PrintSubsidyPage />
      </SessionGate>
    );
  if (path.startsWith('/print/ledgers/'))
    return (
      <SessionGate>
        <PrintLedgerPage />
      </SessionGate>
    );
  if (path === '/print/referral')
    return (
      <SessionGate>
        <ReferralLetter />
      </SessionGate>
    );
  if (path === '/print/cards' || path.startsWith('/print/')) {
    return (
      <SessionGate>
        <Suspense fallback={null}>
          <PrintPage />
        </Suspense>
      </SessionGate>
    );
  }
  return (
    <SessionGate>
      <Layout>{route(path)}</Layout>
    </SessionGate>
  );
}
