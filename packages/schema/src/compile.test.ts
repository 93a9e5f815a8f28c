import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateFlow } from './analyze.ts';
import { canonicalJson } from './canonical.ts';
import { compileFlow, compileFlowOrThrow, FlowCompileError } from './compile.ts';
import { edge, flow, node, sampleFlow, testCatalog } from './testing/fixtures.ts';

describe('compileFlow', () => {
  it('resolves ports to node ids and keeps parsed config and expressions', () => {
    const plan = compileFlowOrThrow(sampleFlow(), testCatalog);
    expect(plan.startNodeId).toBe('start');
    expect(plan.nodes.check?.next).toEqual({ true: 'mark', false: 'done' });
    expect(plan.nodes.check?.expressions.expression).toEqual({ source: 'input.amount > 100', references: ['input.amount'] });
    expect(plan.nodes.done?.next).toEqual({});
    expect(plan.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('compiles a node saved with an older type version as the latest, with its config migrated', () => {
    const f = flow(
      [node('start', 'start'), node('p', 'pause', { seconds: 3 }), node('end', 'end')],
      [edge('start', 'p'), edge('p', 'end')],
    );
    const result = compileFlow(f, testCatalog);
    expect(result.ok && result.plan.nodes.p).toMatchObject({ type: 'pause', version: 2, config: { ms: 3000 } });
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(['NODE_UPGRADED']);
  });

  it('records the join of a parallel block', () => {
    const f = flow(
      [
        node('start', 'start'),
        node('split', 'parallel', { branches: ['a', 'b'] }),
        node('wa', 'delay', { minutes: 1 }),
        node('wb', 'delay', { minutes: 2 }),
        node('join', 'join'),
        node('end', 'end'),
      ],
      [
        edge('start', 'split'),
        edge('split', 'wa', 'a'),
        edge('split', 'wb', 'b'),
        edge('wa', 'join'),
        edge('wb', 'join'),
        edge('join', 'end'),
      ],
    );
    expect(compileFlowOrThrow(f, testCatalog).nodes.split?.join).toBe('join');
  });

  it('picks the inner join for nested parallel blocks', () => {
    const f = flow(
      [
        node('start', 'start'),
        node('outer', 'parallel', { branches: ['a', 'b'] }),
        node('inner', 'parallel', { branches: ['x', 'y'] }),
        node('wx', 'delay', { minutes: 1 }),
        node('wy', 'delay', { minutes: 1 }),
        node('innerJoin', 'join'),
        node('wb', 'delay', { minutes: 1 }),
        node('outerJoin', 'join'),
        node('end', 'end'),
      ],
      [
        edge('start', 'outer'),
        edge('outer', 'inner', 'a'),
        edge('outer', 'wb', 'b'),
        edge('inner', 'wx', 'x'),
        edge('inner', 'wy', 'y'),
        edge('wx', 'innerJoin'),
        edge('wy', 'innerJoin'),
        edge('innerJoin', 'outerJoin'),
        edge('wb', 'outerJoin'),
        edge('outerJoin', 'end'),
      ],
    );
    const plan = compileFlowOrThrow(f, testCatalog);
    expect(plan.nodes.inner?.join).toBe('innerJoin');
    expect(plan.nodes.outer?.join).toBe('outerJoin');
  });

  it('refuses an invalid flow with its diagnostics', () => {
    const result = compileFlow(flow([node('end', 'end')], []), testCatalog);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.code)).toContain('START_MISSING');
    expect(() => compileFlowOrThrow(flow([node('end', 'end')], []), testCatalog)).toThrow(FlowCompileError);
  });

  it('ignores layout: moving nodes or adding notes keeps the hash', () => {
    const a = compileFlowOrThrow(sampleFlow(), testCatalog);
    const moved = sampleFlow();
    moved.nodes = moved.nodes.map((n, i) => ({ ...n, position: { x: i * 100, y: 42 } }));
    moved.notes = [{ id: 'n1', text: 'remember', position: { x: 1, y: 1 } }];
    expect(compileFlowOrThrow(moved, testCatalog).contentHash).toBe(a.contentHash);
  });

  it('changes the hash when behaviour changes', () => {
    const changed = sampleFlow();
    (changed.nodes[1] as { config: Record<string, unknown> }).config = { expression: 'input.amount > 200' };
    expect(compileFlowOrThrow(changed, testCatalog).contentHash).not.toBe(compileFlowOrThrow(sampleFlow(), testCatalog).contentHash);
  });
});

/** Arbitrary JSON-ish values, biased towards things that look like flows. */
const looseNode = fc.record({
  id: fc.oneof(fc.constantFrom('start', 'a', 'b', 'end', 'j'), fc.string()),
  type: fc.oneof(fc.constantFrom('start', 'end', 'set', 'condition', 'delay', 'parallel', 'join'), fc.string()),
  typeVersion: fc.oneof(fc.constant(1), fc.integer({ min: -2, max: 3 })),
  label: fc.string(),
  position: fc.record({ x: fc.double(), y: fc.double() }),
  config: fc.dictionary(fc.constantFrom('expression', 'minutes', 'branches', 'variable', 'value', 'ms'), fc.anything()),
});
const looseEdge = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  source: fc.constantFrom('start', 'a', 'b', 'end', 'j', 'ghost'),
  sourcePort: fc.constantFrom('next', 'true', 'false', 'x', 'y'),
  target: fc.constantFrom('start', 'a', 'b', 'end', 'j', 'ghost'),
  targetPort: fc.constantFrom('in', 'other'),
});
const looseFlow = fc.record(
  {
    schemaVersion: fc.oneof(fc.constant(1), fc.anything()),
    metadata: fc.oneof(fc.record({ name: fc.string({ minLength: 1 }) }), fc.anything()),
    nodes: fc.array(looseNode, { maxLength: 8 }),
    edges: fc.array(looseEdge, { maxLength: 12 }),
    variables: fc.array(fc.record({ name: fc.constantFrom('tier', 'x', '1bad'), type: fc.constantFrom('string', 'number', 'nope') }), {
      maxLength: 3,
    }),
  },
  { requiredKeys: ['nodes'] },
);

