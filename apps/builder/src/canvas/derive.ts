import type { Diagnostic, FlowDefinition, FlowEdge, FlowNode, PortSpec } from '@trackway/schema';
import type { Edge, Node } from '@xyflow/react';
import type { RunView, StepState } from '../lib/api-types.ts';
import { displayName, inputsOf, outputsOf, specOf } from '../lib/registry.ts';
import type { FlowNote } from '../store/ops.ts';

export type StepStatus = StepState['status'];

export type NodeProblems = { readonly errors: readonly string[]; readonly warnings: readonly string[] };

export type StepNodeData = {
  readonly node: FlowNode;
  readonly title: string;
  readonly typeTitle: string;
  readonly icon: string;
  readonly outputs: readonly PortSpec[];
  readonly hasInput: boolean;
  readonly problems: NodeProblems;
  readonly run: { readonly status: StepStatus; readonly visits: number; readonly port?: string } | null;
};
export type NoteNodeData = { readonly note: FlowNote };

/** Canvas nodes are a union of typed nodes, one per kind of thing drawn. */
export type StepCanvasNode = Node<StepNodeData, 'step'>;
export type NoteCanvasNode = Node<NoteNodeData, 'note'>;
export type CanvasNode = StepCanvasNode | NoteCanvasNode;

export type FlowEdgeData = {
  readonly edge: FlowEdge;
  readonly problems: readonly string[];
  readonly taken: boolean;
  readonly portLabel: string;
};
export type CanvasEdge = Edge<FlowEdgeData, 'flow'>;

const NO_PROBLEMS: NodeProblems = { errors: [], warnings: [] };

export interface Located {
  readonly byNode: ReadonlyMap<string, Diagnostic[]>;
  readonly byEdge: ReadonlyMap<string, Diagnostic[]>;
  readonly flowLevel: readonly Diagnostic[];
}

/** Where each diagnostic belongs: a node, an edge, or the flow as a whole. */
export function locateDiagnostics(def: FlowDefinition, diagnostics: readonly Diagnostic[]): Located {
  const byNode = new Map<string, Diagnostic[]>();
  const byEdge = new Map<string, Diagnostic[]>();
  const flowLevel: Diagnostic[] = [];
  const push = (map: Map<string, Diagnostic[]>, id: string, d: Diagnostic) => map.set(id, [...(map.get(id) ?? []), d]);
  for (const d of diagnostics) {
    if (d.edgeId !== undefined) push(byEdge, d.edgeId, d);
    if (d.nodeId !== undefined) push(byNode, d.nodeId, d);
    if (d.nodeId !== undefined || d.edgeId !== undefined) continue;
    // Structure errors point into the definition: nodes.3.config -> the fourth node.
    const [section, index] = d.path ?? [];
    const node = section === 'nodes' && typeof index === 'number' ? def.nodes[index] : undefined;
    const edge = section === 'edges' && typeof index === 'number' ? def.edges[index] : undefined;
    if (node) push(byNode, node.id, d);
    else if (edge) push(byEdge, edge.id, d);
    else flowLevel.push(d);
  }
  return { byNode, byEdge, flowLevel };
}

function problemsOf(list: readonly Diagnostic[] | undefined): NodeProblems {
  if (!list || list.length === 0) return NO_PROBLEMS;
  return {
    errors: list.filter((d) => d.severity === 'error').map((d) => d.message),
    warnings: list.filter((d) => d.severity === 'warning').map((d) => d.message),
  };
}

export interface DeriveInput {
  readonly definition: FlowDefinition;
  readonly located: Located;
  readonly selectedNodeIds: readonly string[];
  readonly selectedEdgeIds: readonly string[];
  readonly selectedNoteIds: readonly string[];
  readonly sizes: Readonly<Record<string, { width: number; height: number }>>;
  readonly run: RunView | null;
}

interface NodeCacheEntry {
  readonly source: FlowNode | FlowNote;
  readonly key: string;
  readonly value: CanvasNode;
}
interface EdgeCacheEntry {
  readonly source: FlowEdge;
  readonly key: string;
  readonly value: CanvasEdge;
}

const sameItems = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Remembers the canvas objects it produced so an unchanged node keeps its identity: dragging
 * one node then re-renders that node only, even on a 600-node canvas. An unchanged list keeps its
 * identity too: React Flow rebuilds its connection lookup and notifies every edge whenever the
 * `edges` prop is a new array, which on a large canvas costs more than the drag itself.
 */
export class CanvasDeriver {
  private nodes = new Map<string, NodeCacheEntry>();
  private edges = new Map<string, EdgeCacheEntry>();
  private outputs = new WeakMap<FlowNode, readonly PortSpec[]>();
  private lastNodes: CanvasNode[] = [];
  private lastEdges: CanvasEdge[] = [];

