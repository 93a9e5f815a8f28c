import { useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '../lib/trpc.ts';

/** Whether the audit chain verifies right now; re-checks on demand (it walks the whole log). */
export function ChainBadge() {
  const trpc = useTRPC();
  const check = useQuery(trpc.audit.verify.queryOptions(undefined, { staleTime: 60_000 }));
  let content;
  if (check.isPending || check.isFetching) {
    content = (
      <span className="badge">
        <span className="spinner" aria-hidden="true" /> Checking the chain…
      </span>
    );
  } else if (check.isError) {
    content = <span className="badge badge-error">Chain not checked: {errorMessage(check.error)}</span>;
  } else if (check.data.ok) {
    content = (
      <span className="badge badge-ok" title={`Head: entry ${check.data.headSeq ?? '-'} ${check.data.headHash}`}>
        ✓ Chain verified · {check.data.count.toLocaleString()} entries
        {check.data.redacted ? ` · ${check.data.redacted.toLocaleString()} payloads redacted` : ''}
      </span>
    );
  } else {
    content = (
      <span className="badge badge-error" title={check.data.message}>
        ✗ Chain broken at entry {check.data.brokenAt.seq} ({check.data.brokenAt.field})
      </span>
    );
  }
  return (
    <div className="row audit-chain">
      <span role="status" aria-live="polite">
        {content}
      </span>
      <button type="button" className="btn btn-small" onClick={() => void check.refetch()} disabled={check.isFetching}>
        Check again
      </button>
    </div>
  );
}
