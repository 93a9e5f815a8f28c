import type { RouterOutputs } from '../lib/api-types.ts';
import { dateTime, shortId } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';

export type AuditEntry = RouterOutputs['audit']['search']['items'][number];

/** Audit entries as a table: who did what to which subject, when; the payload folds out. */
export function EntryList({ entries }: { entries: readonly AuditEntry[] }) {
  return (
    <table className="table audit-table" aria-label="Audit entries">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">Action</th>
          <th scope="col">Subject</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq}>
            <td className="mono">{e.seq}</td>
            <td title={`written ${dateTime(e.createdAt)}`}>{dateTime(e.occurredAt)}</td>
            <td title={e.actor}>{e.actorLabel}</td>
            <td>
              <code>{e.action}</code>
            </td>
            <td>
              {e.subjectType} <span className="mono small">{e.subjectId.length > 40 ? shortId(e.subjectId) : e.subjectId}</span>
              {e.runId ? (
                <div className="small">
                  <Link to={`/audit?run=${e.runId}`}>Run timeline</Link>
                </div>
              ) : null}
            </td>
            <td>
              <PayloadDetails payload={e.payload} hash={e.hash} requestId={e.requestId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PayloadDetails({ payload, hash, requestId }: { payload: unknown; hash?: string; requestId?: string | null }) {
  const redacted = typeof payload === 'object' && payload !== null && (payload as { redacted?: unknown }).redacted === true;
  if (redacted) return <span className="muted small">Payload redacted by retention</span>;
  return (
    <details className="audit-payload">
      <summary>Payload</summary>
      <pre>{JSON.stringify(payload, null, 2)}</pre>
      {requestId ? <div className="mono small muted">request {requestId}</div> : null}
      {hash ? <div className="mono small muted">hash {hash}</div> : null}
    </details>
  );
}
