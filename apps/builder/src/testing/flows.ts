import { FlowDefinitionSchema, type FlowDefinition, type FlowDefinitionInput } from '@trackway/schema';

/** start -> condition (yes -> end, no -> end_2): the smallest flow with a branch. */
export function branchFlow(overrides: Partial<FlowDefinitionInput> = {}): FlowDefinition {
  return FlowDefinitionSchema.parse({
    schemaVersion: 1,
    metadata: { name: 'Branch' },
    input: { fields: [{ name: 'amount', type: 'number', required: true }] },
    nodes: [
      { id: 'start', type: 'start', typeVersion: 1, label: 'Start', position: { x: 0, y: 0 } },
      {
        id: 'check',
        type: 'condition',
        typeVersion: 1,
        label: 'Big?',
        position: { x: 0, y: 150 },
        config: { expression: 'input.amount > 100' },
      },
      { id: 'end', type: 'end', typeVersion: 1, label: 'End', position: { x: -150, y: 300 } },
      { id: 'end_2', type: 'end', typeVersion: 1, label: 'End small', position: { x: 150, y: 300 } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'check' },
      { id: 'e2', source: 'check', sourcePort: 'true', target: 'end' },
      { id: 'e3', source: 'check', sourcePort: 'false', target: 'end_2' },
    ],
    ...overrides,
  });
}
