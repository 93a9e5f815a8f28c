import type { FlowDefinitionInput } from '@trackway/schema';
import { definition, e, n } from '../support/flows.ts';

/** The input both workflow kinds receive; `amount * quantity >= 1000` so the notify path is taken. */
export interface OrderInput {
  readonly orderId: string;
  readonly amount: number;
  readonly quantity: number;
  readonly owner: string;
}

export const benchInput = (i: number): OrderInput => ({
  orderId: `o-${i}`,
  amount: 600 + (i % 7),
  quantity: 2 + (i % 3),
  owner: `owner-${i % 5}@example.test`,
});

/** Nodes on the taken path; the hand-written workflow does the same 10 steps. */
export const EXECUTED_NODES = 10;

/**
 * start -> compute -> large? -> notifyOwner -> escalate -> notifyManager -> count -> notifyAudit
 * -> summarize -> end: 10 executed nodes, 3 `notify.send` activities plus `recordRunEnd`.
 * The condition's "no" port goes straight to end so the flow is valid; the bench never takes it.
 */
export const benchFlow: FlowDefinitionInput = definition(
  'bench: 10-step order flow',
  [
    n('start', 'start'),
    n('compute', 'set', { assignments: [{ variable: 'total', value: 'input.amount * input.quantity' }] }),
    n('large', 'condition', { expression: 'vars.total >= 1000' }),
    n('notifyOwner', 'notify', {
      to: '{{ input.owner }}',
      subject: 'Order {{ input.orderId }} needs approval',
      body: 'Total {{ vars.total }}',
    }),
    n('escalate', 'set', {
      assignments: [
        { variable: 'priority', value: 'vars.total >= 5000 ? "urgent" : "high"' },
        { variable: 'notified', value: '1' },
      ],
    }),
    n('notifyManager', 'notify', {
      to: 'manager@example.test',
      subject: '{{ vars.priority }}: order {{ input.orderId }}',
      body: 'Owner {{ input.owner }} was notified',
    }),
    n('count', 'set', { assignments: [{ variable: 'notified', value: 'vars.notified + 1' }] }),
    n('notifyAudit', 'notify', {
      channel: 'email',
      to: 'audit@example.test',
      subject: 'Audit {{ input.orderId }}',
      body: '{{ vars.notified }} notifications, total {{ vars.total }}',
    }),
    n('summarize', 'set', { assignments: [{ variable: 'summary', value: 'input.orderId & "/" & vars.priority' }] }),
    n('end', 'end', {
      output:
        '{ "orderId": input.orderId, "total": vars.total, "priority": vars.priority, "notified": vars.notified, "summary": vars.summary }',
    }),
  ],
  [
    e('start', 'compute'),
    e('compute', 'large'),
    e('large', 'notifyOwner', 'true'),
    e('large', 'end', 'false'),
    e('notifyOwner', 'escalate'),
    e('escalate', 'notifyManager'),
    e('notifyManager', 'count'),
    e('count', 'notifyAudit'),
    e('notifyAudit', 'summarize'),
    e('summarize', 'end'),
  ],
  {
    variables: [
      { name: 'total', type: 'number' },
      { name: 'priority', type: 'string' },
      { name: 'notified', type: 'number' },
      { name: 'summary', type: 'string' },
    ],
    input: {
      fields: [
        { name: 'orderId', type: 'string', required: true },
        { name: 'amount', type: 'number', required: true },
        { name: 'quantity', type: 'number', required: true },
        { name: 'owner', type: 'string', required: true },
      ],
    },
  },
);
