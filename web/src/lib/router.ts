/**
 * A tiny hash router: `#/`, `#/kecamatan/52.03.01`, `#/loket`, `#/kasus`, `#/cek-mandiri`, `#/impor`,
 * `#/pengguna`, `#/audit`, `#/rapor-faskes`, `#/rencana`, `#/meja-pengaduan` (the complaint desk), and
 * the public `#/pengaduan` (the complaint form) and `#/lacak/{trackingCode}`.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'dashboard'; kecamatan: string | null }
  | { page: 'counter' }
  | { page: 'cases' }
  | { page: 'selfCheck' }
  | { page: 'imports' }
  | { page: 'users' }
  | { page: 'audit' }
  | { page: 'complaints' }
  | { page: 'complaintForm' }
  | { page: 'complaintTrack'; code: string | null }
  | { page: 'plans' }
  | { page: 'scorecards' }
  | { page: 'notFound' };

type SimplePage = Exclude<Route['page'], 'dashboard' | 'notFound' | 'complaintTrack'>;

/** The address of each page that takes no argument. */
const PAGE_PATH: Record<SimplePage, string> = {
  counter: 'loket',
  cases: 'kasus',
  selfCheck: 'cek-mandiri',
  imports: 'impor',
  users: 'pengguna',
  audit: 'audit',
  complaints: 'meja-pengaduan',
  complaintForm: 'pengaduan',
  plans: 'rencana',
  scorecards: 'rapor-faskes',
};
const PATH_PAGE = new Map(Object.entries(PAGE_PATH).map(([page, path]) => [path, page as SimplePage]));

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'dashboard', kecamatan: null };
  const [head = '', arg] = parts;
  if (head === 'kecamatan' && arg && parts.length === 2) return { page: 'dashboard', kecamatan: arg };
  if (head === 'lacak' && parts.length <= 2) return { page: 'complaintTrack', code: arg ?? null };
  const page = parts.length === 1 ? PATH_PAGE.get(head) : undefined;
  return page ? { page } : { page: 'notFound' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return route.kecamatan ? `#/kecamatan/${encodeURIComponent(route.kecamatan)}` : '#/';
    case 'complaintTrack':
      return route.code ? `#/lacak/${encodeURIComponent(route.code)}` : '#/lacak';
    case 'notFound':
      return '#/';
    default:
      return `#/${PAGE_PATH[route.page]}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

/** Navigates without leaving the old address in the history (a redirect). */
export function replaceRoute(route: Route): void {
  window.location.replace(href(route));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function useRoute(): Route {
  return parseRoute(useHash());
}
