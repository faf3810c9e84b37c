import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Shell } from './components/Shell.tsx';
import { ErrorState, Loading } from './components/States.tsx';
import { canImport, canManageUsers, canReadAudit, canSeeDashboard } from './lib/access.ts';
import type { Me } from './lib/api.ts';
import { useRoute, type Route } from './lib/router.ts';
import { useMe } from './lib/session.ts';
import { AuditPage } from './pages/AuditPage.tsx';
import { CounterSoonPage } from './pages/CounterSoonPage.tsx';
import { DashboardPage } from './pages/dashboard/DashboardPage.tsx';
import { ImportsPage } from './pages/ImportsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { ForbiddenPage, NotFoundPage } from './pages/SimplePages.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

export function App() {
  const { t } = useTranslation();
  const me = useMe();
  const route = useRoute();

  useEffect(() => {
    document.title = me.data ? `${pageTitle(route, t)} · SMART JKN` : 'SMART JKN';
  }, [route, me.data, t]);

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
      return canSeeDashboard(me.role) ? <DashboardPage key={route.kecamatan ?? ''} me={me} kecamatan={route.kecamatan} /> : <CounterSoonPage me={me} />;
    case 'imports':
      return canImport(me.role) ? <ImportsPage /> : <ForbiddenPage />;
    case 'users':
      return canManageUsers(me.role) ? <UsersPage /> : <ForbiddenPage />;
    case 'audit':
      return canReadAudit(me.role) ? <AuditPage /> : <ForbiddenPage />;
    case 'notFound':
      return <NotFoundPage />;
  }
}

function pageTitle(route: Route, t: (key: string) => string): string {
  switch (route.page) {
    case 'dashboard':
      return t('nav.dashboard');
    case 'imports':
      return t('nav.imports');
    case 'users':
      return t('nav.users');
    case 'audit':
      return t('nav.audit');
    case 'notFound':
      return t('common.notFound');
  }
}
