import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { Link } from '../lib/router.tsx';
import { errorMessage, useTRPC } from '../lib/trpc.ts';
import { ChainBadge } from './ChainBadge.tsx';
import { EntryList } from './EntryList.tsx';
import { downloadExport, exportUrl, type AuditFilters } from './export-link.ts';
import { FilterForm } from './FilterForm.tsx';
import { RunTimeline } from './RunTimeline.tsx';
import './audit.css';

/**
 * The auditor's view: the chain's status, a filtered search of the log with export, and one run's
 * timeline. Process owners and managers reach only the timeline (linked from the Runs page).
 */
export function AuditPage({ runId, canSearch }: { runId: string | null; canSearch: boolean }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Audit</h1>
        {canSearch ? <ChainBadge /> : null}
      </div>
      {/* ?run= (even empty) opens the timeline; without it, the search. */}
      {runId !== null || !canSearch ? <RunTimeline runId={runId || null} /> : <Entries />}
    </div>
  );
}

function Entries() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [exportError, setExportError] = useState<string | null>(null);
  const flows = useQuery(trpc.flows.list.queryOptions({ includeArchived: true }));
  const entries = useInfiniteQuery(
    trpc.audit.search.infiniteQueryOptions({ limit: 50, ...filters }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const download = (format: 'csv' | 'json') => {
    setExportError(null);
    downloadExport(exportUrl(format, filters)).catch((error: unknown) => setExportError(errorMessage(error)));
  };
  return (
    <>
      <FilterForm initial={filters} flows={flows.data ?? []} onApply={setFilters} />
      <div className="row audit-export">
        <span className="muted">Export these entries (oldest first):</span>
        <button type="button" className="btn btn-small" onClick={() => download('csv')}>
          Export CSV
        </button>
        <button type="button" className="btn btn-small" onClick={() => download('json')}>
          Export JSON
        </button>
        <Link className="small" to="/audit?run=">
          Open a run timeline…
        </Link>
      </div>
      {exportError ? (
        <p className="banner banner-error" role="alert">
          {exportError}
        </p>
      ) : null}
      {entries.isPending ? (
        <Loading what="audit entries" />
      ) : entries.isError ? (
        <ErrorState error={entries.error} retry={() => void entries.refetch()} />
      ) : items.length === 0 ? (
        <Empty title="No entries match">
          <p>Change the filters, or widen the time range.</p>
        </Empty>
      ) : (
        <>
          <EntryList entries={items} />
          {entries.hasNextPage ? (
            <div className="row row-center">
              <button type="button" className="btn" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
                {entries.isFetchingNextPage ? 'Loading…' : 'Load older entries'}
              </button>
            </div>
          ) : null}
        </>
      )}
    </>
  );
}
