import { compileFlowOrThrow, validateFlow } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { builtinRegistry } from '../registry.ts';
import { customerLookupNode } from './customer.ts';

const node = (config: Record<string, unknown>) => ({
  id: 'lookup',
  type: 'customer-lookup',
  typeVersion: 1,
  label: 'Lookup',
  position: { x: 0, y: 0 },
  config,
});
const edge = (source: string, target: string, sourcePort = 'next') => ({
  id: `${source}-${sourcePort}`,
  source,
  sourcePort,
  target,
  targetPort: 'in',
});

function flow(config: Record<string, unknown>, connectNotFound = true) {
  return {
    schemaVersion: 1,
    metadata: { name: 'lookup' },
    input: { fields: [{ name: 'phone', type: 'string', required: true }] },
    nodes: [
      { ...node({}), id: 'start', type: 'start' },
      node(config),
      { ...node({}), id: 'known', type: 'end' },
      { ...node({}), id: 'unknown', type: 'end' },
    ],
    edges: [edge('start', 'lookup'), edge('lookup', 'known', 'found'), ...(connectNotFound ? [edge('lookup', 'unknown', 'notFound')] : [])],
  };
}

const codes = (def: unknown) => validateFlow(def, builtinRegistry).map((d) => [d.code, d.nodeId, d.message]);

describe('customer-lookup node type', () => {
  it('has the found and not-found ports and the customer.lookup activity', () => {
    expect(customerLookupNode.outputs(customerLookupNode.configSchema.parse({ value: 'x' }))).toEqual([
      { name: 'found', label: 'found', required: true },
      { name: 'notFound', label: 'not found', required: true },
    ]);
    expect(customerLookupNode.activity?.name).toBe('customer.lookup');
    expect(customerLookupNode.palette.category).toBe('Data');
  });

  it('compiles a flow that looks a caller up by phone, the value template resolved', () => {
    const plan = compileFlowOrThrow(flow({ by: 'phone', value: '{{ input.phone }}', defaultCountry: 'DE' }), builtinRegistry);
    expect(plan.nodes.lookup?.config).toEqual({ by: 'phone', value: '{{ input.phone }}', source: 'directory', defaultCountry: 'DE' });
    expect(Object.values(plan.nodes.lookup?.expressions ?? {}).map((x) => x.source)).toEqual(['input.phone']);
  });

  it.each([
    [{ value: '{{ input.phone }}', source: 'http' }, 'CONFIG_INVALID', 'http: configure the CRM request'],
    [{ value: '{{ input.mobile }}' }, 'EXPRESSION_UNDECLARED', undefined],
    [{ value: '' }, 'CONFIG_INVALID', 'value: what should be looked up?'],
    [{ value: '{{ input.phone }}', by: 'fax' }, 'CONFIG_INVALID', undefined],
    [{ value: '{{ input.phone }}', defaultCountry: 'germany' }, 'CONFIG_INVALID', 'defaultCountry: a two-letter country code such as DE'],
  ])('refuses %j with %s', (config, code, message) => {
    const found = codes(flow(config)).find(([c]) => c === code);
    expect(found?.[1]).toBe('lookup');
    if (message) expect(found?.[2]).toBe(message);
  });

  it('needs the not-found path connected: unknown callers must go somewhere', () => {
    expect(codes(flow({ value: '{{ input.phone }}' }, false)).map(([c]) => c)).toContain('PORT_REQUIRED_UNCONNECTED');
  });
});
