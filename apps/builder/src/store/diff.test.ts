import { FlowDefinitionSchema, type FlowDefinition, type FlowDefinitionInput } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { diffFlows, fieldChanges, jsonEqual } from './diff.ts';

const def = (patch: Partial<FlowDefinitionInput> = {}): FlowDefinition =>
  FlowDefinitionSchema.parse({
    schemaVersion: 1,
    metadata: { name: 'refunds' },
    nodes: [
      { id: 'start', type: 'start', typeVersion: 1, position: { x: 0, y: 0 } },
      { id: 'check', type: 'condition', typeVersion: 1, position: { x: 0, y: 100 }, config: { expression: 'input.amount > 10' } },
      { id: 'end', type: 'end', typeVersion: 1, position: { x: 0, y: 200 } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'next', target: 'check' },
      { id: 'e2', source: 'check', sourcePort: 'true', target: 'end' },
    ],
    ...patch,
  });

describe('diffFlows', () => {
  it('finds nothing between equal versions', () => {
    const d = diffFlows(def(), def());
    expect(d.empty).toBe(true);
    expect(d.nodes).toEqual([]);
    expect(d.edges).toEqual([]);
  });

  it('reports added, removed and changed nodes and edges', () => {
    const before = def();
    const after = def({
      nodes: [
        before.nodes[0]!,
        { ...before.nodes[1]!, config: { expression: 'input.amount > 100' } },
        { id: 'tell', type: 'notify', typeVersion: 1, position: { x: 0, y: 150 }, config: {} },
      ],
      edges: [before.edges[0]!, { id: 'e3', source: 'check', sourcePort: 'true', target: 'tell' }],
    });
    const d = diffFlows(before, after);
    expect(Object.fromEntries(d.byNode)).toEqual({ check: 'changed', tell: 'added', end: 'removed' });
    expect(Object.fromEntries(d.byEdge)).toEqual({ e2: 'removed', e3: 'added' });
    expect(d.nodes.find((n) => n.id === 'check')?.fields).toEqual([
      { path: 'config.expression', before: 'input.amount > 10', after: 'input.amount > 100' },
    ]);
    expect(d.nodes.find((n) => n.id === 'end')?.node.type).toBe('end');
    expect(d.empty).toBe(false);
  });

  it('lists a move but does not colour a node that only moved', () => {
    const before = def();
    const after = def({ nodes: before.nodes.map((n) => (n.id === 'end' ? { ...n, position: { x: 40, y: 200 } } : n)) });
    const d = diffFlows(before, after);
    expect(d.nodes).toHaveLength(1);
    expect(d.nodes[0]).toMatchObject({ id: 'end', kind: 'changed', movedOnly: true });
    expect(d.byNode.size).toBe(0);
    expect(d.empty).toBe(true);
  });

  it('reports a re-routed edge as changed and flow-level settings', () => {
    const before = def();
    const after = def({
      metadata: { name: 'refunds v2' },
      variables: [{ name: 'tier', type: 'string' }],
      edges: [before.edges[0]!, { ...before.edges[1]!, sourcePort: 'false' }],
    });
    const d = diffFlows(before, after);
    expect(d.edges).toEqual([
      { id: 'e2', kind: 'changed', edge: after.edges[1], fields: [{ path: 'sourcePort', before: 'true', after: 'false' }] },
    ]);
    expect(d.flow.map((f) => f.path)).toEqual(['metadata.name', 'variables']);
  });
});

describe('fieldChanges', () => {
  it('compares lists of rows of equal length row by row, at the paths the validator uses', () => {
    const before = {
      cases: [
        { port: 'a', when: 'x > 1' },
        { port: 'b', when: 'y' },
      ],
      tags: ['p', 'q'],
    };
    const after = {
      cases: [
        { port: 'a', when: 'x > 1' },
        { port: 'b', when: 'y = 2' },
      ],
      tags: ['p', 'r'],
    };
    expect(fieldChanges(before, after, 'config')).toEqual([
      { path: 'config.cases.1.when', before: 'y', after: 'y = 2' },
      // Lists of plain values stay one change: "p, q -> p, r" reads better than an index.
      { path: 'config.tags', before: ['p', 'q'], after: ['p', 'r'] },
    ]);
  });

  it('treats a list that gained or lost a row as one change, not a shifted pairing of rows', () => {
    const before = [{ port: 'a' }, { port: 'b' }];
    const after = [{ port: 'b' }];
    expect(fieldChanges({ cases: before }, { cases: after })).toEqual([{ path: 'cases', before, after }]);
  });

  it('reports each changed part of a structured field, including a switched union variant', () => {
    const before = { due: { amount: 3, unit: 'days' }, assignee: { kind: 'user', email: 'dana@x.test' } };
    const after = { due: { amount: 4, unit: 'days' }, assignee: { kind: 'group', group: 'support' } };
    expect(fieldChanges(before, after, 'config')).toEqual([
      { path: 'config.assignee.email', before: 'dana@x.test', after: undefined },
      { path: 'config.assignee.group', before: undefined, after: 'support' },
      { path: 'config.assignee.kind', before: 'user', after: 'group' },
      { path: 'config.due.amount', before: 3, after: 4 },
    ]);
  });

  it('walks objects key by key and compares arrays whole, ignoring key order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(fieldChanges({ a: { b: 1, c: [1] } }, { a: { b: 1, c: [2] }, d: true })).toEqual([
      { path: 'a.c', before: [1], after: [2] },
      { path: 'd', before: undefined, after: true },
    ]);
  });
});
