import type { FlowDefinitionInput } from '@trackway/schema';

type Node = FlowDefinitionInput['nodes'][number];
type Edge = NonNullable<FlowDefinitionInput['edges']>[number];

/** Demo flows are laid out on a grid: column and row, so they open tidy on the canvas. */
export function node(id: string, type: string, label: string, config: Record<string, unknown>, col: number, row: number): Node {
  return { id, type, typeVersion: 1, label, position: { x: col * 260, y: row * 140 }, config };
}

export function edge(source: string, sourcePort: string, target: string): Edge {
  return { id: `${source}-${sourcePort}-${target}`, source, sourcePort, target, targetPort: 'in' };
}
