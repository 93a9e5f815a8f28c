import { describe, expect, it } from 'vitest';
import { validateFlow } from './analyze.ts';
import type { FlowDefinitionInput } from './definition.ts';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './diagnostics.ts';
import { edge, flow, node, sampleFlow, testCatalog } from './testing/fixtures.ts';

const base = sampleFlow;
const withVars = {
  variables: [{ name: 'tier', type: 'string' as const }],
  input: { fields: [{ name: 'amount', type: 'number' as const, required: true }] },
};

/** A straight line start -> ... -> end through the given middle nodes. */
function line(...middle: ReturnType<typeof node>[]): FlowDefinitionInput {
  const nodes = [node('start', 'start'), ...middle, node('end', 'end')];
  const edges = nodes.slice(1).map((n, i) => edge((nodes[i] as { id: string }).id, n.id));
  return flow(nodes, edges, withVars);
}

/** start -> c; c.yes -> middle -> back to c; c.no -> end. */
function loop(middle: ReturnType<typeof node>): FlowDefinitionInput {
  return flow(
    [node('start', 'start'), node('c', 'condition', { expression: 'true' }), middle, node('end', 'end')],
    [edge('start', 'c'), edge('c', middle.id, 'true'), edge(middle.id, 'c'), edge('c', 'end', 'false')],
    withVars,
  );
}

function parallelFlow(branchBEnds: boolean): FlowDefinitionInput {
  return flow(
    [
      node('start', 'start'),
      node('split', 'parallel', { branches: ['a', 'b'] }),
      node('wa', 'delay', { minutes: 1 }),
      node('wb', 'delay', { minutes: 2 }),
      node('join', 'join'),
      node('end', 'end'),
      node('end2', 'end'),
    ],
    [
      edge('start', 'split'),
      edge('split', 'wa', 'a'),
      edge('split', 'wb', 'b'),
      edge('wa', 'join'),
      edge('wb', branchBEnds ? 'end2' : 'join'),
      edge('join', 'end'),
    ],
  );
}

/** For every code: a definition that must report it, and a close variant that must not. */
const cases: Record<DiagnosticCode, { bad: () => unknown; good: () => unknown; nodeId?: string }> = {
  DEFINITION_INVALID: { bad: () => ({ ...base(), schemaVersion: 2 }), good: base },
  START_MISSING: { bad: () => flow([node('end', 'end')], []), good: base },
  START_MULTIPLE: {
    bad: () => flow([node('s1', 'start'), node('s2', 'start'), node('end', 'end')], [edge('s1', 'end'), edge('s2', 'end')]),
    good: base,
    nodeId: 's2',
  },
  NODE_ID_DUPLICATE: { bad: () => flow([node('start', 'start'), node('start', 'end')], [edge('start', 'start')]), good: base },
  NODE_TYPE_UNKNOWN: { bad: () => line(node('x', 'teleport')), good: () => line(node('x', 'delay', { minutes: 1 })), nodeId: 'x' },
  NODE_VERSION_UNKNOWN: {
    bad: () => line(node('x', 'delay', { minutes: 1 }, 9)),
    good: () => line(node('x', 'delay', { ms: 5 }, 2)),
    nodeId: 'x',
  },
  NODE_UPGRADED: {
    bad: () => line(node('x', 'pause', { seconds: 2 })),
    good: () => line(node('x', 'pause', { ms: 2000 }, 2)),
    nodeId: 'x',
  },
  NODE_UPGRADE_FAILED: {
    bad: () => line(node('x', 'pause', { seconds: 'soon' })),
    good: () => line(node('x', 'pause', { seconds: 2 })),
    nodeId: 'x',
  },
  EDGE_ID_DUPLICATE: {
    bad: () => {
      const f = line(node('x', 'delay', { minutes: 1 }));
      f.edges = [...(f.edges ?? []), { ...(f.edges?.[0] as object), id: (f.edges?.[1] as { id: string }).id } as never];
      return f;
    },
    good: () => line(node('x', 'delay', { minutes: 1 })),
  },
  EDGE_DANGLING: { bad: () => ({ ...base(), edges: [...(base().edges ?? []), edge('mark', 'ghost', 'next')] }), good: base },
  EDGE_DUPLICATE: { bad: () => ({ ...base(), edges: [...(base().edges ?? []), { ...edge('start', 'check'), id: 'again' }] }), good: base },
  EDGE_SELF_LOOP: { bad: () => ({ ...base(), edges: [...(base().edges ?? []), edge('check', 'check', 'true')] }), good: base },
  PORT_UNKNOWN: { bad: () => ({ ...base(), edges: [edge('start', 'check', 'nxt'), ...(base().edges ?? []).slice(1)] }), good: base },
  PORT_FAN_OUT: { bad: () => ({ ...base(), edges: [...(base().edges ?? []), edge('start', 'done')] }), good: base, nodeId: 'start' },
  PORT_REQUIRED_UNCONNECTED: {
    bad: () => ({ ...base(), edges: (base().edges ?? []).filter((e) => e.sourcePort !== 'false') }),
    good: base,
    nodeId: 'check',
  },
  START_HAS_INPUT: { bad: () => ({ ...base(), edges: [...(base().edges ?? []), edge('mark', 'start', 'next')] }), good: base },
  NODE_UNREACHABLE: { bad: () => ({ ...base(), nodes: [...base().nodes, node('island', 'end')] }), good: base, nodeId: 'island' },
  CYCLE_WITHOUT_WAIT: {
    bad: () => loop(node('w', 'set', { variable: 'tier', value: '"x"' })),
    good: () => loop(node('w', 'delay', { minutes: 5 })),
    nodeId: 'c',
  },
  CONFIG_INVALID: {
    bad: () => line(node('x', 'delay', { minutes: -1 })),
    good: () => line(node('x', 'delay', { minutes: 1 })),
    nodeId: 'x',
  },
  EXPRESSION_INVALID: { bad: () => line(node('x', 'condition', { expression: 'input.amount >' })), good: base },
  EXPRESSION_UNKNOWN_ROOT: {
    bad: () => line(node('x', 'set', { variable: 'tier', value: 'process.env' })),
    good: () => line(node('x', 'set', { variable: 'tier', value: 'input.amount' })),
  },
  EXPRESSION_UNDECLARED: {
    bad: () => line(node('x', 'set', { variable: 'tier', value: 'vars.level' })),
    good: () => line(node('x', 'set', { variable: 'tier', value: 'vars.tier' })),
    nodeId: 'x',
  },
  VARIABLE_UNDECLARED: {
    bad: () => line(node('x', 'set', { variable: 'level', value: '1' })),
    good: () => line(node('x', 'set', { variable: 'tier', value: '1' })),
    nodeId: 'x',
  },
  VARIABLE_DUPLICATE: {
    bad: () => ({
      ...base(),
      variables: [
        { name: 'tier', type: 'string' },
        { name: 'tier', type: 'number' },
      ],
    }),
    good: base,
  },
  INPUT_FIELD_DUPLICATE: {
    bad: () => ({
      ...base(),
      input: {
        fields: [
          { name: 'amount', type: 'number' },
          { name: 'amount', type: 'string' },
        ],
      },
    }),
    good: base,
  },
  PARALLEL_NO_JOIN: { bad: () => parallelFlow(true), good: () => parallelFlow(false), nodeId: 'split' },
  JOIN_WITHOUT_PARALLEL: { bad: () => line(node('j', 'join')), good: () => parallelFlow(false), nodeId: 'j' },
};

