import { dateTime, duration } from '../lib/format.ts';
import { displayName, outputsOf } from '../lib/registry.ts';
import { useDesigner, useDesignerStore } from '../store/context.tsx';

/** Details of one step of the overlaid run: status, timings, the port it took, output and error. */
export function StepDrawer() {
  const store = useDesignerStore();
  const nodeId = useDesigner((s) => s.stepNodeId);
  const run = useDesigner((s) => s.run);
  const nodes = useDesigner((s) => s.definition.nodes);
  if (nodeId === null || !run) return null;
  const steps = Object.values(run.live?.steps ?? {}).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const step = run.live?.steps[nodeId];
  const node = nodes.find((n) => n.id === nodeId);
  const title = node ? displayName(node) : (step?.label ?? nodeId);
  const port = step?.port !== undefined && node ? outputsOf(node).find((p) => p.name === step.port) : undefined;
  return (
    <section className="step-drawer" aria-label="Step details">
      <div className="step-drawer-head">
        <h2>{title || 'Steps'}</h2>
        <button
          type="button"
          className="btn btn-ghost btn-icon"
          aria-label="Close step details"
          onClick={() => store.getState().openStep(null)}
        >
          ×
        </button>
      </div>
      {steps.length > 0 ? (
        <ol className="step-list" aria-label="Steps of this run">
          {steps.map((s) => (
            <li key={s.nodeId}>
              <button
                type="button"
                className={`step-link${s.nodeId === nodeId ? ' is-current' : ''}`}
                onClick={() => {
                  store.getState().openStep(s.nodeId);
                  store.getState().focusOn({ nodeId: s.nodeId });
                }}
              >
                <span className={`dot dot-${s.status}`} aria-hidden="true" /> {s.label || s.nodeId}
                <span className="muted small"> {s.status}</span>
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small">
          {run.live ? 'No step has run yet.' : 'Live step details are not available for this run (no worker, or the run aged out).'}
        </p>
      )}
      {step ? (
        <dl className="step-details">
          <dt>Status</dt>
          <dd>
            <span className={`badge status-${step.status}`}>{step.status}</span>
            {step.visits > 1 ? ` (ran ${step.visits} times)` : ''}
          </dd>
          <dt>Started</dt>
          <dd>{dateTime(step.startedAt)}</dd>
          {step.endedAt ? (
            <>
              <dt>Ended</dt>
              <dd>
                {dateTime(step.endedAt)} <span className="muted">({duration(step.startedAt, step.endedAt)})</span>
              </dd>
            </>
          ) : null}
          {step.port ? (
            <>
              <dt>Took</dt>
              <dd>
                {port?.label && port.label !== port.name ? `${port.label} ` : ''}
                <code>{step.port}</code>
              </dd>
            </>
          ) : null}
          {step.error ? (
            <>
              <dt>Error</dt>
              <dd className="form-error">{step.error}</dd>
            </>
          ) : null}
          {step.progress !== undefined && step.status === 'waiting' ? (
            <>
              <dt>Now</dt>
              <dd>
                <pre className="json" aria-label="Live state of the waiting step">
                  {JSON.stringify(step.progress, null, 2)}
                </pre>
              </dd>
            </>
          ) : null}
          <dt>Output</dt>
          <dd>
            {step.output === undefined ? (
              <span className="muted">none</span>
            ) : (
              <pre className="json">{JSON.stringify(step.output, null, 2)}</pre>
            )}
          </dd>
        </dl>
      ) : nodeId ? (
        <p className="muted small">This node has not run in this run.</p>
      ) : null}
    </section>
  );
}
