import { skipToken, useQuery } from '@tanstack/react-query';
import { FlowDefinitionSchema, type FlowDefinition } from '@trackway/schema';
import { ReactFlowProvider } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { Dialog } from '../app/Dialog.tsx';
import { ErrorState, Loading } from '../app/states.tsx';
import { useTRPC } from '../lib/trpc.ts';
import { useDesigner } from '../store/context.tsx';
import { diffFlows } from '../store/diff.ts';
import { diffCanvas } from './diff-canvas.ts';
import { DiffCanvas } from './DiffCanvas.tsx';
import { DiffList } from './DiffList.tsx';
import { sideLabel, sideValue, type Side } from './sides.ts';
import { summarizeDiff } from './summary.ts';
import './diff.css';

type Loaded =
  { status: 'pending' } | { status: 'error'; error: unknown; retry?: () => void } | { status: 'ready'; definition: FlowDefinition };

/** One side's definition: the editor's draft as it is now (unsaved edits included), or a published version. */
function useSide(flowId: string, side: Side): Loaded {
  const trpc = useTRPC();
  const draft = useDesigner((s) => s.definition);
  // Published versions never change: fetched once per session.
  const query = useQuery(
    trpc.flows.version.queryOptions(side.kind === 'version' ? { id: flowId, version: side.version } : skipToken, { staleTime: Infinity }),
  );
  if (side.kind === 'draft') return { status: 'ready', definition: draft };
  if (query.isPending) return { status: 'pending' };
  if (query.isError) return { status: 'error', error: query.error, retry: () => void query.refetch() };
  const parsed = FlowDefinitionSchema.safeParse(query.data.definition);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { status: 'error', error: new Error(`Version ${side.version} cannot be read as a flow definition (${problems}).`) };
  }
  return { status: 'ready', definition: parsed.data };
}

export interface DiffDialogProps {
  readonly flowId: string;
  readonly from: Side;
  readonly to: Side;
  readonly onClose: () => void;
}

/** The read-only comparison of two versions: a diff canvas beside the list of changes. */
export function DiffDialog({ flowId, from, to, onClose }: DiffDialogProps) {
  const before = useSide(flowId, from);
  const after = useSide(flowId, to);
  const title = `Changes from ${sideLabel(from)} to ${sideLabel(to)}`;
  // Portalled: the side panel it is opened from must not clip or stack over it.
  return createPortal(
    <Dialog title={title.charAt(0).toUpperCase() + title.slice(1)} onClose={onClose} className="dialog-diff">
      {before.status === 'error' ? (
        <ErrorState
          title={`${sideLabel(from)} could not be loaded`}
          error={before.error}
          {...(before.retry ? { retry: before.retry } : {})}
        />
      ) : after.status === 'error' ? (
        <ErrorState title={`${sideLabel(to)} could not be loaded`} error={after.error} {...(after.retry ? { retry: after.retry } : {})} />
      ) : before.status === 'pending' || after.status === 'pending' ? (
        <Loading what="the versions" />
      ) : (
        <Comparison key={`${sideValue(from)}:${sideValue(to)}`} before={before.definition} after={after.definition} />
      )}
    </Dialog>,
    document.body,
  );
}

function Comparison({ before, after }: { before: FlowDefinition; after: FlowDefinition }) {
  const diff = useMemo(() => diffFlows(before, after), [before, after]);
  const canvas = useMemo(() => diffCanvas(before, after, diff), [before, after, diff]);
  const summary = useMemo(() => summarizeDiff(diff, before, after), [diff, before, after]);
  const [focus, setFocus] = useState<{ nodeId: string; seq: number } | null>(null);
  const [active, setActive] = useState<string | null>(null);
  const { added, removed, changed } = summary.counts;
  return (
    <div className="diff-view">
      <p className="diff-legend" role="status">
        <span className="diff-tag diff-tag-added">{added} added</span>
        <span className="diff-tag diff-tag-removed">{removed} removed</span>
        <span className="diff-tag diff-tag-changed">{changed} changed</span>
        <span className="muted small">Removed nodes are drawn faded where they were.</span>
      </p>
      <div className="diff-body">
        {/* Its own provider: the designer's canvas underneath keeps its own viewport and selection. */}
        <ReactFlowProvider>
          <DiffCanvas
            nodes={canvas.nodes}
            edges={canvas.edges}
            focus={focus}
            onPick={(nodeId) => {
              setActive(nodeId);
            }}
          />
        </ReactFlowProvider>
        <DiffList
          summary={summary}
          activeId={active}
          onShow={(nodeId) => {
            setActive(nodeId);
            setFocus((f) => ({ nodeId, seq: (f?.seq ?? 0) + 1 }));
          }}
        />
      </div>
    </div>
  );
}
