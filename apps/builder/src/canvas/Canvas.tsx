import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type EdgeTypes,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import { registry } from '../lib/registry.ts';
import { createNode, connectOp } from '../store/actions.ts';
import { checkConnection } from '../store/connections.ts';
import { useDesigner, useDesignerStore } from '../store/context.tsx';
import type { Position } from '../store/ops.ts';
import { CanvasDeriver, locateDiagnostics, type CanvasEdge, type CanvasNode } from './derive.ts';
import { FlowEdgeView } from './FlowEdgeView.tsx';
import { NoteNodeView } from './NoteNodeView.tsx';
import { PALETTE_MIME, parsePaletteData } from './palette-dnd.ts';
import { StepNodeView } from './StepNodeView.tsx';

// Module scope: React Flow re-mounts every node when these objects change identity, and every
// prop of <ReactFlow> or <MiniMap> that changes identity re-renders the whole graph (or all 600
// minimap nodes) on each drag frame. Callbacks below are stable for the same reason.
const nodeTypes = { step: StepNodeView, note: NoteNodeView } satisfies NodeTypes;
const edgeTypes = { flow: FlowEdgeView } satisfies EdgeTypes;
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const SNAP: [number, number] = [16, 16];
const proOptions = { hideAttribution: true };
const fitViewOptions = { maxZoom: 1, padding: 0.3 };
const miniMapStyle = { width: 150, height: 100 };
const miniMapNodeClass = (n: CanvasNode) => `minimap-${n.type}`;
/** Below this zoom node labels are under ~5 px tall; the canvas draws nodes as tinted boxes (styles.css). */
export const FAR_ZOOM = 0.4;
const isFar = (s: { transform: [number, number, number] }) => s.transform[2] < FAR_ZOOM;

