import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FlowDefinitionSchema, type FlowDefinition } from '@trackway/schema';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useState } from 'react';
import { ErrorState, Loading } from '../app/states.tsx';
import { Canvas } from '../canvas/Canvas.tsx';
import { Palette } from '../canvas/Palette.tsx';
import { ProblemsPanel } from '../canvas/ProblemsPanel.tsx';
import { HelpDialog } from '../designer/HelpDialog.tsx';
import { Toolbar } from '../designer/Toolbar.tsx';
import { useAutosave } from '../designer/use-autosave.ts';
import { useShortcuts } from '../designer/use-shortcuts.ts';
import { SidePanel } from '../inspector/SidePanel.tsx';
import type { FlowDetail } from '../lib/api-types.ts';
import { useTRPC, useTRPCClient } from '../lib/trpc.ts';
import { RunBanner } from '../run/RunBanner.tsx';
import { StepDrawer } from '../run/StepDrawer.tsx';
import { useRunOverlay } from '../run/use-run-overlay.ts';
import { DesignerStoreProvider, useDesigner, useDesignerStore } from '../store/context.tsx';
import { createDesignerStore, type DesignerStore } from '../store/store.ts';

export default function DesignerPage({ flowId, runId, canEdit }: { flowId: string; runId: string | null; canEdit: boolean }) {
  const trpc = useTRPC();
  // The draft is loaded once; later changes come from this tab (autosave) or an explicit reload.
  const flow = useQuery(trpc.flows.get.queryOptions({ id: flowId }, { staleTime: Infinity, refetchOnMount: 'always' }));
  const [store, setStore] = useState<DesignerStore | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);

  useEffect(() => {
    // Only from a fresh read: a cached draft from an earlier visit has an old revision, and
    // editing it would end in a conflict with our own earlier saves.
    if (!flow.data || flow.isFetching || store) return;
    const parsed = FlowDefinitionSchema.safeParse(flow.data.draft);
    if (!parsed.success) {
      setInvalid(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return;
    }
    setStore(createDesignerStore({ definition: parsed.data, revision: flow.data.draftRevision }));
  }, [flow.data, flow.isFetching, store]);

  if (flow.isPending) return <Loading what="the flow" />;
  if (flow.isError) return <ErrorState title="The flow could not be opened" error={flow.error} retry={() => void flow.refetch()} />;
  if (invalid) return <ErrorState title="The stored draft is not a valid flow" error={new Error(invalid)} />;
  if (!store) return <Loading what="the canvas" />;
  return (
    <DesignerStoreProvider store={store}>
      <ReactFlowProvider>
        <Designer flow={flow.data} runId={runId} readOnly={!canEdit || flow.data.archivedAt !== null} canEdit={canEdit} />
      </ReactFlowProvider>
    </DesignerStoreProvider>
  );
}

function Designer({ flow, runId, readOnly, canEdit }: { flow: FlowDetail; runId: string | null; readOnly: boolean; canEdit: boolean }) {
  const store = useDesignerStore();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const trpc = useTRPC();
  const flush = useAutosave(store, client, flow.id, !readOnly);
  const conflict = useDesigner((s) => s.save.status === 'conflict');
  const conflictMessage = useDesigner((s) => s.save.message);
  const helpOpen = useDesigner((s) => s.helpOpen);
  const stepNodeId = useDesigner((s) => s.stepNodeId);
  useShortcuts(store, readOnly);
  useRunOverlay(store, runId);

  const reload = async () => {
    const fresh = await queryClient.fetchQuery(trpc.flows.get.queryOptions({ id: flow.id }, { staleTime: 0 }));
    const parsed = FlowDefinitionSchema.safeParse(fresh.draft);
    if (!parsed.success) return;
    const state = store.getState();
    state.load(parsed.data as FlowDefinition);
    state.setSave({ status: 'saved', revision: fresh.draftRevision, savedSeq: state.editSeq, message: undefined });
  };

  return (
    <div className="designer">
      <Toolbar flow={flow} readOnly={readOnly} canEdit={canEdit} flush={flush} />
      {conflict ? (
        <div className="banner banner-error designer-banner" role="alert">
          <span>
            <strong>This draft was changed elsewhere — reload to continue.</strong> Your changes since the last save are not stored; nothing
            was overwritten. {conflictMessage}
          </span>
          <button type="button" className="btn btn-small" onClick={() => void reload()}>
            Reload
          </button>
        </div>
      ) : null}
      {flow.archivedAt ? (
        <div className="banner designer-banner" role="status">
          This flow is archived: it is read-only and accepts no new runs. Restore it from the flows list to edit it.
        </div>
      ) : !canEdit ? (
        <div className="banner designer-banner" role="status">
          You can look at this flow; editing needs the process owner or admin role.
        </div>
      ) : null}
      <div className="designer-body">
        <Palette readOnly={readOnly} />
        <div className="designer-center">
          <div className="canvas-wrap">
            <Canvas readOnly={readOnly} />
            <ConnectionHint />
            <RunBanner flowId={flow.id} />
          </div>
          <ProblemsPanel />
        </div>
        <div className="designer-side">
          <SidePanel flowId={flow.id} readOnly={readOnly} />
          {stepNodeId ? <StepDrawer /> : null}
        </div>
      </div>
      {helpOpen ? <HelpDialog onClose={() => store.getState().setHelpOpen(false)} /> : null}
    </div>
  );
}

function ConnectionHint() {
  const hint = useDesigner((s) => s.connectionHint);
  return (
    <div className="connection-hint" role="status" aria-live="polite">
      {hint ? <span>Cannot connect: {hint}</span> : null}
    </div>
  );
}
