import type { FlowDefinitionInput } from '@trackway/schema';
import { edge, node } from './draw.ts';

/**
 * Scenario 1 (shared/SCENARIOS.md): reminders before the due date on the receivables calendar, a
 * task for the account manager the working day after it, escalation to the heads of sales after
 * ten more working days; a "payment.received" event for the invoice stops everything at once
 * (the race below cancels the other branch wherever it is).
 */
export const overdueReceivablesFlow: FlowDefinitionInput = {
  schemaVersion: 1,
  metadata: {
    name: 'Overdue receivables',
    description: 'Reminds the customer before the due date, then gets the account manager on it; payment stops everything.',
    tags: ['demo', 'scenario-1'],
  },
  input: {
    fields: [
      { name: 'invoiceId', type: 'string', required: true, label: 'Invoice number' },
      { name: 'customerEmail', type: 'string', required: true, label: 'Customer e-mail' },
      { name: 'amount', type: 'number', required: true, label: 'Amount (EUR)' },
      { name: 'dueDate', type: 'date', required: true, label: 'Due date' },
    ],
  },
  nodes: [
    node('start', 'start', 'Invoice issued', { businessKey: 'input.invoiceId', startOn: { eventType: 'invoice.issued' } }, 0, 2),
    node('lookup', 'customer-lookup', 'Find customer', { by: 'email', value: '{{ input.customerEmail }}', source: 'directory' }, 1, 2),
    node(
      'unknown',
      'human-task',
      'Unknown customer',
      {
        title: 'Invoice {{ input.invoiceId }}: no customer with e-mail {{ input.customerEmail }}',
        assignee: { kind: 'group', group: 'sales-heads' },
        outcomes: [{ port: 'done', label: 'Handled' }],
      },
      2,
      4,
    ),
    node('unknownEnd', 'end', 'Handled by hand', { output: '{ "invoice": input.invoiceId, "customer": "unknown" }' }, 3, 4),
    node(
      'race',
      'parallel',
      'Until paid',
      {
        mode: 'first',
        branches: [
          { port: 'collect', label: 'collect' },
          { port: 'paid', label: 'payment received' },
        ],
      },
      2,
      2,
    ),
    node('paid', 'wait-event', 'Payment received', { eventTypes: ['payment.received'] }, 3, 0),
    node(
      'remind',
      'reminder',
      'Remind customer',
      {
        dueDate: 'input.dueDate',
        calendar: 'receivables',
        schedule: [
          { offset: { amount: 7, unit: 'days', direction: 'before' } },
          { offset: { amount: 3, unit: 'days', direction: 'before' }, repeatEveryDays: 1 },
        ],
        message: {
          channel: 'email',
          to: '{{ input.customerEmail }}',
          subject: 'Invoice {{ input.invoiceId }}: {{ input.amount }} EUR due on {{ input.dueDate }}',
          body: 'Dear {{ steps.lookup.name }}, this is a reminder that invoice {{ input.invoiceId }} over {{ input.amount }} EUR is due on {{ input.dueDate }}.',
        },
      },
      3,
      2,
    ),
    node(
      'overdue',
      'wait-until',
      'Day after due date',
      { date: 'input.dueDate', offset: { amount: 1, unit: 'days', direction: 'after' }, calendar: 'receivables' },
      4,
      2,
    ),
    node(
      'work',
      'parallel',
      'Chase',
      {
        mode: 'all',
        branches: [
          { port: 'task', label: 'task' },
          { port: 'escalate', label: 'escalation' },
        ],
      },
      5,
      2,
    ),
    node(
      'task',
      'human-task',
      'Account manager follows up',
      {
        title: 'Overdue: invoice {{ input.invoiceId }} ({{ input.amount }} EUR) of {{ steps.lookup.name }}',
        instructions: 'The invoice was due on {{ input.dueDate }}. Call the customer and record what was agreed.',
        assignee: {
          kind: 'expression',
          expression: 'steps.lookup.accountManager ? steps.lookup.accountManager.email : "group:sales-heads"',
        },
        form: [{ name: 'agreement', type: 'string', required: true, label: 'What was agreed' }],
        outcomes: [
          { port: 'arranged', label: 'Payment arranged' },
          { port: 'writeoff', label: 'Write off' },
        ],
        priority: 3,
        calendar: 'receivables',
        customer: 'steps.lookup.id',
        context: 'steps.lookup',
      },
      6,
      1,
    ),
    node(
      'escalate',
      'escalation',
      'Escalate after 10 days',
      {
        watch: 'task',
        calendar: 'receivables',
        levels: [
          {
            after: { amount: 10, unit: 'days' },
            reassignTo: { kind: 'group', group: 'sales-heads' },
            priority: 4,
            notify: {
              channel: 'in_app',
              to: 'group:sales-heads',
              subject: 'Invoice {{ input.invoiceId }} is overdue for more than 10 working days',
            },
          },
        ],
      },
      6,
      3,
    ),
    node('workDone', 'join', 'Followed up', {}, 7, 2),
    node('raceDone', 'join', 'Closed', {}, 8, 2),
    node(
      'end',
      'end',
      'Done',
      { output: '{ "invoice": input.invoiceId, "paid": $exists(steps.paid.event), "outcome": steps.task.outcome }' },
      9,
      2,
    ),
  ],
  edges: [
    edge('start', 'next', 'lookup'),
    edge('lookup', 'found', 'race'),
    edge('lookup', 'notFound', 'unknown'),
    edge('unknown', 'done', 'unknownEnd'),
    edge('race', 'paid', 'paid'),
    edge('race', 'collect', 'remind'),
    edge('paid', 'received', 'raceDone'),
    edge('remind', 'done', 'overdue'),
    edge('remind', 'stopped', 'raceDone'),
    edge('overdue', 'next', 'work'),
    edge('work', 'task', 'task'),
    edge('work', 'escalate', 'escalate'),
    edge('task', 'arranged', 'workDone'),
    edge('task', 'writeoff', 'workDone'),
    edge('escalate', 'closed', 'workDone'),
    edge('workDone', 'next', 'raceDone'),
    edge('raceDone', 'next', 'end'),
  ],
};
