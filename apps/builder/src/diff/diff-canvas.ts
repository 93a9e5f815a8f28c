import type { FlowDefinition, FlowEdge, FlowNode, PortSpec } from '@trackway/schema';
import type { Node } from '@xyflow/react';
import type { CanvasEdge, StepNodeData } from '../canvas/derive.ts';
import { displayName, inputsOf, outputsOf, specOf } from '../lib/registry.ts';
import type { ChangeKind, FlowDiff } from '../store/diff.ts';

export type DiffNodeData = StepNodeData & { readonly change: ChangeKind | null };
export type DiffCanvasNode = Node<DiffNodeData, 'step'>;

const NO_PROBLEMS = { errors: [], warnings: [] } as const;

export const CHANGE_LABEL: Readonly<Record<ChangeKind, string>> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

/**
 * The read-only diff canvas: the newer version as drawn, plus what it no longer has as ghosts
 * at their old positions, each node and edge tagged with its change. Ports come from the node
 * type and from the edges themselves, so an edge of an old version still finds its handle even
 * when the port no longer exists (or the node type is not installed any more).
 */
export function diffCanvas(
  before: FlowDefinition,
  after: FlowDefinition,
  diff: FlowDiff,
): { nodes: DiffCanvasNode[]; edges: CanvasEdge[] } {
  const removedNodes = before.nodes.filter((n) => diff.byNode.get(n.id) === 'removed');
  const removedEdges = before.edges.filter((e) => diff.byEdge.get(e.id) === 'removed');
  const allNodes = [...after.nodes, ...removedNodes];
  const allEdges = [...after.edges, ...removedEdges];
  const byId = new Map(allNodes.map((n) => [n.id, n]));

  const usedPorts = new Map<string, Set<string>>();
  const targeted = new Set<string>();
  for (const edge of allEdges) {
    usedPorts.set(edge.source, (usedPorts.get(edge.source) ?? new Set()).add(edge.sourcePort));
    targeted.add(edge.target);
  }
  const portsOf = new Map<string, readonly PortSpec[]>();
  for (const node of allNodes) {
    const declared = outputsOf(node);
    const extra = [...(usedPorts.get(node.id) ?? [])].filter((name) => !declared.some((p) => p.name === name)).map((name) => ({ name }));
    portsOf.set(node.id, [...declared, ...extra]);
  }

  const nodes = allNodes.map((node): DiffCanvasNode => {
    const change = diff.byNode.get(node.id) ?? null;
    const spec = specOf(node);
    const typeTitle = spec?.palette.title ?? node.type;
    return {
      id: node.id,
      type: 'step',
      position: node.position,
      className: change ? `diff-node diff-${change}` : 'diff-node',
      draggable: false,
      connectable: false,
      ariaLabel: `${displayName(node)} (${typeTitle})${change ? `: ${CHANGE_LABEL[change].toLowerCase()}` : ''}`,
      // Ghosts sit under what replaced them, never on top.
      ...(change === 'removed' ? { zIndex: -1 } : {}),
      data: {
        node,
        title: displayName(node),
        typeTitle,
        icon: spec?.palette.icon ?? 'unknown',
        outputs: portsOf.get(node.id) ?? [],
        hasInput: inputsOf(node).length > 0 || targeted.has(node.id),
        problems: NO_PROBLEMS,
        run: null,
        change,
      },
    };
  });

  const edges = allEdges.map((edge: FlowEdge): CanvasEdge => {
    const change = diff.byEdge.get(edge.id) ?? null;
    const source: FlowNode | undefined = byId.get(edge.source);
    const target = byId.get(edge.target);
    const ports = portsOf.get(edge.source) ?? [];
    const port = ports.find((p) => p.name === edge.sourcePort);
    const portLabel = ports.length > 1 ? (port?.label ?? edge.sourcePort) : '';
    return {
      id: edge.id,
      type: 'flow',
      source: edge.source,
      target: edge.target,
      sourceHandle: edge.sourcePort,
      targetHandle: edge.targetPort,
      className: change ? `diff-edge diff-${change}` : 'diff-edge',
      reconnectable: false,
      ariaLabel: `Connection from ${source ? displayName(source) : edge.source}${portLabel ? ` (${portLabel})` : ''} to ${
        target ? displayName(target) : edge.target
      }${change ? `: ${CHANGE_LABEL[change].toLowerCase()}` : ''}`,
      data: { edge, problems: [], taken: false, portLabel },
    };
  });
  return { nodes, edges };
}
