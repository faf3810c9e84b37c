/** A tiny hash router: `#/`, `#/kecamatan/52.03.01`, `#/impor`, `#/pengguna`, `#/audit`. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'dashboard'; kecamatan: string | null }
  | { page: 'imports' }
  | { page: 'users' }
  | { page: 'audit' }
  | { page: 'notFound' };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '').replace(/\/+$/, '') || '/';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'dashboard', kecamatan: null };
  const [head, arg] = parts;
  if (head === 'kecamatan' && arg && parts.length === 2) return { page: 'dashboard', kecamatan: arg };
  if (parts.length === 1) {
    if (head === 'impor') return { page: 'imports' };
    if (head === 'pengguna') return { page: 'users' };
    if (head === 'audit') return { page: 'audit' };
  }
  return { page: 'notFound' };
}

export function href(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return route.kecamatan ? `#/kecamatan/${encodeURIComponent(route.kecamatan)}` : '#/';
    case 'imports':
      return '#/impor';
    case 'users':
      return '#/pengguna';
    case 'audit':
      return '#/audit';
    case 'notFound':
      return '#/';
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
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
