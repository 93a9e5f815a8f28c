import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** A small history router: the app has a handful of routes, not worth a dependency. */
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify();
}

function currentUrl(): string {
  return `${location.pathname}${location.search}`;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useLocation(): { pathname: string; search: URLSearchParams; url: string } {
  const url = useSyncExternalStore(subscribe, currentUrl, currentUrl);
  const [pathname = '/', query = ''] = url.split('?');
  return { pathname, search: new URLSearchParams(query), url };
}

export type Route =
  | { name: 'flows' }
  | { name: 'designer'; flowId: string; runId: string | null }
  | { name: 'runs'; status: string | null; flowId: string | null }
  | { name: 'templates'; key: string | null }
  | { name: 'admin' }
  | { name: 'calendars'; key: string | null }
  | { name: 'audit'; runId: string | null }
  | { name: 'inbox'; query: string }
  | { name: 'notFound' };

export function matchRoute(pathname: string, search: URLSearchParams): Route {
  if (pathname === '/' || pathname === '/flows' || pathname === '/flows/') return { name: 'flows' };
  const designer = /^\/flows\/([^/]+)\/?$/.exec(pathname);
  if (designer?.[1]) return { name: 'designer', flowId: decodeURIComponent(designer[1]), runId: search.get('run') };
  if (pathname === '/runs' || pathname === '/runs/') return { name: 'runs', status: search.get('status'), flowId: search.get('flow') };
  if (pathname === '/templates' || pathname === '/templates/') return { name: 'templates', key: search.get('key') };
  if (pathname === '/admin' || pathname === '/admin/') return { name: 'admin' };
  if (pathname === '/calendars' || pathname === '/calendars/') return { name: 'calendars', key: search.get('key') };
  if (pathname === '/audit' || pathname === '/audit/') return { name: 'audit', runId: search.get('run') };
  if (pathname === '/inbox' || pathname === '/inbox/') return { name: 'inbox', query: search.toString() };
  return { name: 'notFound' };
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
