import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Shell } from './components/Shell.tsx';
import { ErrorState, Loading } from './components/States.tsx';
import { canCheckEligibility, canImport, canManageUsers, canReadAudit, canSeeDashboard, canSeePlans, canSeeScorecards, canWorkCases, canWorkComplaints, homeRoute } from './lib/access.ts';
import type { Me } from './lib/api.ts';
import { replaceRoute, useRoute, type Route } from './lib/router.ts';
import { useMe } from './lib/session.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { ComplaintDeskPage } from './pages/complaints/ComplaintDeskPage.tsx';
import { PublicComplaintPage } from './pages/complaints/PublicComplaintPage.tsx';
import { TrackComplaintPage } from './pages/complaints/TrackComplaintPage.tsx';
import { WorklistPage } from './pages/cases/WorklistPage.tsx';
import { CounterPage } from './pages/counter/CounterPage.tsx';
import { DashboardPage } from './pages/dashboard/DashboardPage.tsx';
import { ImportsPage } from './pages/ImportsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { SelfCheckPage } from './pages/SelfCheckPage.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/SimplePages.tsx';
import { ScorecardsPage } from './pages/ScorecardsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import { PlanPage } from './pages/plans/PlanPage.tsx';

const PUBLIC_PAGES = new Set<Route['page']>(['selfCheck', 'complaintForm', 'complaintTrack']);

export function App() {
  const { t } = useTranslation();
  const me = useMe();
  const route = useRoute();

  useEffect(() => {
    document.title = me.data || PUBLIC_PAGES.has(route.page) ? `${pageTitle(route, t)} · SMART JKN` : 'SMART JKN';
  }, [route, me.data, t]);

  // The resident self-check is public: it needs no session and shows no staff navigation.
  if (route.page === 'selfCheck') return <SelfCheckPage loggedIn={Boolean(me.data)} />;
  // So are the complaint form and tracking by code: anonymous, on the resident's phone.
  if (route.page === 'complaintForm') return <PublicComplaintPage />;
  if (route.page === 'complaintTrack') return <TrackComplaintPage key={route.code ?? ''} code={route.code} />;
  if (me.isPending) return <Loading label={t('common.loading')} />;
  if (me.isError) {
    return (
      <main className="main">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (!me.data) return <LoginPage />;

  return (
    <Shell me={me.data} route={route}>
      <Page me={me.data} route={route} />
    </Shell>
  );
}

function Page({ me, route }: { me: Me; route: Route }) {
  switch (route.page) {
    case 'dashboard':
      return canSeeDashboard(me.role) ? <DashboardPage key={route.kecamatan ?? ''} me={me} kecamatan={route.kecamatan} /> : <Redirect to={homeRoute(me.role)} />;
    case 'counter':
      return canCheckEligibility(me.role) ? <CounterPage me={me} /> : <ForbiddenPage />;
    case 'cases':
      return canWorkCases(me.role) ? <WorklistPage me={me} /> : <ForbiddenPage />;
    case 'imports':
      return canImport(me.role) ? <ImportsPage /> : <ForbiddenPage />;
    case 'users':
      return canManageUsers(me.role) ? <UsersPage /> : <ForbiddenPage />;
    case 'audit':
      return canReadAudit(me.role) ? <AuditPage /> : <ForbiddenPage />;
    case 'complaints':
      return canWorkComplaints(me.role) ? <ComplaintDeskPage me={me} /> : <ForbiddenPage />;
    case 'plans':
      return canSeePlans(me.role) ? <PlanPage me={me} /> : <ForbiddenPage />;
    case 'scorecards':
      return canSeeScorecards(me.role) ? <ScorecardsPage me={me} /> : <ForbiddenPage />;
    case 'selfCheck':
    case 'complaintForm':
    case 'complaintTrack':
    case 'notFound':
      return <NotFoundPage />;
  }
}

/** `#/` for a role without the dashboard: go to its home page without a history entry. */
function Redirect({ to }: { to: Route }) {
  useEffect(() => replaceRoute(to), [to]);
  return null;
}

function pageTitle(route: Route, t: (key: string) => string): string {
  switch (route.page) {
    case 'dashboard':
      return t('nav.dashboard');
    case 'counter':
      return t('nav.counter');
    case 'cases':
      return t('nav.cases');
    case 'selfCheck':
      return t('nav.selfCheck');
    case 'imports':
      return t('nav.imports');
    case 'users':
      return t('nav.users');
    case 'audit':
      return t('nav.audit');
    case 'complaints':
      return t('nav.complaints');
    case 'complaintForm':
      return t('nav.complaintForm');
    case 'complaintTrack':
      return t('nav.complaintTrack');
    case 'plans':
      return t('nav.plans');
    case 'scorecards':
      return t('nav.scorecards');
    case 'notFound':
      return t('common.notFound');
  }
}
