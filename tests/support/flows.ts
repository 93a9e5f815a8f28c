import type { FlowDefinitionInput } from '@trackway/schema';

type Node = FlowDefinitionInput['nodes'][number];
type Edge = NonNullable<FlowDefinitionInput['edges']>[number];

export const n = (id: string, type: string, config: Record<string, unknown> = {}): Node => ({
  id,
  type,
  typeVersion: 1,
  label: id,
  position: { x: 0, y: 0 },
  config,
});
export const e = (source: string, target: string, sourcePort = 'next'): Edge => ({
  id: `${source}-${sourcePort}-${target}`,
  source,
  sourcePort,
  target,
  targetPort: 'in',
});

export function definition(name: string, nodes: Node[], edges: Edge[], extra: Partial<FlowDefinitionInput> = {}): FlowDefinitionInput {
  return { schemaVersion: 1, metadata: { name }, nodes, edges, ...extra };
}

/** start -> wait 3 days -> notify -> end: the long-timer case. */
export const threeDayDelayFlow = definition(
  'three-day delay',
  [
    n('start', 'start'),
    n('wait', 'delay', { amount: 3, unit: 'days' }),
    n('tell', 'notify', { to: 'ops@example.test', subject: 'Waited for {{ input.ticket }}' }),
    n('end', 'end', { output: '{ "ticket": input.ticket }' }),
  ],
  [e('start', 'wait'), e('wait', 'tell'), e('tell', 'end')],
  { input: { fields: [{ name: 'ticket', type: 'string', required: true }] } },
);

/** start -> condition(amount >= 1000) -> yes: set tier "gold" / no: set tier "standard" -> end(tier). */
export const branchingFlow = definition(
  'branching',
  [
    n('start', 'start', { businessKey: 'input.orderId' }),
    n('big', 'condition', { expression: 'input.amount >= 1000' }),
    n('gold', 'set', { assignments: [{ variable: 'tier', value: '"gold"' }] }),
    n('standard', 'set', { assignments: [{ variable: 'tier', value: '"standard"' }] }),
    n('end', 'end', { output: '{ "tier": vars.tier, "amount": input.amount }' }),
  ],
  [e('start', 'big'), e('big', 'gold', 'true'), e('big', 'standard', 'false'), e('gold', 'end'), e('standard', 'end')],
  {
    variables: [{ name: 'tier', type: 'string' }],
    input: {
      fields: [
        { name: 'orderId', type: 'string', required: true },
        { name: 'amount', type: 'number', required: true },
      ],
    },
  },
);

/** start -> wait `minutes` -> notify -> end: a run that sits in a timer for a while. */
export function waitingFlow(seconds: number): FlowDefinitionInput {
  return definition(
    'waiting',
    [
      n('start', 'start'),
      n('wait', 'delay', { amount: seconds, unit: 'seconds' }),
      n('tell', 'notify', { to: 'ops@example.test', subject: 'done {{ run.id }}' }),
      n('end', 'end'),
    ],
    [e('start', 'wait'), e('wait', 'tell'), e('tell', 'end')],
  );
}

/** Two timed branches in parallel that both set a variable, joined, then end. */
export const parallelFlow = definition(
  'parallel',
  [
    n('start', 'start'),
    n('split', 'parallel', { branches: [{ port: 'a' }, { port: 'b' }], mode: 'all' }),
    n('waitA', 'delay', { amount: 1, unit: 'hours' }),
    n('setA', 'set', { assignments: [{ variable: 'a', value: '"done-a"' }] }),
    n('waitB', 'delay', { amount: 2, unit: 'hours' }),
    n('setB', 'set', { assignments: [{ variable: 'b', value: '"done-b"' }] }),
    n('join', 'join'),
    n('end', 'end', { output: '[vars.a, vars.b]' }),
  ],
  [
    e('start', 'split'),
    e('split', 'waitA', 'a'),
    e('split', 'waitB', 'b'),
    e('waitA', 'setA'),
    e('waitB', 'setB'),
    e('setA', 'join'),
    e('setB', 'join'),
    e('join', 'end'),
  ],
  {
    variables: [
      { name: 'a', type: 'string' },
      { name: 'b', type: 'string' },
    ],
  },
);
