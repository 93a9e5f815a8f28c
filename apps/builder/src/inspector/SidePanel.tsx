import { useShallow } from 'zustand/react/shallow';
import { displayName } from '../lib/registry.ts';
import { useDesigner, useDesignerStore } from '../store/context.tsx';
import type { SideTab } from '../store/store.ts';
import { FlowSettings } from './FlowSettings.tsx';
import { NodeInspector, type InspectedNode } from './NodeInspector.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';

const TABS: Array<{ id: SideTab; label: string }> = [
  { id: 'inspector', label: 'Inspector' },
  { id: 'flow', label: 'Flow' },
  { id: 'versions', label: 'Versions' },
];

export function SidePanel({ flowId, readOnly }: { flowId: string; readOnly: boolean }) {
  const store = useDesignerStore();
  const tab = useDesigner((s) => s.sideTab);
  return (
    <aside className="side-panel" aria-label="Details">
      <div className="tabs" role="tablist" aria-label="Details">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="tab"
            onClick={() => store.getState().setSideTab(t.id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              const i = TABS.findIndex((x) => x.id === tab);
              const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
              if (next) {
                store.getState().setSideTab(next.id);
                document.getElementById(`tab-${next.id}`)?.focus();
              }
            }}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'inspector' ? (
          <SelectionInspector readOnly={readOnly} />
        ) : tab === 'flow' ? (
          <FlowSettings readOnly={readOnly} />
        ) : (
          <VersionsPanel flowId={flowId} />
        )}
      </div>
    </aside>
  );
}

function SelectionInspector({ readOnly }: { readOnly: boolean }) {
  const store = useDesignerStore();
  const nodeIds = useDesigner((s) => s.selectedNodeIds);
  const edgeIds = useDesigner((s) => s.selectedEdgeIds);
  const noteIds = useDesigner((s) => s.selectedNoteIds);
  // The node's settings without its position (compared field by field), so dragging it leaves the form alone.
  const node = useDesigner(
    useShallow((s): InspectedNode | undefined => {
      const found = s.selectedNodeIds.length === 1 ? s.definition.nodes.find((n) => n.id === s.selectedNodeIds[0]) : undefined;
      return found && { id: found.id, type: found.type, typeVersion: found.typeVersion, label: found.label, config: found.config };
    }),
  );
  const edge = useDesigner((s) =>
    s.selectedEdgeIds.length === 1 && s.selectedNodeIds.length === 0
      ? s.definition.edges.find((e) => e.id === s.selectedEdgeIds[0])
      : undefined,
  );
  const ends = useDesigner(
    useShallow((s) => {
      const name = (id: string | undefined) => {
        const n = id === undefined ? undefined : s.definition.nodes.find((x) => x.id === id);
        return n ? displayName(n) : (id ?? '');
      };
      return edge ? [name(edge.source), name(edge.target)] : [];
    }),
  );
  const total = nodeIds.length + edgeIds.length + noteIds.length;

  if (node && total === 1) return <NodeInspector key={node.id} node={node} readOnly={readOnly} />;
  if (edge && total === 1) {
    return (
      <div className="inspector-body">
        <p>
          Connection from <strong>{ends[0]}</strong> (output <code>{edge.sourcePort}</code>) to <strong>{ends[1]}</strong>.
        </p>
        <p className="muted small">Drag either end of the connection to re-route it.</p>
        {readOnly ? null : (
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={() => store.getState().apply({ kind: 'remove', edgeIds: [edge.id] })}
          >
            Delete connection
          </button>
        )}
      </div>
    );
  }
  if (total > 1) {
    return (
      <div className="inspector-body">
        <p>
          {total} items selected ({nodeIds.length} node{nodeIds.length === 1 ? '' : 's'}, {edgeIds.length} connection
          {edgeIds.length === 1 ? '' : 's'}
          {noteIds.length ? `, ${noteIds.length} note${noteIds.length === 1 ? '' : 's'}` : ''}).
        </p>
        {readOnly ? null : (
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={() => store.getState().apply({ kind: 'remove', nodeIds, edgeIds, noteIds })}
          >
            Delete selection
          </button>
        )}
      </div>
    );
  }
  return (
    <div className="inspector-body">
      <p className="muted">
        Select a node to edit its settings. Drag from a node’s output (bottom) to another node’s input (top) to connect them.
      </p>
      <p className="muted small">Press ? for keyboard shortcuts.</p>
    </div>
  );
}