/** Valid flows: a random chain of steps between start and end. */
const validFlow = fc
  .array(
    fc.oneof(
      fc.record({ kind: fc.constant('delay' as const), minutes: fc.integer({ min: 1, max: 1000 }) }),
      fc.record({ kind: fc.constant('set' as const), value: fc.integer() }),
    ),
    { maxLength: 20 },
  )
  .map((steps) => {
    const ids = ['start', ...steps.map((_, i) => `n${i}`), 'end'];
    const nodes = [
      node('start', 'start'),
      ...steps.map((s, i) =>
        s.kind === 'delay'
          ? node(`n${i}`, 'delay', { minutes: s.minutes })
          : node(`n${i}`, 'set', { variable: 'tier', value: String(s.value) }),
      ),
      node('end', 'end'),
    ];
    return flow(
      nodes,
      ids.slice(1).map((id, i) => edge(ids[i] as string, id)),
      { variables: [{ name: 'tier', type: 'number' }] },
    );
  });

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reverseKeys(v)]),
    );
  return value;
}

describe('properties', () => {
  it('validateFlow never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(looseFlow, fc.anything()), (input) => {
        const diagnostics = validateFlow(input, testCatalog);
        expect(Array.isArray(diagnostics)).toBe(true);
        for (const d of diagnostics) expect(typeof d.message).toBe('string');
      }),
      { numRuns: 400 },
    );
  });

  it('compileFlow is deterministic: same input, same bytes, whatever the key order', () => {
    fc.assert(
      fc.property(fc.oneof(validFlow, looseFlow), fc.boolean(), (input, shuffle) => {
        const first = compileFlow(input, testCatalog);
        const copy = shuffle ? reverseKeys(input) : structuredClone(input);
        const second = compileFlow(copy, testCatalog);
        expect(first.ok).toBe(second.ok);
        if (first.ok && second.ok) expect(canonicalJson(second.plan)).toBe(canonicalJson(first.plan));
      }),
      { numRuns: 300 },
    );
  });

  it('valid generated flows compile', () => {
    fc.assert(
      fc.property(validFlow, (input) => {
        expect(compileFlow(input, testCatalog).ok).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
