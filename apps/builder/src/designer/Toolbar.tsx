import { useQuery } from '@tanstack/react-query';
import { useReactFlow } from '@xyflow/react';
import { useState } from 'react';
import { layoutFlow } from '../canvas/layout.ts';
import type { FlowDetail } from '../lib/api-types.ts';
import { relativeTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { useTRPC } from '../lib/trpc.ts';
import { TestRunDialog } from '../run/TestRunDialog.tsx';
import { uniqueId } from '../store/ids.ts';
import { useDesigner, useDesignerStore } from '../store/context.tsx';
import { PublishDialog } from './PublishDialog.tsx';
import { MOD } from './use-shortcuts.ts';

export function Toolbar({
  flow,
  readOnly,
  canEdit,
  flush,
}: {
  flow: FlowDetail;
  readOnly: boolean;
  canEdit: boolean;
  flush: () => Promise<void>;
}) {
  const store = useDesignerStore();
  const reactFlow = useReactFlow();
  const trpc = useTRPC();
  const name = useDesigner((s) => s.definition.metadata.name);
  const canUndo = useDesigner((s) => s.past.length > 0);
  const canRedo = useDesigner((s) => s.future.length > 0);
  const save = useDesigner((s) => s.save);
  const [dialog, setDialog] = useState<'publish' | 'run' | null>(null);
  const [layingOut, setLayingOut] = useState(false);
  // Kept fresh after publishing, so the badge and the test-run dialog know the latest version.
  const current = useQuery(trpc.flows.get.queryOptions({ id: flow.id }, { staleTime: Infinity }));
  const latest = current.data?.latestVersion ?? flow.latestVersion;

  const autoLayout = async () => {
    setLayingOut(true);
    try {
      const s = store.getState();
      const positions = await layoutFlow(s.definition, s.sizes);
      store.getState().apply({ kind: 'move', positions });
      store.getState().requestFit();
    } finally {
      setLayingOut(false);
    }
  };

  const addNote = () => {
    const s = store.getState();
    const taken = new Set([...s.definition.nodes.map((n) => n.id), ...s.definition.notes.map((n) => n.id)]);
    const pane = document.querySelector('.canvas')?.getBoundingClientRect();
    const at = pane ? reactFlow.screenToFlowPosition({ x: pane.left + 40, y: pane.top + 40 }) : { x: 0, y: 0 };
    const id = uniqueId('note', taken);
    s.apply({ kind: 'addNodes', nodes: [], notes: [{ id, text: '', position: { x: Math.round(at.x), y: Math.round(at.y) } }] });
    s.setSelection({ nodes: [], edges: [], notes: [id] });
  };

  return (
    <div className="toolbar" role="toolbar" aria-label="Designer">
      <div className="toolbar-group">
        <Link to="/flows" className="btn btn-ghost btn-small" aria-label="Back to flows">
          ← Flows
        </Link>
        <h1 className="toolbar-title" title={flow.key}>
          {name || flow.name}
        </h1>
        {latest ? <span className="badge badge-ok">Published v{latest.version}</span> : <span className="badge badge-draft">Draft</span>}
        {readOnly ? null : <SaveIndicator status={save.status} savedAt={save.savedAt} message={save.message} />}
      </div>
      <div className="toolbar-group">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => store.getState().undo()}
          disabled={!canUndo || readOnly}
          aria-label="Undo"
          title={`Undo (${MOD}+Z)`}
        >
          ↶ Undo
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => store.getState().redo()}
          disabled={!canRedo || readOnly}
          aria-label="Redo"
          title={`Redo (${MOD}+Shift+Z)`}
        >
          ↷ Redo
        </button>
        <span className="toolbar-sep" aria-hidden="true" />
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => void autoLayout()}
          disabled={readOnly || layingOut}
          aria-label="Auto-layout"
        >
          {layingOut ? 'Arranging…' : 'Auto-layout'}
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => void reactFlow.fitView({ duration: 300, padding: 0.2, maxZoom: 1 })}
          aria-label="Zoom to fit"
        >
          Fit
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={addNote} disabled={readOnly} aria-label="Add sticky note">
          Note
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => store.getState().setHelpOpen(true)}
          aria-label="Keyboard shortcuts"
        >
          ?
        </button>
        <span className="toolbar-sep" aria-hidden="true" />
        <button type="button" className="btn btn-small" onClick={() => setDialog('run')} disabled={flow.archivedAt !== null}>
          Test run
        </button>
        {canEdit ? (
          <button type="button" className="btn btn-primary btn-small" onClick={() => setDialog('publish')} disabled={readOnly}>
            Publish
          </button>
        ) : null}
      </div>
      {dialog === 'publish' ? <PublishDialog flowId={flow.id} latest={latest} flush={flush} onClose={() => setDialog(null)} /> : null}
      {dialog === 'run' ? <TestRunDialog flowId={flow.id} latest={latest} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

function SaveIndicator({ status, savedAt, message }: { status: string; savedAt: number | undefined; message: string | undefined }) {
  const text =
    status === 'saving'
      ? 'Saving…'
      : status === 'dirty'
        ? 'Unsaved changes'
        : status === 'error'
          ? (message ?? 'Not saved')
          : status === 'conflict'
            ? 'Changed elsewhere'
            : savedAt
              ? `Saved ${relativeTime(new Date(savedAt))}`
              : 'All changes saved';
  return (
    <span className={`save-indicator save-${status}`} role="status" aria-live="polite" title={message}>
      {text}
    </span>
  );
}
