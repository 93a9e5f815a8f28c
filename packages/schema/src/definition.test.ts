import { describe, expect, it } from 'vitest';
import { FlowDefinitionSchema, flowDefinitionJsonSchema } from './definition.ts';
import { sampleFlow } from './testing/fixtures.ts';

describe('FlowDefinition', () => {
  it('applies defaults so stored definitions are complete', () => {
    const parsed = FlowDefinitionSchema.parse({ schemaVersion: 1, metadata: { name: 'x' }, nodes: [] });
    expect(parsed).toMatchObject({ variables: [], input: { fields: [] }, edges: [], notes: [], metadata: { description: '', tags: [] } });
  });

  it('refuses ids that could not be referenced safely', () => {
    const flow = sampleFlow();
    flow.nodes[0] = { ...(flow.nodes[0] as object), id: 'has space' } as never;
    const result = FlowDefinitionSchema.safeParse(flow);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['nodes', 0, 'id']);
  });

  it('exports a JSON Schema describing nodes, edges, variables and input', () => {
    const schema = flowDefinitionJsonSchema() as {
      properties: Record<string, { items?: { properties?: Record<string, unknown> } }>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['schemaVersion', 'metadata', 'variables', 'input', 'nodes', 'edges']),
    );
    expect(Object.keys(schema.properties.nodes?.items?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'type', 'typeVersion', 'label', 'position', 'config']),
    );
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'metadata', 'nodes']));
  });
});
