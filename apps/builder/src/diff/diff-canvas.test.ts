import { describe, expect, it } from 'vitest';
import { diffFlows } from '../store/diff.ts';
import { branchFlow } from '../testing/flows.ts';
import { twoVersions as versions } from './testing.ts';
import { diffCanvas } from './diff-canvas.ts';

describe('the diff canvas', () => {
  it('draws the newer version plus removed nodes and edges as ghosts where they were', () => {
    const { before, after, diff } = versions();
    const { nodes, edges } = diffCanvas(before, after, diff);
    expect(nodes.map((n) => [n.id, n.data.change])).toEqual([
      ['start', null],
      ['check', 'changed'],
      ['end', null],
      ['tell', 'added'],
      ['end_2', 'removed'],
    ]);
    const ghost = nodes.find((n) => n.id === 'end_2');
    expect(ghost).toMatchObject({ position: { x: 150, y: 300 }, className: 'diff-node diff-removed', zIndex: -1, draggable: false });
    expect(ghost?.ariaLabel).toBe('End small (End): removed');
    expect(edges.map((e) => [e.id, e.className])).toEqual([
      ['e1', 'diff-edge'],
      ['e2', 'diff-edge'],
      ['e4', 'diff-edge diff-added'],
      ['e3', 'diff-edge diff-removed'],
    ]);
    expect(edges.find((e) => e.id === 'e3')).toMatchObject({ source: 'check', sourceHandle: 'false', target: 'end_2' });
  });

  it('gives a node every port its edges use, even one its type no longer declares', () => {
    const before = branchFlow({
      nodes: [...branchFlow().nodes, { id: 'legacy', type: 'retired-type', typeVersion: 3, label: '', position: { x: 0, y: 500 } }],
      edges: [...branchFlow().edges, { id: 'e9', source: 'legacy', sourcePort: 'done', target: 'end' }],
    });
    const after = branchFlow();
    const { nodes } = diffCanvas(before, after, diffFlows(before, after));
    const legacy = nodes.find((n) => n.id === 'legacy');
    expect(legacy?.data.outputs).toEqual([{ name: 'done' }]);
    expect(legacy?.data.typeTitle).toBe('retired-type');
    expect(nodes.find((n) => n.id === 'end')?.data.hasInput).toBe(true);
  });
});
