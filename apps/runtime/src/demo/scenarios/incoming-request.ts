import type { FlowDefinitionInput } from '@trackway/schema';
import { edge, node } from './draw.ts';

const ROW = { lookup: 2, known: 1, unknown: 4 };

/**
 * Scenario 2 (shared/SCENARIOS.md): a request arrives by phone or e-mail; the customer is looked
 * up (unknown callers take their own path); a triage task goes to support with an SLA that depends
 * on tier and priority, counted in business time in the customer's time zone; a warning at 80%,
 * escalation to the shift leads with raised priority on breach; a closing document when resolved.
 */
export const incomingRequestFlow: FlowDefinitionInput = {
  schemaVersion: 1,
  metadata: {
    name: 'Incoming customer request',
    description: 'Looks the caller up, triages with an SLA by tier and priority, escalates on breach, closes with an act of work.',
    tags: ['demo', 'scenario-2'],
  },
  variables: [{ name: 'customer', type: 'object', description: 'The customer profile from the lookup' }],
  input: {
    fields: [
      { name: 'requestId', type: 'string', required: true, label: 'Request id' },
      { name: 'phone', type: 'string', label: 'Caller phone' },
      { name: 'email', type: 'string', label: 'Sender e-mail' },
      { name: 'text', type: 'string', required: true, label: 'What the customer needs' },
      { name: 'category', type: 'string', label: 'Category' },
      { name: 'priority', type: 'string', label: 'Priority (low, normal, high, urgent)' },
    ],
  },
  nodes: [
    node(
      'start',
      'start',
      'Request received',
      { businessKey: 'input.requestId', startOn: { eventType: 'request.received' } },
      0,
      ROW.lookup,
    ),
    node('byPhone', 'condition', 'Called in?', { expression: '$exists(input.phone) and input.phone != ""' }, 1, ROW.lookup),
    node(
      'lookupPhone',
      'customer-lookup',
      'Find by phone',
      { by: 'phone', value: '{{ input.phone }}', source: 'directory', defaultCountry: 'DE' },
      2,
      1,
    ),
    node('lookupEmail', 'customer-lookup', 'Find by e-mail', { by: 'email', value: '{{ input.email }}', source: 'directory' }, 2, 3),
    node('knownPhone', 'set', 'Customer', { assignments: [{ variable: 'customer', value: 'steps.lookupPhone' }] }, 3, 1),
    node('knownEmail', 'set', 'Customer', { assignments: [{ variable: 'customer', value: 'steps.lookupEmail' }] }, 3, 3),
    node(
      'unknown',
      'human-task',
      'Unknown caller',
      {
        title: 'Unknown caller {{ input.phone }}{{ input.email }}: {{ input.category }}',
        instructions: '{{ input.text }}',
        assignee: { kind: 'group', group: 'support' },
        form: [
          { name: 'callerName', type: 'string', required: true, label: 'Who called' },
          { name: 'resolution', type: 'string', required: true, label: 'What was done' },
        ],
        outcomes: [{ port: 'handled', label: 'Handled' }],
      },
      3,
      5,
    ),
    node(
      'unknownEnd',
      'end',
      'Handled',
      { output: '{ "request": input.requestId, "customer": null, "resolution": steps.unknown.data.resolution }' },
      4,
      5,
    ),
    node(
      'split',
      'parallel',
      'Work with SLA',
      {
        mode: 'all',
        branches: [
          { port: 'work', label: 'triage' },
          { port: 'clock', label: 'SLA' },
        ],
      },
      4,
      ROW.known,
    ),
    node(
      'triage',
      'human-task',
      'Triage',
      {
        title: '{{ input.category }} for {{ vars.customer.name }} ({{ vars.customer.tier }})',
        instructions: '{{ input.text }}',
        assignee: { kind: 'group', group: 'support' },
        form: [{ name: 'resolution', type: 'string', required: true, label: 'What was done' }],
        outcomes: [{ port: 'resolved', label: 'Resolved' }],
        customer: 'vars.customer.id',
        context: 'vars.customer',
      },
      5,
      0,
    ),
    node(
      'sla',
      'sla',
      'SLA by tier and priority',
      {
        watch: 'triage',
        calendar: 'standard',
        timeZone: 'vars.customer.timeZone',
        goal: { amount: 2, unit: 'days' },
        rules: [
          {
            when: 'vars.customer.tier = "gold" and input.priority in ["high", "urgent"]',
            goal: { amount: 2, unit: 'hours' },
            label: 'gold, high priority',
          },
          { when: 'vars.customer.tier = "gold"', goal: { amount: 4, unit: 'hours' }, label: 'gold' },
          { when: 'vars.customer.tier = "silver"', goal: { amount: 8, unit: 'hours' }, label: 'silver' },
        ],
        warnAt: [80],
        warn: { channel: 'in_app', to: 'group:support', subject: 'SLA at 80%: request {{ input.requestId }} of {{ vars.customer.name }}' },
        pauseOn: ['request.waiting_on_customer'],
        resumeOn: ['request.customer_replied'],
      },
      5,
      2,
    ),
    node(
      'escalate',
      'escalation',
      'To the shift lead',
      {
        watch: 'triage',
        levels: [
          {
            reassignTo: { kind: 'group', group: 'shift-leads' },
            priority: 4,
            notify: {
              channel: 'in_app',
              to: 'group:shift-leads',
              subject: 'SLA breached: request {{ input.requestId }} of {{ vars.customer.name }}',
            },
          },
        ],
      },
      6,
      3,
    ),
    node('joined', 'join', 'Resolved', {}, 7, ROW.known),
    node(
      'act',
      'document',
      'Act of completed work',
      {
        template: 'act-of-completed-work',
        stage: 'final',
        fields: [
          { name: 'requestId', value: 'input.requestId' },
          { name: 'customerName', value: 'vars.customer.name' },
          { name: 'description', value: 'steps.triage.data.resolution' },
          { name: 'resolvedAt', value: '$now()' },
          { name: 'staffMember', value: 'steps.triage.completedBy' },
        ],
      },
      8,
      ROW.known,
    ),
    node(
      'end',
      'end',
      'Closed',
      {
        output:
          '{ "request": input.requestId, "customer": vars.customer.name, "sla": { "goal": steps.sla.goal, "breached": steps.sla.breached }, "document": steps.act.documentId }',
      },
      9,
      ROW.known,
    ),
  ],
  edges: [
    edge('start', 'next', 'byPhone'),
    edge('byPhone', 'true', 'lookupPhone'),
    edge('byPhone', 'false', 'lookupEmail'),
    edge('lookupPhone', 'found', 'knownPhone'),
    edge('lookupEmail', 'found', 'knownEmail'),
    edge('lookupPhone', 'notFound', 'unknown'),
    edge('lookupEmail', 'notFound', 'unknown'),
    edge('unknown', 'handled', 'unknownEnd'),
    edge('knownPhone', 'next', 'split'),
    edge('knownEmail', 'next', 'split'),
    edge('split', 'work', 'triage'),
    edge('split', 'clock', 'sla'),
    edge('triage', 'resolved', 'joined'),
    edge('sla', 'met', 'joined'),
    edge('sla', 'breached', 'escalate'),
    edge('escalate', 'closed', 'joined'),
    edge('joined', 'next', 'act'),
    edge('act', 'next', 'end'),
  ],
};
