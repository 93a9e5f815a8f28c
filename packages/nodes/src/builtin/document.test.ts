import { compileFlowOrThrow, validateFlow } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../registry.ts';
import { documentNode } from './document.ts';

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  label: id,
  position: { x: 0, y: 0 },
  config,
});
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourcePort: 'next', target, targetPort: 'in' });

function flow(config: Record<string, unknown>) {
  return {
    schemaVersion: 1,
    metadata: { name: 'document' },
    input: { fields: [{ name: 'customerName', type: 'string', required: true }] },
    nodes: [node('start', 'start'), node('doc', 'document', config), node('end', 'end')],
    edges: [edge('start', 'doc'), edge('doc', 'end')],
  };
}

const problems = (config: Record<string, unknown>) => validateFlow(flow(config), builtinRegistry).map((d) => [d.code, d.message]);

describe('document node type', () => {
  it('is a Data node with a next port that runs document.generate and never retries a bad template', () => {
    expect(documentNode.palette.category).toBe('Data');
    expect(documentNode.outputs(documentNode.configSchema.parse({ template: 'invoice' }))).toEqual([{ name: 'next', required: true }]);
    expect(documentNode.activity?.name).toBe('document.generate');
    expect(documentNode.activity?.retry.nonRetryableErrorTypes).toContain('DocumentTemplateNotFound');
  });

  it('compiles with defaults (HTML and PDF, a draft) and declares each field value and key hole as an expression', () => {
    const plan = compileFlowOrThrow(
      flow({
        template: 'invoice',
        documentKey: 'invoice/{{ input.customerName }}',
        fields: [{ name: 'customerName', value: 'input.customerName' }],
      }),
      builtinRegistry,
    );
    expect(plan.nodes.doc?.config).toEqual({
      template: 'invoice',
      documentKey: 'invoice/{{ input.customerName }}',
      fields: [{ name: 'customerName', value: 'input.customerName' }],
      formats: ['html', 'pdf'],
      stage: 'draft',
    });
    expect(Object.entries(plan.nodes.doc?.expressions ?? {}).map(([path, e]) => [path, e.source])).toEqual([
      ['documentKey.0', 'input.customerName'],
      ['fields.0.value', 'input.customerName'],
    ]);
  });

  it.each([
    [{}, 'CONFIG_INVALID'],
    [{ template: 'Invoice Template' }, 'CONFIG_INVALID'],
    [{ template: 'invoice', formats: [] }, 'CONFIG_INVALID'],
    [{ template: 'invoice', formats: ['pdf', 'pdf'] }, 'CONFIG_INVALID'],
    [{ template: 'invoice', formats: ['xlsx'] }, 'CONFIG_INVALID'],
    [{ template: 'invoice', fields: [{ name: 'customer-name', value: '1' }] }, 'CONFIG_INVALID'],
    [
      {
        template: 'invoice',
        fields: [
          { name: 'a', value: '1' },
          { name: 'a', value: '2' },
        ],
      },
      'CONFIG_INVALID',
    ],
    [{ template: 'invoice', fields: [{ name: 'a', value: 'input.missing' }] }, 'EXPRESSION_UNDECLARED'],
  ])('refuses %j', (config, code) => {
    expect(problems(config).map(([c]) => c)).toContain(code);
  });
});
