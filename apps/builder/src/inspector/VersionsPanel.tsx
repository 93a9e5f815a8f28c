import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState, Loading } from '../app/states.tsx';
import { CompareForm } from '../diff/CompareForm.tsx';
import { DiffDialog } from '../diff/DiffDialog.tsx';
import { DRAFT, type Side } from '../diff/sides.ts';
import { dateTime, relativeTime } from '../lib/format.ts';
import { useTRPC } from '../lib/trpc.ts';

/** Published versions, newest first: immutable snapshots that runs pin; any two can be compared. */
export function VersionsPanel({ flowId }: { flowId: string }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.flows.versions.queryOptions({ id: flowId }));
  const [comparing, setComparing] = useState<{ from: Side; to: Side } | null>(null);
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
      <CompareForm versions={versions.data.map((v) => v.version)} onCompare={(from, to) => setComparing({ from, to })} />
      {comparing ? <DiffDialog flowId={flowId} from={comparing.from} to={comparing.to} onClose={() => setComparing(null)} /> : null}
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
            <div className="row row-between">
              <span className="muted small mono" title="Content hash">
                {v.contentHash.slice(0, 12)}
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                aria-label={`Compare version ${v.version} with the current draft`}
                onClick={() => setComparing({ from: { kind: 'version', version: v.version }, to: DRAFT })}
              >
                Compare with draft
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
