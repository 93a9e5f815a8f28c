import { describe, expect, it } from 'vitest';
import { formatValue, summarizeDiff } from './summary.ts';
import { twoVersions } from './testing.ts';

describe('the change list summary', () => {
  it('lists nodes in reading order, with moves folded into a flag and only-moved nodes marked as such', () => {
    const { before, after, diff } = twoVersions();
    const summary = summarizeDiff(diff, before, after);
    expect(summary.nodes.map((n) => [n.title, n.kind, n.moved])).toEqual([
      ['Big?', 'changed', true],
      ['End small', 'removed', false],
      ['Tell', 'added', false],
      ['End', 'moved', true],
    ]);
    expect(summary.nodes[0]?.fields).toEqual([{ path: 'config.expression', before: 'input.amount > 100', after: 'input.amount > 500' }]);
    expect(summary.edges.map((e) => [e.title, e.kind, e.nodeId])).toEqual([
      ['Big? (no) → Tell', 'added', 'check'],
      ['Big? (no) → End small', 'removed', 'check'],
    ]);
    // An only-moved node is listed but not counted: layout is not behaviour.
    expect(summary.counts).toEqual({ added: 2, removed: 2, changed: 1 });
  });

  it('formats values as one short line', () => {
    expect(formatValue(undefined)).toBe('not set');
    expect(formatValue('input.amount > 5')).toBe('"input.amount > 5"');
    expect(formatValue({ amount: 3, unit: 'days' })).toBe('{"amount":3,"unit":"days"}');
    expect(formatValue('x'.repeat(500))).toHaveLength(160);
  });
});
