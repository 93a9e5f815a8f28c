import { validateFlow } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { registry } from '../lib/registry.ts';
import { branchFlow } from '../testing/flows.ts';
import { createNode, freeSpot, insertAfterOp } from './actions.ts';
import { applyFlowOp } from './ops.ts';

const spec = (type: string) => {
  const s = registry.get(type, 1);
  if (!s) throw new Error(type);
  return s;
};

describe('adding nodes', () => {
  it('creates a node with a readable unique id, its title as label and a starting config', () => {
    const node = createNode(branchFlow(), spec('switch'), { x: 10.4, y: 20.6 });
    expect(node).toMatchObject({ id: 'switch_1', type: 'switch', typeVersion: 1, label: 'Switch', position: { x: 10, y: 21 } });
    expect(node.config).toEqual({ cases: [{ port: 'case_1', label: 'Case 1', when: '' }] });
    expect(createNode(branchFlow(), spec('delay'), { x: 0, y: 0 }).config).toEqual({ amount: 1, unit: 'hours' });
  });

  it('click-to-add after a node splices the new node into its taken output', () => {
    const inserted = insertAfterOp(branchFlow(), 'start', spec('delay'));
    if (!inserted) throw new Error('not inserted');
    const def = applyFlowOp(branchFlow(), inserted.op);
    expect(def.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}`).sort()).toEqual(
      ['check.false->end_2', 'check.true->end', 'delay_1.next->check', 'start.next->delay_1'].sort(),
    );
    expect(validateFlow(def, registry)).toEqual([]);
    expect(def.nodes.find((n) => n.id === 'check')?.position.y).toBe(290);
  });

  it('takes a free output first', () => {
    const open = applyFlowOp(branchFlow(), { kind: 'remove', edgeIds: ['e3'] });
    const inserted = insertAfterOp(open, 'check', spec('end'));
    if (!inserted) throw new Error('not inserted');
    const def = applyFlowOp(open, inserted.op);
    expect(def.edges.find((e) => e.target === inserted.node.id)).toMatchObject({ source: 'check', sourcePort: 'false' });
    // end_2 lost its edge, so only it is left unreachable.
    expect(validateFlow(def, registry).map((d) => `${d.code}:${d.nodeId}`)).toEqual(['NODE_UNREACHABLE:end_2']);
    expect(insertAfterOp(def, 'end', spec('end'))).toBeUndefined();
  });

  it('finds a free spot near the one asked for', () => {
    const def = branchFlow();
    expect(freeSpot(def, {}, { x: 1000, y: 1000 })).toEqual({ x: 1000, y: 1000 });
    const spot = freeSpot(def, {}, { x: 0, y: 150 });
    expect(spot).not.toEqual({ x: 0, y: 150 });
    expect(freeSpot(def, {}, spot)).toEqual(spot);
  });
});
