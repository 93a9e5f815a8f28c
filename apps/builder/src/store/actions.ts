import type { NodeDefinition } from '@trackway/nodes';
import type { FlowDefinition, FlowEdge, FlowNode } from '@trackway/schema';
import { outputsOf } from '../lib/registry.ts';
import { initialConfig } from '../nodes/defaults.ts';
import { checkConnection, type ConnectionVerdict, type ProposedConnection } from './connections.ts';
import { edgeId, uniqueId } from './ids.ts';
import type { FlowOp, Position } from './ops.ts';

/** Vertical distance between a node and one inserted after it. */
const STEP_Y = 140;

export function createNode(def: FlowDefinition, spec: NodeDefinition, position: Position): FlowNode {
  const taken = new Set([...def.nodes.map((n) => n.id), ...def.notes.map((n) => n.id)]);
  return {
    id: uniqueId(spec.type, taken),
    type: spec.type,
    typeVersion: spec.version,
    label: spec.palette.title,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    config: initialConfig(spec),
  };
}

const DEFAULT_SIZE = { width: 220, height: 80 };

/** Near `at`, a place where a new node does not cover an existing one (it steps down and right). */
export function freeSpot(
  def: FlowDefinition,
  sizes: Readonly<Record<string, { width: number; height: number }>>,
  at: Position,
  size = DEFAULT_SIZE,
): Position {
  const overlaps = (p: Position) =>
    def.nodes.some((n) => {
      const s = sizes[n.id] ?? DEFAULT_SIZE;
      return (
        p.x < n.position.x + s.width && p.x + size.width > n.position.x && p.y < n.position.y + s.height && p.y + size.height > n.position.y
      );
    });
  let p = at;
  for (let i = 0; i < 40 && overlaps(p); i += 1) p = { x: p.x + 32, y: p.y + 32 };
  return p;
}

/** The edge for a connection `checkConnection` accepted. */
export function connectOp(def: FlowDefinition, c: ProposedConnection): { op: FlowOp; verdict: ConnectionVerdict } {
  const verdict = checkConnection(def, c);
  if (!verdict.ok || !c.source || !c.target) return { op: { kind: 'batch', ops: [] }, verdict };
  const source = def.nodes.find((n) => n.id === c.source) as FlowNode;
  const sourcePort = c.sourcePort ?? outputsOf(source)[0]?.name ?? 'next';
  const edge: FlowEdge = {
    id: edgeId(c.source, sourcePort, c.target, new Set(def.edges.map((e) => e.id))),
    source: c.source,
    sourcePort,
    target: c.target,
    targetPort: c.targetPort ?? 'in',
  };
  return { op: { kind: 'connect', edge }, verdict };
}

/**
 * Click-to-add after the selection: the new node goes below `afterId` and takes over its first
 * free output; when every output is taken, it is spliced into the first one
 * (after -> new -> old target), so adding a step never leaves a dangling branch.
 */
export function insertAfterOp(def: FlowDefinition, afterId: string, spec: NodeDefinition): { op: FlowOp; node: FlowNode } | undefined {
  const after = def.nodes.find((n) => n.id === afterId);
  if (!after) return undefined;
  const ports = outputsOf(after);
  if (ports.length === 0) return undefined;
  const used = new Map(def.edges.filter((e) => e.source === afterId).map((e) => [e.sourcePort, e] as const));
  const freeIndex = ports.findIndex((p) => !used.has(p.name));
  const portIndex = freeIndex >= 0 ? freeIndex : 0;
  const port = ports[portIndex]?.name as string;
  const spread = ports.length > 1 ? (portIndex - (ports.length - 1) / 2) * 260 : 0;
  const node = createNode(def, spec, { x: after.position.x + spread, y: after.position.y + STEP_Y });
  const edgeIds = new Set(def.edges.map((e) => e.id));
  const ops: FlowOp[] = [{ kind: 'addNodes', nodes: [node] }];
  const existing = used.get(port);
  const newIn: FlowEdge = {
    id: edgeId(afterId, port, node.id, edgeIds),
    source: afterId,
    sourcePort: port,
    target: node.id,
    targetPort: 'in',
  };
  edgeIds.add(newIn.id);
  if (existing) {
    ops.push({ kind: 'remove', edgeIds: [existing.id] });
    const out = outputsOf(node)[0];
    if (out) {
      ops.push({
        kind: 'connect',
        edge: {
          id: edgeId(node.id, out.name, existing.target, edgeIds),
          source: node.id,
          sourcePort: out.name,
          target: existing.target,
          targetPort: existing.targetPort,
        },
      });
      // Make room: everything below moves down one step.
      const shift: Record<string, Position> = {};
      for (const n of def.nodes)
        if (n.position.y >= node.position.y - 20 && n.id !== afterId) shift[n.id] = { x: n.position.x, y: n.position.y + STEP_Y };
      ops.push({ kind: 'move', positions: shift });
    }
  }
  ops.push({ kind: 'connect', edge: newIn });
  return { op: { kind: 'batch', ops }, node };
}
