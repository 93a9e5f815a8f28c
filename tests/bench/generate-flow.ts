import type { FlowDefinitionInput } from '@trackway/schema';
import { definition, e, n } from '../support/flows.ts';

type Node = FlowDefinitionInput['nodes'][number];
type Edge = NonNullable<FlowDefinitionInput['edges']>[number];

/** Open ends of the graph built so far, each with the port that should feed the next node. */
type Tail = { readonly id: string; readonly port: string };

interface Builder {
  readonly nodes: Node[];
  readonly edges: Edge[];
  tails: Tail[];
}

/** Wires every open end into `id`; the new node becomes the only open end. */
function append(b: Builder, node: Node): void {
  b.nodes.push(node);
  for (const tail of b.tails) b.edges.push(e(tail.id, node.id, tail.port));
  b.tails = [{ id: node.id, port: 'next' }];
}

/** set -> condition -> (yes: set | no: delay): four nodes, both branches open for the next segment. */
function appendSegment(b: Builder, i: number, salt: number): void {
  const k = salt + i;
  append(b, n(`s${i}`, 'set', { assignments: [{ variable: 'counter', value: `vars.counter + ${k}` }] }));
  append(b, n(`c${i}`, 'condition', { expression: `vars.counter > ${k} and input.seed != ${k}` }));
  b.nodes.push(
    n(`y${i}`, 'set', { assignments: [{ variable: 'last', value: `input.seed * ${k} + vars.counter` }] }),
    n(`d${i}`, 'delay', { amount: (i % 59) + 1, unit: 'seconds' }),
  );
  b.edges.push(e(`c${i}`, `y${i}`, 'true'), e(`c${i}`, `d${i}`, 'false'));
  b.tails = [
    { id: `y${i}`, port: 'next' },
    { id: `d${i}`, port: 'next' },
  ];
}

/**
 * A valid flow of exactly `size` nodes (start, end and branching segments of set/condition/delay).
 * `salt` goes into every expression so each call yields sources the expression cache has not seen,
 * which measures validation cold, the way a freshly edited flow arrives at the API.
 */
export function generateFlow(size: number, salt = 0): FlowDefinitionInput {
  if (size < 2) throw new Error('a flow needs at least start and end');
  const b: Builder = { nodes: [n('start', 'start')], edges: [], tails: [{ id: 'start', port: 'next' }] };
  let body = size - 2;
  let i = 0;
  for (; body >= 4; body -= 4, i++) appendSegment(b, i, salt);
  for (; body > 0; body--, i++) append(b, n(`r${i}`, 'set', { assignments: [{ variable: 'last', value: `vars.counter - ${salt + i}` }] }));
  append(b, n('end', 'end', { output: '{ "counter": vars.counter, "last": vars.last }' }));
  return definition(`generated ${size}`, b.nodes, b.edges, {
    variables: [
      { name: 'counter', type: 'number', default: 0 },
      { name: 'last', type: 'number' },
    ],
    input: { fields: [{ name: 'seed', type: 'number', required: true }] },
  });
}
