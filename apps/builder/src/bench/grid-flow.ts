import type { FlowDefinitionInput } from '@trackway/schema';

type Node = FlowDefinitionInput['nodes'][number];
type Edge = NonNullable<FlowDefinitionInput['edges']>[number];

/**
 * A valid flow of `size` nodes laid out on a square-ish grid (625 = the 25x25 grid of React
 * Flow's stress example): start, a serpentine chain of `set` steps, end.
 */
export function gridFlow(size: number): FlowDefinitionInput {
  const columns = Math.ceil(Math.sqrt(size));
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  for (let i = 0; i < size; i++) {
    const row = Math.floor(i / columns);
    const col = row % 2 === 0 ? i % columns : columns - 1 - (i % columns);
    const id = i === 0 ? 'start' : i === size - 1 ? 'end' : `s${i}`;
    const type = i === 0 ? 'start' : i === size - 1 ? 'end' : 'set';
    const config = type === 'set' ? { assignments: [{ variable: 'counter', value: `vars.counter + ${i}` }] } : {};
    nodes.push({ id, type, typeVersion: 1, label: `Step ${i}`, position: { x: col * 320, y: row * 192 }, config });
    const prev = nodes[i - 1];
    if (prev) edges.push({ id: `${prev.id}-${id}`, source: prev.id, sourcePort: 'next', target: id, targetPort: 'in' });
  }
  return {
    schemaVersion: 1,
    metadata: { name: `grid ${size}` },
    nodes,
    edges,
    variables: [{ name: 'counter', type: 'number', default: 0 }],
  };
}
