import { useInfiniteQuery } from '@tanstack/react-query';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { dateTime, duration, relativeTime, shortId } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useTRPC } from '../lib/trpc.ts';

const STATUSES = ['running', 'completed', 'failed', 'cancelled', 'terminated'] as const;
type RunStatus = (typeof STATUSES)[number];
const isStatus = (value: string | null): value is RunStatus => STATUSES.includes(value as RunStatus);

export function RunsPage({ status, flowId }: { status: string | null; flowId: string | null }) {
  const trpc = useTRPC();
  const filter = isStatus(status) ? status : undefined;
  const runs = useInfiniteQuery(
    trpc.runs.list.infiniteQueryOptions(
      { limit: 50, ...(filter ? { status: filter } : {}), ...(flowId ? { flowId } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 5_000 },
    ),
  );
  const setFilter = (value: string) => {
    const params = new URLSearchParams();
    if (value) params.set('status', value);
    if (flowId) params.set('flow', flowId);
    const query = params.toString();
    navigate(`/runs${query ? `?${query}` : ''}`, { replace: true });
  };
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page">
      <div className="page-header">
        <h1>Runs</h1>
        <div className="row">
          {flowId ? (
            <Link to={filter ? `/runs?status=${filter}` : '/runs'} className="chip">
              One flow only ×
            </Link>
          ) : null}
          <label className="field-inline">
            <span>Status</span>
            <select className="input" value={filter ?? ''} onChange={(e) => setFilter(e.target.value)} aria-label="Filter by status">
              <option value="">All</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s[0]?.toUpperCase()}
                  {s.slice(1)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {runs.isPending ? (
        <Loading what="runs" />
      ) : runs.isError ? (
        <ErrorState error={runs.error} retry={() => void runs.refetch()} />
      ) : items.length === 0 ? (
        <Empty title={filter ? `No ${filter} runs` : 'No runs yet'}>
          <p>Start a test run from a flow's designer, or through the API.</p>
        </Empty>
      ) : (
        <>
          <table className="table" aria-label="Runs">
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Flow</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
                <th scope="col">Duration</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr key={run.id}>
                  <td>
                    <span className="mono">{shortId(run.id)}</span>
                    <div className="muted small mono" title="Business key">
                      {run.businessKey}
                    </div>
                  </td>
                  <td>
                    {run.flow.name} <span className="muted small">v{run.flowVersion.version}</span>
                  </td>
                  <td>
                    <span className={`badge status-${run.status}`}>{run.status}</span>
                  </td>
                  <td title={dateTime(run.startedAt)}>{relativeTime(run.startedAt)}</td>
                  <td>{duration(run.startedAt, run.endedAt)}</td>
                  <td className="actions">
                    <Link to={`/flows/${run.flowId}?run=${run.id}`} aria-label={`Open run ${shortId(run.id)} on the canvas`}>
                      Open on canvas
                    </Link>{' '}
                    ·{' '}
                    <Link to={`/audit?run=${run.id}`} aria-label={`Timeline of run ${shortId(run.id)}`}>
                      Timeline
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.hasNextPage ? (
            <div className="row row-center">
              <button type="button" className="btn" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
                {runs.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}