describe('validateFlow diagnostics', () => {
  it('has a failing and a passing case for every diagnostic code', () => {
    expect(Object.keys(cases).sort()).toEqual([...DIAGNOSTIC_CODES].sort());
  });

  it.each(Object.entries(cases))('%s: reported for the bad case, absent from the good one', (code, c) => {
    const bad = validateFlow(c.bad(), testCatalog);
    const hit = bad.find((d) => d.code === code);
    expect(hit, JSON.stringify(bad, null, 1)).toBeDefined();
    expect(hit?.message.length).toBeGreaterThan(5);
    if (c.nodeId) expect(hit?.nodeId).toBe(c.nodeId);
    const good = validateFlow(c.good(), testCatalog);
    expect(good.filter((d) => d.code === code)).toEqual([]);
  });

  it('the sample flow is clean', () => {
    expect(validateFlow(sampleFlow(), testCatalog)).toEqual([]);
  });

  it('reports every problem, not just the first', () => {
    const f = line(
      node('x', 'delay', { minutes: -1 }),
      node('y', 'teleport'),
      node('z', 'set', { variable: 'nope', value: 'vars.missing' }),
    );
    const codes = validateFlow(f, testCatalog).map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['CONFIG_INVALID', 'NODE_TYPE_UNKNOWN', 'VARIABLE_UNDECLARED', 'EXPRESSION_UNDECLARED']));
  });

  it('one invalid node does not make its neighbours look unconnected or unreachable', () => {
    const codes = validateFlow(
      line(node('x', 'delay', { minutes: -1 }), node('y', 'teleport'), node('z', 'delay', { minutes: 1 })),
      testCatalog,
    ).map((d) => d.code);
    expect(codes.sort()).toEqual(['CONFIG_INVALID', 'NODE_TYPE_UNKNOWN']);
  });

  it('points config errors at the field', () => {
    const [d] = validateFlow(line(node('x', 'delay', { minutes: 'soon' })), testCatalog);
    expect(d).toMatchObject({ code: 'CONFIG_INVALID', nodeId: 'x', path: ['minutes'] });
  });

  it('accepts a loop that waits and rejects the same loop without the wait', () => {
    expect(validateFlow(loop(node('w', 'delay', { minutes: 1 })), testCatalog).map((d) => d.code)).not.toContain('CYCLE_WITHOUT_WAIT');
    expect(validateFlow(loop(node('w', 'set', { variable: 'tier', value: '"x"' })), testCatalog).map((d) => d.code)).toContain(
      'CYCLE_WITHOUT_WAIT',
    );
  });
});

describe('error ports in parallel branches', () => {
  const branchWithRisky = (errorTo: 'open' | 'join' | 'end') =>
    flow(
      [
        node('start', 'start'),
        node('split', 'parallel', { branches: ['a', 'b'] }),
        node('risky', 'risky'),
        node('wb', 'delay', { minutes: 2 }),
        node('join', 'join'),
        node('end', 'end'),
        ...(errorTo === 'end' ? [node('fallback', 'end')] : []),
      ],
      [
        edge('start', 'split'),
        edge('split', 'risky', 'a'),
        edge('split', 'wb', 'b'),
        edge('risky', 'join'),
        edge('wb', 'join'),
        edge('join', 'end'),
        ...(errorTo === 'join' ? [edge('risky', 'join', 'error')] : errorTo === 'end' ? [edge('risky', 'fallback', 'error')] : []),
      ],
    );

  it('an open error port does not end the branch (a failure fails the run instead)', () => {
    expect(validateFlow(branchWithRisky('open'), testCatalog)).toEqual([]);
    expect(validateFlow(branchWithRisky('join'), testCatalog)).toEqual([]);
  });

  it('an error port connected out of the block leaves the branch without its join', () => {
    const codes = validateFlow(branchWithRisky('end'), testCatalog).map((d) => d.code);
    expect(codes).toContain('PARALLEL_NO_JOIN');
  });
});
