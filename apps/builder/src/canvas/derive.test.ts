import { validateFlow } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { registry } from '../lib/registry.ts';
import { applyFlowOp } from '../store/ops.ts';
import { branchFlow } from '../testing/flows.ts';
import { CanvasDeriver, locateDiagnostics, type DeriveInput } from './derive.ts';

function input(def = branchFlow(), extra: Partial<DeriveInput> = {}): DeriveInput {
  return {
    definition: def,
    located: locateDiagnostics(def, validateFlow(def, registry)),
    selectedNodeIds: [],
    selectedEdgeIds: [],
    selectedNoteIds: [],
    sizes: {},
    run: null,
    ...extra,
  };
}

describe('canvas derivation', () => {
  it('derives typed nodes with ports, and edges with handles', () => {
    const deriver = new CanvasDeriver();
    const nodes = deriver.deriveNodes(input());
    const check = nodes.find((n) => n.id === 'check');
    expect(check?.type).toBe('step');
    if (check?.type !== 'step') throw new Error('not a step');
    expect(check.data.outputs.map((p) => p.label)).toEqual(['yes', 'no']);
    expect(check.data.hasInput).toBe(true);
    expect(nodes.find((n) => n.id === 'start')?.data).toMatchObject({ hasInput: false });
    const edges = deriver.deriveEdges(input());
    expect(edges.find((e) => e.id === 'e2')).toMatchObject({ source: 'check', sourceHandle: 'true', target: 'end', targetHandle: 'in' });
    expect(edges.find((e) => e.id === 'e2')?.ariaLabel).toBe('Connection from Big? (yes) to End');
  });

  it('a drag re-creates only the dragged node', () => {
    const deriver = new CanvasDeriver();
    const def = branchFlow();
    const before = deriver.deriveNodes(input(def));
    const moved = applyFlowOp(def, { kind: 'move', positions: { end: { x: 9, y: 9 } } });
    const after = deriver.deriveNodes(input(moved, { located: locateDiagnostics(def, []) }));
    const changed = after.filter((n, i) => n !== before[i]).map((n) => n.id);
    expect(changed).toEqual(['end']);
    const edges = deriver.deriveEdges(input(def));
    // The edges did not change, so React Flow gets the same array and leaves its edge state alone.
    expect(deriver.deriveEdges(input(moved))).toBe(edges);
    const reconnected = applyFlowOp(moved, { kind: 'remove', edgeIds: ['e2'] });
    expect(deriver.deriveEdges(input(reconnected))).not.toBe(edges);
  });

  it('puts diagnostics on their node and edge, and run state on nodes and taken edges', () => {
    const def = applyFlowOp(branchFlow(), {
      kind: 'batch',
      ops: [
        { kind: 'setConfig', nodeId: 'check', config: { expression: '' } },
        { kind: 'connect', edge: { id: 'bad', source: 'end', sourcePort: 'x', target: 'check', targetPort: 'in' } },
      ],
    });
    const deriver = new CanvasDeriver();
    const run = {
      live: {
        steps: { check: { nodeId: 'check', status: 'completed', visits: 1, port: 'true', startedAt: '', label: '', type: 'condition' } },
      },
    } as never;
    const nodes = deriver.deriveNodes(input(def, { run }));
    const check = nodes.find((n) => n.id === 'check');
    expect(check?.type === 'step' && check.data.problems.errors).toEqual(['expression: enter an expression']);
    expect(check?.type === 'step' && check.data.run).toEqual({ status: 'completed', visits: 1, port: 'true' });
    const edges = deriver.deriveEdges(input(def, { run }));
    expect(edges.find((e) => e.id === 'bad')?.data?.problems[0]).toContain('no output port "x"');
    expect(edges.find((e) => e.id === 'e2')?.data?.taken).toBe(true);
    expect(edges.find((e) => e.id === 'e3')?.data?.taken).toBe(false);
  });
});