  outputsOf(node: FlowNode): readonly PortSpec[] {
    let ports = this.outputs.get(node);
    if (!ports) {
      ports = outputsOf(node);
      this.outputs.set(node, ports);
    }
    return ports;
  }

  deriveNodes(input: DeriveInput): CanvasNode[] {
    const selected = new Set([...input.selectedNodeIds, ...input.selectedNoteIds]);
    const next = new Map<string, NodeCacheEntry>();
    const out: CanvasNode[] = [];
    for (const node of input.definition.nodes) {
      const problemsList = input.located.byNode.get(node.id);
      const problems = problemsOf(problemsList);
      const step = input.run?.live?.steps[node.id];
      const run = step ? { status: step.status, visits: step.visits, ...(step.port !== undefined ? { port: step.port } : {}) } : null;
      const size = input.sizes[node.id];
      const key = [
        selected.has(node.id) ? 1 : 0,
        problems.errors.join('\u0001'),
        problems.warnings.join('\u0001'),
        run ? `${run.status}:${run.visits}:${run.port ?? ''}` : '',
        size ? `${size.width}x${size.height}` : '',
      ].join('\u0002');
      const cached = this.nodes.get(node.id);
      if (cached && cached.source === node && cached.key === key) {
        next.set(node.id, cached);
        out.push(cached.value);
        continue;
      }
      const spec = specOf(node);
      const value: StepCanvasNode = {
        id: node.id,
        type: 'step',
        position: node.position,
        selected: selected.has(node.id),
        ...(size ? { measured: size } : {}),
        ariaLabel: `${displayName(node)} (${spec?.palette.title ?? node.type})`,
        data: {
          node,
          title: displayName(node),
          typeTitle: spec?.palette.title ?? `Unknown type ${node.type}`,
          icon: spec?.palette.icon ?? 'unknown',
          outputs: this.outputsOf(node),
          hasInput: inputsOf(node).length > 0,
          problems,
          run,
        },
      };
      next.set(node.id, { source: node, key, value });
      out.push(value);
    }
    for (const note of input.definition.notes) {
      const size = input.sizes[note.id];
      const key = `${selected.has(note.id) ? 1 : 0}|${size ? `${size.width}x${size.height}` : ''}`;
      const cached = this.nodes.get(note.id);
      if (cached && cached.source === note && cached.key === key) {
        next.set(note.id, cached);
        out.push(cached.value);
        continue;
      }
      const value: NoteCanvasNode = {
        id: note.id,
        type: 'note',
        position: note.position,
        selected: selected.has(note.id),
        ...(size ? { measured: size } : {}),
        ariaLabel: 'Sticky note',
        zIndex: -1,
        data: { note },
      };
      next.set(note.id, { source: note, key, value });
      out.push(value);
    }
    this.nodes = next;
    this.lastNodes = sameItems(this.lastNodes, out) ? this.lastNodes : out;
    return this.lastNodes;
  }

  deriveEdges(input: DeriveInput): CanvasEdge[] {
    const selected = new Set(input.selectedEdgeIds);
    const byId = new Map(input.definition.nodes.map((n) => [n.id, n]));
    const next = new Map<string, EdgeCacheEntry>();
    const out: CanvasEdge[] = [];
    for (const edge of input.definition.edges) {
      const problems = (input.located.byEdge.get(edge.id) ?? []).map((d) => d.message);
      const step = input.run?.live?.steps[edge.source];
      const taken = step !== undefined && step.port === edge.sourcePort && step.status === 'completed';
      const source = byId.get(edge.source);
      const ports = source ? this.outputsOf(source) : [];
      const port = ports.find((p) => p.name === edge.sourcePort);
      const portLabel = ports.length > 1 ? (port?.label ?? edge.sourcePort) : '';
      const key = `${selected.has(edge.id) ? 1 : 0}|${problems.join('\u0001')}|${taken ? 1 : 0}|${portLabel}`;
      const cached = this.edges.get(edge.id);
      if (cached && cached.source === edge && cached.key === key) {
        next.set(edge.id, cached);
        out.push(cached.value);
        continue;
      }
      const target = byId.get(edge.target);
      const value: CanvasEdge = {
        id: edge.id,
        type: 'flow',
        source: edge.source,
        target: edge.target,
        sourceHandle: edge.sourcePort,
        targetHandle: edge.targetPort,
        selected: selected.has(edge.id),
        reconnectable: true,
        ariaLabel: `Connection from ${source ? displayName(source) : edge.source}${portLabel ? ` (${portLabel})` : ''} to ${target ? displayName(target) : edge.target}`,
        data: { edge, problems, taken, portLabel },
      };
      next.set(edge.id, { source: edge, key, value });
      out.push(value);
    }
    this.edges = next;
    this.lastEdges = sameItems(this.lastEdges, out) ? this.lastEdges : out;
    return this.lastEdges;
  }
}
