import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import { useEffect } from 'react';
import type { CanvasEdge } from '../canvas/derive.ts';
import { FlowEdgeView } from '../canvas/FlowEdgeView.tsx';
import type { DiffCanvasNode } from './diff-canvas.ts';
import { DiffNodeView } from './DiffNodeView.tsx';

// Module scope: React Flow re-mounts every node when these objects change identity.
const nodeTypes = { step: DiffNodeView } satisfies NodeTypes;
const edgeTypes = { flow: FlowEdgeView } satisfies EdgeTypes;
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const proOptions = { hideAttribution: true };
const fitViewOptions = { maxZoom: 1, padding: 0.2 };

export interface DiffCanvasProps {
  readonly nodes: readonly DiffCanvasNode[];
  readonly edges: readonly CanvasEdge[];
  /** Bring this node into view (a pick in the change list); `seq` repeats a request for the same node. */
  readonly focus: { readonly nodeId: string; readonly seq: number } | null;
  readonly onPick: (nodeId: string) => void;
}

/**
 * The comparison drawn read-only. Uncontrolled (`defaultNodes`): nothing here edits, so React
 * Flow keeps its own copy; the dialog re-mounts this when the compared versions change.
 */
export function DiffCanvas({ nodes, edges, focus, onPick }: DiffCanvasProps) {
  const flow = useReactFlow<DiffCanvasNode, CanvasEdge>();
  useEffect(() => {
    if (focus) void flow.fitView({ nodes: [{ id: focus.nodeId }], duration: 300, maxZoom: 1.2, padding: 0.8 });
  }, [focus, flow]);
  return (
    <div className="diff-canvas">
      <ReactFlow<DiffCanvasNode, CanvasEdge>
        defaultNodes={nodes as DiffCanvasNode[]}
        defaultEdges={edges as CanvasEdge[]}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={defaultEdgeOptions}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesReconnectable={false}
        deleteKeyCode={null}
        onNodeClick={(_, node) => onPick(node.id)}
        fitView
        fitViewOptions={fitViewOptions}
        minZoom={0.1}
        maxZoom={2}
        proOptions={proOptions}
        aria-label="Differences canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
        <MiniMap
          pannable
          zoomable
          ariaLabel="Mini map of the differences"
          style={{ width: 150, height: 100 }}
          nodeClassName={(n) => n.className ?? ''}
        />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </div>
  );
}
