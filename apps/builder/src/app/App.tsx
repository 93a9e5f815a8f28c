import { QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, matchRoute, navigate, useLocation, type Route } from '../lib/router.tsx';
import { signOutSession } from '../lib/auth-api.ts';
import { session, useSessionKey } from '../lib/session.ts';
import { createApiClient, createQueryClient, errorCode, TRPCProvider, useTRPC } from '../lib/trpc.ts';
import { AdminPage } from '../admin/AdminPage.tsx';
import { FlowsPage } from '../pages/FlowsPage.tsx';
import { RunsPage } from '../pages/RunsPage.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { SignIn } from './SignIn.tsx';
import { ErrorState, Loading } from './states.tsx';

// The designer carries the canvas and Monaco: loaded when first opened, not on the flows list.
const DesignerPage = lazy(() => import('../pages/DesignerPage.tsx'));
// The templates editor carries Monaco too.
const TemplatesPage = lazy(() => import('../pages/TemplatesPage.tsx'));
const CalendarsPage = lazy(() => import('../pages/CalendarsPage.tsx'));
const AuditPage = lazy(() => import('../audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const InboxPage = lazy(() => import('../inbox/InboxPage.tsx'));

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [trpcClient] = useState(() => createApiClient());
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <ErrorBoundary where="application">
          <AuthGate />
        </ErrorBoundary>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** A browser session (cookie) or an API token; a new identity remounts everything below. */
function AuthGate() {
  const sessionKey = useSessionKey();
  if (!sessionKey) return <SignIn />;
  return <SignedIn key={sessionKey} />;
}

function SignedIn() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) {
    if (errorCode(me.error) === 'UNAUTHORIZED') return <Loading what="the sign-in screen" />;
    return <ErrorState title="Signing in failed" error={me.error} retry={() => void me.refetch()} />;
  }
  return <Shell me={me.data} />;
}

function Shell({ me }: { me: { displayName: string; email: string; roles: readonly string[] } }) {
  const { pathname, search, url } = useLocation();
  const queryClient = useQueryClient();
  const route = matchRoute(pathname, search);
  const section =
    route.name === 'inbox'
      ? 'inbox'
      : route.name === 'runs'
        ? 'runs'
        : route.name === 'templates'
          ? 'templates'
          : route.name === 'calendars'
            ? 'calendars'
            : route.name === 'admin'
              ? 'admin'
              : route.name === 'audit'
                ? 'audit'
                : 'flows';
  return (
    <div className="app">
      <header className="topbar">
        <Link to="/flows" className="brand" aria-label="Trackway home">
          <span className="brand-mark" aria-hidden="true" />
          Trackway
        </Link>
        <nav aria-label="Main">
          <Link to="/flows" aria-current={section === 'flows' ? 'page' : undefined}>
            Flows
          </Link>
          {me.roles.some((r) => r === 'staff' || r === 'manager' || r === 'admin' || r === 'process_owner') ? (
            <Link to="/inbox" aria-current={section === 'inbox' ? 'page' : undefined}>
              Inbox
            </Link>
          ) : null}
          <Link to="/runs" aria-current={section === 'runs' ? 'page' : undefined}>
            Runs
          </Link>
          <Link to="/calendars" aria-current={section === 'calendars' ? 'page' : undefined}>
            Calendars
          </Link>
          {me.roles.some((r) => r === 'admin' || r === 'process_owner') ? (
            <Link to="/templates" aria-current={section === 'templates' ? 'page' : undefined}>
              Templates
            </Link>
          ) : null}
          {me.roles.some((r) => r === 'admin' || r === 'auditor') ? (
            <Link to="/audit" aria-current={section === 'audit' ? 'page' : undefined}>
              Audit
            </Link>
          ) : null}
          {me.roles.includes('admin') ? (
            <Link to="/admin" aria-current={section === 'admin' ? 'page' : undefined}>
              Admin
            </Link>
          ) : null}
        </nav>
        <div className="topbar-user">
          <NotificationBell />
          <span title={me.email}>
            {me.displayName} <span className="muted">· {me.roles.join(', ').replaceAll('_', ' ')}</span>
          </span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={async () => {
              // A browser session is ended on the server too, so its cookie is worthless afterwards.
              if (session.usesCookie()) await signOutSession().catch(() => undefined);
              session.signOut();
              // Nothing of this account stays cached for the next one.
              queryClient.clear();
              navigate('/flows', { replace: true });
            }}
          >
            Sign out
          </button>
        </div>
      </header>
      <main className="main">
        <ErrorBoundary where={route.name === 'designer' ? 'designer' : 'page'} resetKey={url}>
          <Suspense fallback={<Loading what="the designer" />}>
            <RouteView
              route={route}
              canEdit={me.roles.some((r) => r === 'admin' || r === 'process_owner')}
              canAudit={me.roles.some((r) => r === 'admin' || r === 'auditor')}
            />
          </Suspense>
        </ErrorBoundary>
      </main>
    </div>
  );
}

function RouteView({ route, canEdit, canAudit }: { route: Route; canEdit: boolean; canAudit: boolean }) {
  switch (route.name) {
    case 'flows':
      return <FlowsPage canEdit={canEdit} />;
    case 'designer':
      return <DesignerPage key={route.flowId} flowId={route.flowId} runId={route.runId} canEdit={canEdit} />;
    case 'runs':
      return <RunsPage status={route.status} flowId={route.flowId} />;
    case 'templates':
      return <TemplatesPage selected={route.key} canEdit={canEdit} />;
    case 'admin':
      return <AdminPage />;
    case 'audit':
      return <AuditPage runId={route.runId} canSearch={canAudit} />;
    case 'calendars':
      return <CalendarsPage selected={route.key} canEdit={canEdit} />;
    case 'inbox':
      return <InboxPage query={route.query} />;
    case 'notFound':
      return (
        <div className="state">
          <h2>Page not found</h2>
          <Link to="/flows">Go to the flows</Link>
        </div>
      );
    default: {
      const never: never = route;
      return never;
    }
  }
}
