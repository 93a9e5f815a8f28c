import { validateFlow } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { registry } from '../lib/registry.ts';
import { branchFlow } from '../testing/flows.ts';
import { copyFragment, isFragment, pasteFragment } from './clipboard.ts';
import { applyFlowOp } from './ops.ts';

describe('copy and paste', () => {
  it('copies the selected nodes with the edges between them only', () => {
    const fragment = copyFragment(branchFlow(), ['check', 'end']);
    expect(fragment?.nodes.map((n) => n.id)).toEqual(['check', 'end']);
    expect(fragment?.edges.map((e) => e.id)).toEqual(['e2']);
    expect(isFragment(JSON.parse(JSON.stringify(fragment)))).toBe(true);
    expect(copyFragment(branchFlow(), [])).toBeUndefined();
  });

  it('pastes with fresh ids, re-pointed edges and an offset, leaving the flow valid', () => {
    const def = branchFlow();
    const fragment = copyFragment(def, ['check', 'end', 'end_2']);
    if (!fragment) throw new Error('nothing copied');
    const pasted = pasteFragment(def, fragment, { x: 40, y: 40 });
    const ids = pasted.nodes.map((n) => n.id);
    expect(ids).toEqual(['condition_1', 'end_1', 'end_3']);
    for (const id of ids) expect(def.nodes.some((n) => n.id === id)).toBe(false);
    expect(pasted.edges.map((e) => [e.source, e.sourcePort, e.target])).toEqual([
      ['condition_1', 'true', 'end_1'],
      ['condition_1', 'false', 'end_3'],
    ]);
    expect(new Set(pasted.edges.map((e) => e.id)).size).toBe(2);
    expect(pasted.nodes[0]?.position).toEqual({ x: 40, y: 190 });
    const next = applyFlowOp(def, { kind: 'addNodes', ...pasted });
    // Only the pasted copy is unreachable (nothing leads into it yet): no duplicate ids, no broken edges.
    expect(validateFlow(next, registry).map((d) => d.code)).toEqual(['NODE_UNREACHABLE', 'NODE_UNREACHABLE', 'NODE_UNREACHABLE']);
  });

  it('pasting twice (or into another flow) never collides; steps.<id> follows the copy', () => {
    const source = branchFlow({
      nodes: [
        { id: 'start', type: 'start', typeVersion: 1, label: 'Start', position: { x: 0, y: 0 } },
        {
          id: 'check',
          type: 'condition',
          typeVersion: 1,
          label: 'C',
          position: { x: 0, y: 0 },
          config: { expression: 'input.amount > 1' },
        },
        {
          id: 'again',
          type: 'condition',
          typeVersion: 1,
          label: 'D',
          position: { x: 0, y: 0 },
          config: { expression: 'steps.check.taken and steps.other.x' },
        },
      ],
      edges: [],
    });
    const fragment = copyFragment(source, ['check', 'again']);
    if (!fragment) throw new Error('nothing copied');
    let target = branchFlow();
    const first = pasteFragment(target, fragment, { x: 0, y: 0 });
    target = applyFlowOp(target, { kind: 'addNodes', ...first });
    const second = pasteFragment(target, fragment, { x: 0, y: 0 });
    const all = [...target.nodes, ...second.nodes].map((n) => n.id);
    expect(new Set(all).size).toBe(all.length);
    const copyOfAgain = second.nodes[1];
    expect(copyOfAgain?.config.expression).toBe(`steps.${second.nodes[0]?.id}.taken and steps.other.x`);
  });
});
