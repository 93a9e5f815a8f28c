import { useState, type FormEvent } from 'react';
import { localToIso, type AuditFilters } from './export-link.ts';

export interface FilterFormProps {
  readonly initial: AuditFilters;
  readonly flows: ReadonlyArray<{ id: string; name: string }>;
  readonly onApply: (filters: AuditFilters) => void;
}

/** The search filters; applied on submit so typing does not query on every key. */
export function FilterForm({ initial, flows, onApply }: FilterFormProps) {
  const [action, setAction] = useState(initial.action ?? '');
  const [actor, setActor] = useState(initial.actor ?? '');
  const [runId, setRunId] = useState(initial.runId ?? '');
  const [flowId, setFlowId] = useState(initial.flowId ?? '');
  const [requestId, setRequestId] = useState(initial.requestId ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const filters: AuditFilters = {
      ...(action.trim() ? { action: action.trim() } : {}),
      ...(actor.trim() ? { actor: actor.trim() } : {}),
      ...(runId.trim() ? { runId: runId.trim() } : {}),
      ...(flowId ? { flowId } : {}),
      ...(requestId.trim() ? { requestId: requestId.trim() } : {}),
      ...(localToIso(from) ? { from: localToIso(from) } : {}),
      ...(localToIso(to) ? { to: localToIso(to) } : {}),
    };
    onApply(filters);
  };
  return (
    <form className="audit-filters" onSubmit={submit} aria-label="Filter audit entries">
      <label className="field">
        <span>Action</span>
        <input className="input" value={action} onChange={(e) => setAction(e.target.value)} placeholder="flow.publish or flow.*" />
      </label>
      <label className="field">
        <span>Who</span>
        <input className="input" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="e-mail, user id or system" />
      </label>
      <label className="field">
        <span>Flow</span>
        <select className="input" value={flowId} onChange={(e) => setFlowId(e.target.value)}>
          <option value="">Any flow</option>
          {flows.map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Run id</span>
        <input className="input mono" value={runId} onChange={(e) => setRunId(e.target.value)} />
      </label>
      <label className="field">
        <span>Request id</span>
        <input className="input mono" value={requestId} onChange={(e) => setRequestId(e.target.value)} placeholder="X-Request-Id" />
      </label>
      <label className="field">
        <span>From</span>
        <input className="input" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label className="field">
        <span>To</span>
        <input className="input" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <div className="audit-filters-actions">
        <button type="submit" className="btn btn-primary">
          Search
        </button>
      </div>
    </form>
  );
}
