import { crmDealNode } from './crm-deal.ts';

/**
 * "New customer deal": opens a CRM deal for a customer and tells the sales heads. Seeded by
 * `npm start`; it talks to the fake CRM (`npm run fake-crm -w @trackway-nodes/crm-deal`, port 4010)
 * with the secret `crm-token` (see README.md).
 */
export const newCustomerDealFlow = {
  schemaVersion: 1,
  metadata: {
    name: 'New customer deal',
    description: 'Opens a CRM deal for a new customer and tells the sales heads.',
    tags: ['demo', 'crm'],
  },
  variables: [],
  input: {
    fields: [
      { name: 'customer', type: 'string', required: true, label: 'Customer' },
      { name: 'email', type: 'string', required: true, label: 'Contact e-mail' },
      { name: 'amount', type: 'number', required: true, label: 'Expected amount (EUR)' },
    ],
  },
  nodes: [
    { id: 'start', type: 'start', typeVersion: 1, label: 'New customer', position: { x: 0, y: 0 }, config: {} },
    {
      id: 'deal',
      type: crmDealNode.type,
      typeVersion: crmDealNode.version,
      label: 'Open deal',
      position: { x: 0, y: 140 },
      config: {
        baseUrl: 'http://127.0.0.1:4010/api',
        token: { secret: 'crm-token' },
        title: 'Onboarding {{ input.customer }}',
        value: { amount: 'input.amount', currency: 'EUR' },
        contactEmail: '{{ input.email }}',
      },
    },
    {
      id: 'tell',
      type: 'notify',
      typeVersion: 1,
      label: 'Tell sales',
      position: { x: -160, y: 300 },
      config: {
        channel: 'in_app',
        to: 'group:sales-heads',
        subject: 'Deal {{ steps.deal.dealId }} opened for {{ input.customer }}',
        body: '{{ steps.deal.url }}',
      },
    },
    { id: 'done', type: 'end', typeVersion: 1, label: 'Deal opened', position: { x: -160, y: 440 }, config: { output: 'steps.deal' } },
    { id: 'existing', type: 'end', typeVersion: 1, label: 'Deal existed', position: { x: 160, y: 300 }, config: { output: 'steps.deal' } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourcePort: 'next', target: 'deal', targetPort: 'in' },
    { id: 'e2', source: 'deal', sourcePort: 'created', target: 'tell', targetPort: 'in' },
    { id: 'e3', source: 'deal', sourcePort: 'duplicate', target: 'existing', targetPort: 'in' },
    { id: 'e4', source: 'tell', sourcePort: 'next', target: 'done', targetPort: 'in' },
  ],
  notes: [],
};