export function Canvas({ readOnly }: { readOnly: boolean }) {
  const store = useDesignerStore();
  const flow = useReactFlow<CanvasNode, CanvasEdge>();
  const definition = useDesigner((s) => s.definition);
  const diagnostics = useDesigner((s) => s.diagnostics);
  const selectedNodeIds = useDesigner((s) => s.selectedNodeIds);
  const selectedEdgeIds = useDesigner((s) => s.selectedEdgeIds);
  const selectedNoteIds = useDesigner((s) => s.selectedNoteIds);
  const sizes = useDesigner((s) => s.sizes);
  const run = useDesigner((s) => s.run);
  const focus = useDesigner((s) => s.focus);
  const fitSeq = useDesigner((s) => s.fitSeq);
  const [deriver] = useState(() => new CanvasDeriver());
  // A boolean, so panning and zooming re-render the canvas only when the threshold is crossed.
  const far = useStore(isFar);

  // Diagnostics only change on edits that can change them (not on drags), so locating them is cheap.
  const located = useMemo(() => locateDiagnostics(store.getState().definition, diagnostics), [diagnostics, store]);
  const nodes = useMemo(
    () => deriver.deriveNodes({ definition, located, selectedNodeIds, selectedEdgeIds: [], selectedNoteIds, sizes, run }),
    [deriver, definition, located, selectedNodeIds, selectedNoteIds, sizes, run],
  );
  const edges = useMemo(
    () => deriver.deriveEdges({ definition, located, selectedNodeIds: [], selectedEdgeIds, selectedNoteIds: [], sizes: {}, run }),
    [deriver, definition, located, selectedEdgeIds, run],
  );

  useEffect(() => {
    if (!focus) return;
    const id = focus.nodeId ?? (focus.edgeId ? store.getState().definition.edges.find((e) => e.id === focus.edgeId)?.source : undefined);
    if (id) void flow.fitView({ nodes: [{ id }], duration: 300, maxZoom: 1.2, padding: 0.8 });
  }, [focus, flow, store]);

  // Runs after React Flow's own store has taken the new nodes (its updater is a child, so its effects run first).
  useEffect(() => {
    if (fitSeq > 0) void flow.fitView({ duration: 300, padding: 0.15, maxZoom: 1 });
  }, [fitSeq, flow]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      const state = store.getState();
      const positions: Record<string, Position> = {};
      const newSizes: Record<string, { width: number; height: number }> = {};
      let dragging = false;
      let dragEnded = false;
      let selection: Set<string> | undefined;
      for (const change of changes) {
        switch (change.type) {
          case 'position':
            if (change.position) positions[change.id] = change.position;
            if (change.dragging) dragging = true;
            else dragEnded = true;
            break;
          case 'dimensions':
            if (change.dimensions) newSizes[change.id] = change.dimensions;
            break;
          case 'select':
            selection ??= new Set([...state.selectedNodeIds, ...state.selectedNoteIds]);
            if (change.selected) selection.add(change.id);
            else selection.delete(change.id);
            break;
          default:
            // Removal goes through the designer's own Delete handling (one undo step for nodes and their edges).
            break;
        }
      }
      if (Object.keys(newSizes).length > 0) state.setSizes(newSizes);
      if (Object.keys(positions).length > 0 && !readOnly) state.apply({ kind: 'move', positions }, { gesture: dragging });
      if (dragEnded) state.endGesture();
      if (selection) {
        const notes = new Set(state.definition.notes.map((n) => n.id));
        state.setSelection({ nodes: [...selection].filter((id) => !notes.has(id)), notes: [...selection].filter((id) => notes.has(id)) });
      }
    },
    [store, readOnly],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<CanvasEdge>[]) => {
      const state = store.getState();
      let selection: Set<string> | undefined;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        selection ??= new Set(state.selectedEdgeIds);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
      if (selection) state.setSelection({ edges: [...selection] });
    },
    [store],
  );

  const isValidConnection = useCallback<IsValidConnection<CanvasEdge>>(
    (c) => {
      const verdict = checkConnection(store.getState().definition, {
        source: c.source,
        sourcePort: c.sourceHandle,
        target: c.target,
        targetPort: c.targetHandle,
      });
      store.getState().setConnectionHint(verdict.ok ? null : verdict.reason);
      return verdict.ok;
    },
    [store],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const state = store.getState();
      const { op, verdict } = connectOp(state.definition, {
        source: c.source,
        sourcePort: c.sourceHandle,
        target: c.target,
        targetPort: c.targetHandle,
      });
      if (verdict.ok) state.apply(op);
      else state.setConnectionHint(verdict.reason);
    },
    [store],
  );

  const onReconnect = useCallback(
    (old: CanvasEdge, c: Connection) => {
      const state = store.getState();
      const proposed = { source: c.source, sourcePort: c.sourceHandle, target: c.target, targetPort: c.targetHandle };
      const verdict = checkConnection(state.definition, proposed, old.id);
      if (!verdict.ok) {
        state.setConnectionHint(verdict.reason);
        return;
      }
      state.apply({
        kind: 'reconnect',
        edgeId: old.id,
        source: c.source,
        sourcePort: c.sourceHandle ?? 'next',
        target: c.target,
        targetPort: c.targetHandle ?? 'in',
      });
    },
    [store],
  );

  // The refusal reason stays visible for a moment after the drop, then clears.
  const clearHintSoon = useCallback(() => {
    window.setTimeout(() => store.getState().setConnectionHint(null), 2500);
  }, [store]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const data = parsePaletteData(event.dataTransfer.getData(PALETTE_MIME));
      if (!data || readOnly) return;
      event.preventDefault();
      const spec = registry.get(data.type, data.version);
      if (!spec) return;
      const state = store.getState();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const node = createNode(state.definition, spec, { x: at.x - 110, y: at.y - 30 });
      state.apply({ kind: 'addNodes', nodes: [node] });
      state.setSelection({ nodes: [node.id], edges: [], notes: [] });
    },
    [flow, store, readOnly],
  );

  const onPaneClick = useCallback(() => store.getState().clearSelection(), [store]);

  const onNodeClick = useCallback(
    (_: unknown, node: CanvasNode) => {
      const state = store.getState();
      if (state.run && node.type === 'step') state.openStep(node.id);
      if (node.type === 'step') state.setSideTab('inspector');
    },
    [store],
  );

  return (
    <div className={far ? 'canvas is-far' : 'canvas'} onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<CanvasNode, CanvasEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={clearHintSoon}
        onReconnect={onReconnect}
        onReconnectEnd={clearHintSoon}
        isValidConnection={isValidConnection}
        onNodeClick={onNodeClick}
        onPaneClick={onPaneClick}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        deleteKeyCode={null}
        snapToGrid
        snapGrid={SNAP}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2}
        proOptions={proOptions}
        connectionRadius={28}
        aria-label="Flow canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <MiniMap pannable zoomable ariaLabel="Mini map" style={miniMapStyle} nodeClassName={miniMapNodeClass} />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}
