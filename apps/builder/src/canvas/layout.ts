import type { FlowDefinition } from '@trackway/schema';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { outputsOf } from '../lib/registry.ts';
import type { Position } from '../store/ops.ts';

const DEFAULT_SIZE = { width: 220, height: 80 };

/**
 * Top-to-bottom layered layout (ELK), with each node's output ports kept in their declared order
 * so "yes" stays left of "no". Notes keep their place. Returns new positions by node id.
 */
export async function layoutFlow(
  def: FlowDefinition,
  sizes: Readonly<Record<string, { width: number; height: number }>>,
): Promise<Record<string, Position>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const portId = (nodeId: string, port: string) => `${nodeId}::${port}`;
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '50',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: def.nodes.map((node) => {
      const size = sizes[node.id] ?? DEFAULT_SIZE;
      return {
        id: node.id,
        width: size.width,
        height: size.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
        ports: [
          { id: portId(node.id, 'in'), layoutOptions: { 'elk.port.side': 'NORTH' } },
          // ELK numbers ports clockwise, i.e. right to left on the south side.
          ...outputsOf(node).map((p, i, all) => ({
            id: portId(node.id, p.name),
            layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(all.length - 1 - i) },
          })),
        ],
      };
    }),
    edges: def.edges
      .filter((e) => e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [portId(e.source, e.sourcePort)], targets: [portId(e.target, 'in')] })),
  };
  // Edges from ports that no longer exist would make ELK throw; fall back to the node itself.
  const ports = new Set(graph.children?.flatMap((c) => c.ports?.map((p) => p.id) ?? []));
  const nodes = new Set(def.nodes.map((n) => n.id));
  graph.edges = (graph.edges ?? []).flatMap((e) => {
    const [source] = e.sources;
    const [target] = e.targets;
    if (!source || !target) return [];
    const s = ports.has(source) ? source : source.split('::')[0];
    const t = ports.has(target) ? target : target.split('::')[0];
    return s && t && (ports.has(s) || nodes.has(s)) && (ports.has(t) || nodes.has(t)) ? [{ ...e, sources: [s], targets: [t] }] : [];
  });
  const result = await elk.layout(graph);
  const positions: Record<string, Position> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}
