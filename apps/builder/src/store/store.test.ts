import { describe, expect, it, vi } from 'vitest';
import { branchFlow } from '../testing/flows.ts';
import { createDesignerStore } from './store.ts';

const codes = (store: ReturnType<typeof createDesignerStore>) => store.getState().diagnostics.map((d) => d.code);

describe('graph slice', () => {
  it('validates on every edit with the shared validator', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    expect(codes(store)).toEqual([]);
    store.getState().apply({ kind: 'setConfig', nodeId: 'check', config: { expression: '' } });
    expect(codes(store)).toContain('CONFIG_INVALID');
    store.getState().apply({ kind: 'remove', edgeIds: ['e1'] });
    expect(codes(store)).toContain('PORT_REQUIRED_UNCONNECTED');
  });

  it('undoes and redoes every edit, and a new edit clears the redo stack', () => {
    const initial = branchFlow();
    const store = createDesignerStore({ definition: initial });
    const s = () => store.getState();
    s().apply({ kind: 'setLabel', nodeId: 'check', label: 'A' });
    s().apply({ kind: 'remove', nodeIds: ['end_2'] });
    s().apply({ kind: 'setMetadata', name: 'B' });
    expect(s().past).toHaveLength(3);
    s().undo();
    expect(s().definition.metadata.name).toBe('Branch');
    s().undo();
    expect(s().definition.nodes.map((n) => n.id)).toContain('end_2');
    expect(codes(store)).toEqual([]);
    s().redo();
    expect(s().definition.nodes.map((n) => n.id)).not.toContain('end_2');
    expect(codes(store)).toContain('PORT_REQUIRED_UNCONNECTED');
    s().undo();
    s().undo();
    expect(s().definition).toBe(initial);
    expect(s().future).toHaveLength(3);
    s().apply({ kind: 'setLabel', nodeId: 'start', label: 'Go' });
    expect(s().future).toHaveLength(0);
    s().undo();
    s().undo();
    expect(s().definition).toBe(initial);
  });

  it('a drag is one undo step, however many frames it has', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    const s = () => store.getState();
    for (let x = 1; x <= 30; x += 1) s().apply({ kind: 'move', positions: { end: { x, y: 0 } } }, { gesture: true });
    s().endGesture();
    s().apply({ kind: 'move', positions: { end: { x: 99, y: 0 } } }, { gesture: true });
    s().endGesture();
    expect(s().past).toHaveLength(2);
    s().undo();
    expect(s().definition.nodes.find((n) => n.id === 'end')?.position).toEqual({ x: 30, y: 0 });
    s().undo();
    expect(s().definition.nodes.find((n) => n.id === 'end')?.position).toEqual({ x: -150, y: 300 });
  });

  it('typing in one field is one undo step; another field starts a new one', () => {
    vi.useFakeTimers();
    try {
      const store = createDesignerStore({ definition: branchFlow() });
      const s = () => store.getState();
      for (const label of ['B', 'Bi', 'Big', 'Big!'])
        s().apply({ kind: 'setLabel', nodeId: 'check', label }, { coalesceKey: 'label:check' });
      s().apply({ kind: 'setLabel', nodeId: 'start', label: 'Go' }, { coalesceKey: 'label:start' });
      vi.advanceTimersByTime(5_000);
      s().apply({ kind: 'setLabel', nodeId: 'start', label: 'Go!' }, { coalesceKey: 'label:start' });
      expect(s().past).toHaveLength(3);
      s().undo();
      s().undo();
      expect(s().definition.nodes[1]?.label).toBe('Big!');
      s().undo();
      expect(s().definition.nodes[1]?.label).toBe('Big?');
    } finally {
      vi.useRealTimers();
    }
  });

  it('moves do not re-run validation; edits that cannot change nothing leave history alone', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    const before = store.getState().diagnostics;
    store.getState().apply({ kind: 'move', positions: { end: { x: 1, y: 1 } } });
    expect(store.getState().diagnostics).toBe(before);
    const past = store.getState().past;
    store.getState().apply({ kind: 'setLabel', nodeId: 'nope', label: 'x' });
    expect(store.getState().past).toBe(past);
  });

  it('load replaces the definition and forgets history; editSeq counts local edits only', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    store.getState().apply({ kind: 'setLabel', nodeId: 'check', label: 'x' });
    expect(store.getState().editSeq).toBe(1);
    store.getState().load(branchFlow({ metadata: { name: 'From server' } }));
    expect(store.getState()).toMatchObject({ past: [], future: [], editSeq: 1 });
    expect(store.getState().definition.metadata.name).toBe('From server');
  });
});

describe('selection slice', () => {
  it('selects, clears, and drops ids of deleted elements', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    const s = () => store.getState();
    s().setSelection({ nodes: ['check', 'end'], edges: ['e2'] });
    s().apply({ kind: 'remove', nodeIds: ['end'] });
    expect(s().selectedNodeIds).toEqual(['check']);
    expect(s().selectedEdgeIds).toEqual([]);
    s().undo();
    s().clearSelection();
    expect(s().selectedNodeIds).toEqual([]);
  });
});

describe('panel, run and draft slices', () => {
  it('hold the connection hint, focus requests, tabs, server diagnostics and fit requests', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    const s = () => store.getState();
    s().setConnectionHint('nope');
    s().focusOn({ nodeId: 'check' });
    s().focusOn({ nodeId: 'check' });
    s().setSideTab('versions');
    s().setServerDiagnostics([{ code: 'START_MISSING', severity: 'error', message: 'x' }]);
    s().requestFit();
    expect(s()).toMatchObject({ connectionHint: 'nope', focus: { nodeId: 'check', seq: 2 }, sideTab: 'versions', fitSeq: 1 });
    expect(s().serverDiagnostics).toHaveLength(1);
  });

  it('keeps the overlaid run and closes the step drawer when the run goes away', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    const run = { id: 'r1' } as never;
    store.getState().setRun(run);
    store.getState().openStep('check');
    expect(store.getState().stepNodeId).toBe('check');
    store.getState().setRun(null);
    expect(store.getState().stepNodeId).toBeNull();
  });

  it('tracks the draft revision and save status', () => {
    const store = createDesignerStore({ definition: branchFlow(), revision: 7 });
    expect(store.getState().save).toMatchObject({ status: 'saved', revision: 7 });
    store.getState().setSave({ status: 'conflict', message: 'changed elsewhere' });
    expect(store.getState().save).toMatchObject({ status: 'conflict', revision: 7, message: 'changed elsewhere' });
  });
});

describe('draft slice', () => {
  it('marking the draft with the status it already has changes nothing, so per-frame "dirty" re-renders nobody', () => {
    const store = createDesignerStore({ definition: branchFlow() });
    const listener = vi.fn();
    store.subscribe(listener);
    store.getState().setSave({ status: 'dirty' });
    const dirty = store.getState().save;
    expect(listener).toHaveBeenCalledTimes(1);
    store.getState().setSave({ status: 'dirty' });
    store.getState().setSave({ status: 'dirty', message: undefined });
    expect(store.getState().save).toBe(dirty);
    expect(listener).toHaveBeenCalledTimes(1);
    store.getState().setSave({ status: 'saving' });
    expect(store.getState().save).toEqual({ ...dirty, status: 'saving' });
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
