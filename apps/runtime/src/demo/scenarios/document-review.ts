import type { FlowDefinitionInput } from '@trackway/schema';
import { edge, node } from './draw.ts';

/**
 * Scenario 3 (shared/SCENARIOS.md): an invoice document is generated as a draft; a manager reviews
 * it and may change or remove fields (the template puts a postal address and a personal phone
 * number in) without a developer; the final, the draft and their difference are kept.
 */
export const documentReviewFlow: FlowDefinitionInput = {
  schemaVersion: 1,
  metadata: {
    name: 'Invoice document with review',
    description: 'Generates an invoice as a draft; a manager approves it, editing or removing fields first.',
    tags: ['demo', 'scenario-3'],
  },
  input: {
    fields: [
      { name: 'invoiceId', type: 'string', required: true, label: 'Invoice number' },
      { name: 'customerEmail', type: 'string', required: true, label: 'Customer e-mail' },
      { name: 'amount', type: 'number', required: true, label: 'Amount (EUR)' },
      { name: 'dueDate', type: 'date', required: true, label: 'Due date' },
      { name: 'postalAddress', type: 'string', label: 'Postal address' },
      { name: 'personalPhone', type: 'string', label: 'Personal phone' },
      { name: 'lineItems', type: 'array', label: 'Line items [{ description, amount }]' },
    ],
  },
  nodes: [
    node('start', 'start', 'Invoice to send', { businessKey: 'input.invoiceId' }, 0, 1),
    node('lookup', 'customer-lookup', 'Find customer', { by: 'email', value: '{{ input.customerEmail }}', source: 'directory' }, 1, 1),
    node(
      'draft',
      'document',
      'Invoice draft',
      {
        template: 'invoice',
        documentKey: 'invoice-{{ input.invoiceId }}',
        stage: 'draft',
        formats: ['html', 'pdf'],
        fields: [
          { name: 'invoiceId', value: 'input.invoiceId' },
          { name: 'customerName', value: '$exists(steps.lookup.name) ? steps.lookup.name : input.customerEmail' },
          { name: 'postalAddress', value: 'input.postalAddress' },
          { name: 'personalPhone', value: 'input.personalPhone' },
          { name: 'amount', value: 'input.amount' },
          { name: 'dueDate', value: 'input.dueDate' },
          {
            name: 'lineItems',
            value: '$exists(input.lineItems) ? input.lineItems : [{ "description": "Services", "amount": input.amount }]',
          },
        ],
      },
      2,
      1,
    ),
    node(
      'review',
      'document-review',
      'Manager reviews',
      {
        document: 'draft',
        title: 'Review invoice {{ input.invoiceId }} before it is sent',
        assignee: { kind: 'role', role: 'manager' },
      },
      3,
      1,
    ),
    node(
      'send',
      'notify',
      'Send invoice',
      {
        channel: 'email',
        to: '{{ input.customerEmail }}',
        subject: 'Invoice {{ input.invoiceId }}',
        body: 'Your invoice {{ input.invoiceId }} over {{ input.amount }} EUR is attached (document {{ steps.review.documentId }}).',
      },
      4,
      0,
    ),
    node(
      'sent',
      'end',
      'Sent',
      { output: '{ "final": steps.review.documentId, "draft": steps.review.draftId, "changes": steps.review.changes }' },
      5,
      0,
    ),
    node('stopped', 'end', 'Not sent', { output: '{ "final": null, "draft": steps.review.draftId }' }, 4, 2),
  ],
  edges: [
    edge('start', 'next', 'lookup'),
    edge('lookup', 'found', 'draft'),
    edge('lookup', 'notFound', 'draft'),
    edge('draft', 'next', 'review'),
    edge('review', 'approved', 'send'),
    edge('review', 'rejected', 'stopped'),
    edge('send', 'next', 'sent'),
  ],
};
