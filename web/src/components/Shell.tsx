import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { canCheckEligibility, canImport, canManageUsers, canReadAudit, canSeeDashboard, canSeePlans, canSeeScorecards, canWorkCases, canWorkComplaints, homeRoute } from '../lib/access.ts';
import type { Me } from '../lib/api.ts';
import { href, type Route } from '../lib/router.ts';
import { useLogout } from '../lib/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

interface NavItem {
  route: Route;
  label: string;
  active: boolean;
}

/** The frame around every page: brand, navigation for the role, language, user and logout. */
export function Shell({ me, route, children }: { me: Me; route: Route; children: ReactNode }) {
  const { t } = useTranslation();
  const logout = useLogout();

  const items: NavItem[] = [];
  if (canSeeDashboard(me.role)) items.push({ route: { page: 'dashboard', kecamatan: null }, label: t('nav.dashboard'), active: route.page === 'dashboard' });
  if (canCheckEligibility(me.role)) items.push({ route: { page: 'counter' }, label: t('nav.counter'), active: route.page === 'counter' });
  if (canWorkCases(me.role)) items.push({ route: { page: 'cases' }, label: t('nav.cases'), active: route.page === 'cases' });
  if (canWorkComplaints(me.role)) items.push({ route: { page: 'complaints' }, label: t('nav.complaints'), active: route.page === 'complaints' });
  if (canSeePlans(me.role)) items.push({ route: { page: 'plans' }, label: t('nav.plans'), active: route.page === 'plans' });
  if (canSeeScorecards(me.role)) items.push({ route: { page: 'scorecards' }, label: t('nav.scorecards'), active: route.page === 'scorecards' });
  if (canImport(me.role)) items.push({ route: { page: 'imports' }, label: t('nav.imports'), active: route.page === 'imports' });
  if (canManageUsers(me.role)) items.push({ route: { page: 'users' }, label: t('nav.users'), active: route.page === 'users' });
  if (canReadAudit(me.role)) items.push({ route: { page: 'audit' }, label: t('nav.audit'), active: route.page === 'audit' });

  return (
    <div className="shell">
      <a
        className="skip"
        href="#main"
        onClick={(event) => {
          // the hash belongs to the router: move focus instead of navigating
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('common.skip')}
      </a>
      <header className="topbar">
        <div className="topbar__inner">
          <a className="brand" href={href(homeRoute(me.role))}>
            <span className="brand__mark" aria-hidden="true">+</span>
            <span>
              <span className="brand__name">SMART JKN</span>
              <span className="brand__tagline">{me.districtName}</span>
            </span>
          </a>
          <nav className="nav" aria-label={t('nav.label')}>
            {items.map((item) => (
              <a key={item.label} href={href(item.route)} data-testid={`nav-${item.route.page}`} className={item.active ? 'nav__link nav__link--active' : 'nav__link'} aria-current={item.active ? 'page' : undefined}>
                {item.label}
              </a>
            ))}
          </nav>
          <div className="topbar__tools">
            <LanguageSwitch />
            <span className="user" data-testid="current-user">
              <span className="user__name">{me.username}</span>
              <span className="user__role">{t(`roles.${me.role}`)}</span>
            </span>
            <button type="button" className="button button--ghost button--small" onClick={() => logout.mutate()} disabled={logout.isPending} data-testid="logout">
              {t('auth.logout')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <span>{t('app.footer')}</span>
      </footer>
    </div>
  );
}
