import type { Diagnostic } from '@trackway/schema';
import { useShallow } from 'zustand/react/shallow';
import { displayName } from '../lib/registry.ts';
import { useDesigner, useDesignerStore } from '../store/context.tsx';

/** Every diagnostic of the flow; a click selects the node (or edge) and brings it into view. */
export function ProblemsPanel() {
  const store = useDesignerStore();
  const diagnostics = useDesigner((s) => s.diagnostics);
  const server = useDesigner((s) => s.serverDiagnostics);
  const open = useDesigner((s) => s.problemsOpen);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const sorted = [...diagnostics].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const summary =
    errors === 0 && warnings === 0
      ? 'No problems'
      : [errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '']
          .filter(Boolean)
          .join(', ');

  return (
    <section className={`problems${open ? ' is-open' : ''}`} aria-label="Problems">
      <button
        type="button"
        className="problems-toggle"
        aria-expanded={open}
        aria-controls="problems-list"
        onClick={() => store.getState().setProblemsOpen(!open)}
      >
        <span className={`dot ${errors ? 'dot-error' : warnings ? 'dot-warning' : 'dot-ok'}`} aria-hidden="true" />
        Problems <span className="muted">· {summary}</span>
        <span className="chevron" aria-hidden="true">
          {open ? '▾' : '▴'}
        </span>
      </button>
      {open ? (
        <div id="problems-list" className="problems-body">
          {server && server.length > 0 ? (
            <div className="problems-server" role="alert">
              <strong>Publishing was refused</strong> — the server found {server.filter((d) => d.severity === 'error').length} problem(s):
              <ProblemList items={server} />
              <button type="button" className="btn btn-ghost btn-small" onClick={() => store.getState().setServerDiagnostics(null)}>
                Dismiss
              </button>
            </div>
          ) : null}
          {sorted.length === 0 ? (
            <p className="muted small pad">The flow is valid: it can be published.</p>
          ) : (
            <ProblemList items={sorted} />
          )}
        </div>
      ) : null}
    </section>
  );
}

function ProblemList({ items }: { items: readonly Diagnostic[] }) {
  const store = useDesignerStore();
  // Names only (not the node list), so dragging a node does not re-render the list.
  const where = useDesigner(
    useShallow((s) =>
      items.map((d) => {
        const node = d.nodeId ? s.definition.nodes.find((n) => n.id === d.nodeId) : undefined;
        return node ? displayName(node) : d.edgeId ? 'Connection' : 'Flow';
      }),
    ),
  );
  const go = (d: Diagnostic) => {
    const state = store.getState();
    const { nodes, edges } = state.definition;
    if (d.nodeId && nodes.some((n) => n.id === d.nodeId)) {
      state.setSelection({ nodes: [d.nodeId], edges: [], notes: [] });
      state.setSideTab('inspector');
      state.focusOn({ nodeId: d.nodeId });
    } else if (d.edgeId && edges.some((e) => e.id === d.edgeId)) {
      state.setSelection({ nodes: [], edges: [d.edgeId], notes: [] });
      state.focusOn({ edgeId: d.edgeId });
    } else if (d.path?.[0] === 'variables' || d.path?.[0] === 'input') {
      state.setSideTab('flow');
    }
  };
  return (
    <ul className="problem-list">
      {items.map((d, i) => {
        return (
          <li key={`${d.code}-${d.nodeId ?? ''}-${d.edgeId ?? ''}-${i}`}>
            <button type="button" className={`problem problem-${d.severity}`} onClick={() => go(d)}>
              <span className={`sev sev-${d.severity}`}>{d.severity === 'error' ? 'Error' : 'Warning'}</span>
              <span className="problem-where">{where[i]}</span>
              <span className="problem-message">{d.message}</span>
              <span className="problem-code mono">{d.code}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
