import { z } from 'zod';
import { createCatalog, type NodeCatalog, type NodeTypeSpec } from '../catalog.ts';
import type { FlowDefinitionInput } from '../definition.ts';

/**
 * A small hand-built catalog so the flow language is tested without packages/nodes
 * (packages/schema imports nothing of ours, tests included).
 */
interface SpecInput<S extends z.ZodType> extends Pick<NodeTypeSpec, 'type' | 'version' | 'role' | 'waits'> {
  configSchema: S;
  inputs?: NodeTypeSpec['inputs'];
  outputs: (c: z.output<S>) => ReturnType<NodeTypeSpec['outputs']>;
  expressions?: (c: z.output<S>) => ReturnType<NodeTypeSpec['expressions']>;
  writesVariables?: (c: z.output<S>) => readonly string[];
}

function spec<S extends z.ZodType>(s: SpecInput<S>): NodeTypeSpec {
  return { inputs: [{ name: 'in' }], expressions: () => [], ...s } as unknown as NodeTypeSpec;
}

const next = [{ name: 'next', required: true }];

const specs = createCatalog([
  spec({ type: 'start', version: 1, role: 'start', waits: false, inputs: [], configSchema: z.object({}), outputs: () => next }),
  spec({ type: 'end', version: 1, role: 'end', waits: false, configSchema: z.object({}), outputs: () => [] }),
  spec({
    type: 'set',
    version: 1,
    role: 'step',
    waits: false,
    configSchema: z.object({ variable: z.string(), value: z.string() }),
    outputs: () => next,
    expressions: (c) => [{ path: 'value', source: c.value }],
    writesVariables: (c) => [c.variable],
  }),
  spec({
    type: 'condition',
    version: 1,
    role: 'step',
    waits: false,
    configSchema: z.object({ expression: z.string().min(1) }),
    outputs: () => [
      { name: 'true', required: true },
      { name: 'false', required: true },
    ],
    expressions: (c) => [{ path: 'expression', source: c.expression }],
  }),
  spec({
    type: 'delay',
    version: 1,
    role: 'step',
    waits: true,
    configSchema: z.object({ minutes: z.number().positive() }),
    outputs: () => next,
  }),
  spec({
    type: 'delay',
    version: 2,
    role: 'step',
    waits: true,
    configSchema: z.object({ ms: z.number().positive() }),
    outputs: () => next,
  }),
  spec({
    type: 'parallel',
    version: 1,
    role: 'split',
    waits: false,
    configSchema: z.object({ branches: z.array(z.string()).min(2) }),
    outputs: (c) => c.branches.map((name) => ({ name, required: true })),
  }),
  spec({ type: 'join', version: 1, role: 'join', waits: false, configSchema: z.object({}), outputs: () => next }),
  // A step that may fail into an optional error port (as human tasks and lookups do).
  spec({
    type: 'risky',
    version: 1,
    role: 'step',
    waits: false,
    configSchema: z.object({}),
    outputs: () => [...next, { name: 'error', error: true }],
  }),
  // Version 2 of "pause" counts milliseconds; configs saved with version 1 (seconds) are upgraded.
  spec({
    type: 'pause',
    version: 2,
    role: 'step',
    waits: true,
    configSchema: z.object({ ms: z.number().positive() }),
    outputs: () => next,
  }),
]);

export const testCatalog: NodeCatalog = {
  get: (type, version) => specs.get(type, version),
  versions: (type) => specs.versions(type),
  upgrade(type, version, config) {
    if (type !== 'pause' || version !== 1) return undefined;
    const seconds = (config as { seconds?: unknown }).seconds;
    if (typeof seconds !== 'number') return { error: 'seconds must be a number' };
    return { version: 2, config: { ms: seconds * 1000 } };
  },
};

type NodeInput = FlowDefinitionInput['nodes'][number];
type EdgeInput = NonNullable<FlowDefinitionInput['edges']>[number];

export const node = (id: string, type: string, config: Record<string, unknown> = {}, typeVersion = 1): NodeInput => ({
  id,
  type,
  typeVersion,
  label: id,
  position: { x: 0, y: 0 },
  config,
});

export const edge = (source: string, target: string, sourcePort = 'next', targetPort = 'in'): EdgeInput => ({
  id: `${source}-${sourcePort}-${target}`,
  source,
  sourcePort,
  target,
  targetPort,
});

export function flow(nodes: NodeInput[], edges: EdgeInput[], extra: Partial<FlowDefinitionInput> = {}): FlowDefinitionInput {
  return { schemaVersion: 1, metadata: { name: 'test flow' }, nodes, edges, ...extra };
}

/** start -> condition(input.amount > 100) -> yes: set vars.tier, no: end */
export function sampleFlow(): FlowDefinitionInput {
  return flow(
    [
      node('start', 'start'),
      node('check', 'condition', { expression: 'input.amount > 100' }),
      node('mark', 'set', { variable: 'tier', value: '"gold"' }),
      node('done', 'end'),
    ],
    [edge('start', 'check'), edge('check', 'mark', 'true'), edge('check', 'done', 'false'), edge('mark', 'done')],
    { variables: [{ name: 'tier', type: 'string' }], input: { fields: [{ name: 'amount', type: 'number', required: true }] } },
  );
}
