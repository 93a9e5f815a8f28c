import type { FlowDefinitionInput } from '@trackway/schema';

/**
 * The spine's demo: a new invoice. Large invoices alert the account manager at once; every
 * customer gets a reminder after a (short, for the demo) delay. The scenario flows of
 * ../shared/SCENARIOS.md arrive with the service nodes.
 */
export const invoiceDemoFlow: FlowDefinitionInput = {
  schemaVersion: 1,
  metadata: { name: 'Invoice follow-up (demo)', description: 'Alerts on large invoices, then reminds the customer.', tags: ['demo'] },
  variables: [{ name: 'priority', type: 'string', default: 'normal' }],
  input: {
    fields: [
      { name: 'invoiceId', type: 'string', required: true, label: 'Invoice number' },
      { name: 'customerEmail', type: 'string', required: true, label: 'Customer e-mail' },
      { name: 'amount', type: 'number', required: true, label: 'Amount (EUR)' },
    ],
  },
  nodes: [
    {
      id: 'start',
      type: 'start',
      typeVersion: 1,
      label: 'Invoice issued',
      position: { x: 0, y: 0 },
      config: { businessKey: 'input.invoiceId' },
    },
    {
      id: 'large',
      type: 'condition',
      typeVersion: 1,
      label: 'Large invoice?',
      position: { x: 0, y: 120 },
      config: { expression: 'input.amount >= 10000' },
    },
    {
      id: 'flag',
      type: 'set',
      typeVersion: 1,
      label: 'Mark high priority',
      position: { x: -200, y: 240 },
      config: { assignments: [{ variable: 'priority', value: '"high"' }] },
    },
    {
      id: 'alert',
      type: 'notify',
      typeVersion: 1,
      label: 'Alert account manager',
      position: { x: -200, y: 360 },
      config: {
        channel: 'in_app',
        to: 'group:account-managers',
        subject: 'Large invoice {{ input.invoiceId }}',
        body: 'Amount: {{ input.amount }} EUR',
      },
    },
    {
      id: 'wait',
      type: 'delay',
      typeVersion: 1,
      label: 'Wait before reminding',
      position: { x: 0, y: 480 },
      config: { amount: 1, unit: 'minutes' },
    },
    {
      id: 'remind',
      type: 'notify',
      typeVersion: 1,
      label: 'Remind customer',
      position: { x: 0, y: 600 },
      config: {
        channel: 'email',
        to: '{{ input.customerEmail }}',
        subject: 'Reminder: invoice {{ input.invoiceId }}',
        body: 'Your invoice {{ input.invoiceId }} over {{ input.amount }} EUR is open (priority {{ vars.priority }}).',
      },
    },
    {
      id: 'end',
      type: 'end',
      typeVersion: 1,
      label: 'Done',
      position: { x: 0, y: 720 },
      config: { output: '{ "invoiceId": input.invoiceId, "priority": vars.priority }' },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'large', targetPort: 'in' },
    { id: 'e2', source: 'large', sourcePort: 'true', target: 'flag', targetPort: 'in' },
    { id: 'e3', source: 'flag', sourcePort: 'next', target: 'alert', targetPort: 'in' },
    { id: 'e4', source: 'alert', sourcePort: 'next', target: 'wait', targetPort: 'in' },
    { id: 'e5', source: 'large', sourcePort: 'false', target: 'wait', targetPort: 'in' },
    { id: 'e6', source: 'wait', sourcePort: 'next', target: 'remind', targetPort: 'in' },
    { id: 'e7', source: 'remind', sourcePort: 'next', target: 'end', targetPort: 'in' },
  ],
  notes: [],
};
