import { useQuery } from '@tanstack/react-query';
import { ErrorState, Loading } from '../app/states.tsx';
import { dateTime, relativeTime } from '../lib/format.ts';
import { useTRPC } from '../lib/trpc.ts';

/** Published versions, newest first: immutable snapshots that runs pin. */
export function VersionsPanel({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.flows.versions.queryOptions({ id: flowId }));
  if (versions.isPending) return <Loading what="versions" />;
  if (versions.isError) return <ErrorState error={versions.error} retry={() => void versions.refetch()} />;
  if (versions.data.length === 0) {
    return (
      <div className="inspector-body">
        <p className="muted">Not published yet. Publishing freezes the current draft as version 1; runs always use a published version.</p>
      </div>
    );
  }
  return (
    <div className="inspector-body">
      <ol className="version-list" aria-label="Published versions">
        {versions.data.map((v) => (
          <li key={v.id}>
            <div className="row row-between">
              <strong>Version {v.version}</strong>
              <span className="muted small" title={dateTime(v.publishedAt)}>
                {relativeTime(v.publishedAt)}
              </span>
            </div>
            {v.note ? <p className="version-note">{v.note}</p> : <p className="muted small">No note</p>}
            <div className="muted small mono" title="Content hash">
              {v.contentHash.slice(0, 12)}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
