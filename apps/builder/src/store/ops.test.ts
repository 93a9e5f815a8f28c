import { describe, expect, it } from 'vitest';
import { branchFlow } from '../testing/flows.ts';
import { affectsValidation, applyFlowOp, type FlowOp } from './ops.ts';

const node = (id: string) => ({ id, type: 'end', typeVersion: 1, label: id, position: { x: 1, y: 2 }, config: {} });

describe('applyFlowOp', () => {
  it('adds nodes, edges and notes without touching what was there', () => {
    const def = branchFlow();
    const next = applyFlowOp(def, {
      kind: 'addNodes',
      nodes: [node('end_3')],
      edges: [{ id: 'e9', source: 'check', sourcePort: 'true', target: 'end_3', targetPort: 'in' }],
      notes: [{ id: 'note_1', text: 'hi', position: { x: 0, y: 0 } }],
    });
    expect(next.nodes.map((n) => n.id)).toEqual(['start', 'check', 'end', 'end_2', 'end_3']);
    expect(next.edges).toHaveLength(4);
    expect(next.notes).toHaveLength(1);
    expect(next.nodes[0]).toBe(def.nodes[0]);
    expect(def.nodes).toHaveLength(4);
  });

  it('removing a node removes the edges attached to it', () => {
    const next = applyFlowOp(branchFlow(), { kind: 'remove', nodeIds: ['check'] });
    expect(next.nodes.map((n) => n.id)).toEqual(['start', 'end', 'end_2']);
    expect(next.edges).toEqual([]);
  });

  it('moves keep the identity of unmoved nodes, and a no-op returns the same definition', () => {
    const def = branchFlow();
    const moved = applyFlowOp(def, { kind: 'move', positions: { end: { x: 5, y: 6 } } });
    expect(moved.nodes[2]?.position).toEqual({ x: 5, y: 6 });
    expect(moved.nodes[0]).toBe(def.nodes[0]);
    expect(moved.edges).toBe(def.edges);
    expect(applyFlowOp(moved, { kind: 'move', positions: { end: { x: 5, y: 6 } } })).toBe(moved);
    expect(applyFlowOp(def, { kind: 'setLabel', nodeId: 'gone', label: 'x' })).toBe(def);
    expect(applyFlowOp(def, { kind: 'remove', nodeIds: ['gone'] })).toBe(def);
  });

  it('connects, re-routes and edits config, labels, declarations and metadata', () => {
    let def = applyFlowOp(branchFlow(), {
      kind: 'reconnect',
      edgeId: 'e3',
      source: 'check',
      sourcePort: 'false',
      target: 'end',
      targetPort: 'in',
    });
    expect(def.edges.find((e) => e.id === 'e3')?.target).toBe('end');
    def = applyFlowOp(def, { kind: 'setConfig', nodeId: 'check', config: { expression: 'true' } });
    def = applyFlowOp(def, { kind: 'setLabel', nodeId: 'check', label: 'Always' });
    def = applyFlowOp(def, { kind: 'setVariables', variables: [{ name: 'tier', type: 'string' }] });
    def = applyFlowOp(def, { kind: 'setInputFields', fields: [] });
    def = applyFlowOp(def, { kind: 'setMetadata', name: 'Renamed' });
    expect(def.nodes[1]).toMatchObject({ label: 'Always', config: { expression: 'true' } });
    expect(def.variables).toEqual([{ name: 'tier', type: 'string' }]);
    expect(def.input.fields).toEqual([]);
    expect(def.metadata).toMatchObject({ name: 'Renamed', description: '' });
  });

  it('applies a batch in order as one edit', () => {
    const def = applyFlowOp(branchFlow(), {
      kind: 'batch',
      ops: [
        { kind: 'remove', edgeIds: ['e2'] },
        { kind: 'connect', edge: { id: 'e2b', source: 'check', sourcePort: 'true', target: 'end_2', targetPort: 'in' } },
      ],
    });
    expect(def.edges.map((e) => e.id)).toEqual(['e1', 'e3', 'e2b']);
  });

  it('refuses an unknown operation loudly instead of dropping it', () => {
    expect(() => applyFlowOp(branchFlow(), { kind: 'explode' } as unknown as FlowOp)).toThrow(/Unknown flow operation/);
  });

  it('knows which edits can change diagnostics', () => {
    expect(affectsValidation({ kind: 'move', positions: {} })).toBe(false);
    expect(affectsValidation({ kind: 'setNoteText', noteId: 'n', text: '' })).toBe(false);
    expect(affectsValidation({ kind: 'remove', noteIds: ['n'] })).toBe(false);
    expect(affectsValidation({ kind: 'remove', nodeIds: ['n'] })).toBe(true);
    expect(
      affectsValidation({
        kind: 'batch',
        ops: [
          { kind: 'move', positions: {} },
          { kind: 'setLabel', nodeId: 'a', label: '' },
        ],
      }),
    ).toBe(true);
  });
});
