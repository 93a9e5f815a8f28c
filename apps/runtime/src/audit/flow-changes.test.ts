import { describe, expect, it } from 'vitest';
import { diffDefinitions, summariseChanges } from './flow-changes.ts';

const node = (id: string, config: Record<string, unknown> = {}, position = { x: 0, y: 0 }) => ({
  id,
  type: 'set',
  typeVersion: 1,
  label: id,
  position,
  config,
});
const edge = (id: string, source: string, target: string) => ({ id, source, sourcePort: 'next', target, targetPort: 'in' });

describe('flow definition changes for the audit log', () => {
  const before = {
    schemaVersion: 1,
    metadata: { name: 'Orders' },
    nodes: [node('start'), node('a', { expression: 'input.x', apiKey: 'k1' }), node('b'), node('c', {}, { x: 5, y: 5 })],
    edges: [edge('e1', 'start', 'a'), edge('e2', 'a', 'b')],
  };
  const after = {
    schemaVersion: 1,
    metadata: { name: 'Orders v2' },
    nodes: [node('start'), node('a', { expression: 'input.y', apiKey: 'k2' }), node('c', {}, { x: 50, y: 5 }), node('d')],
    edges: [edge('e1', 'start', 'a'), { ...edge('e2', 'a', 'd') }, edge('e3', 'd', 'c')],
  };

  it('lists added, removed and changed nodes and edges with field paths; moves are not changes; secrets stay out', () => {
    const changes = diffDefinitions(before, after);
    expect(changes.nodes).toEqual({
      added: ['d'],
      removed: ['b'],
      changed: [
        {
          id: 'a',
          fields: [
            { path: 'config.apiKey', before: '[redacted]', after: '[redacted]' },
            { path: 'config.expression', before: 'input.x', after: 'input.y' },
          ],
        },
      ],
      moved: ['c'],
    });
    expect(changes.edges).toEqual({
      added: ['e3'],
      removed: [],
      changed: [{ id: 'e2', fields: [{ path: 'target', before: 'b', after: 'd' }] }],
    });
    expect(changes.flow).toEqual([{ path: 'metadata.name', before: 'Orders', after: 'Orders v2' }]);
    expect(summariseChanges(changes)).toEqual({
      nodes: { added: 1, removed: 1, changed: 1, moved: 1 },
      edges: { added: 1, removed: 0, changed: 1 },
      flowSettings: 1,
    });
  });

  it('copes with drafts that are not flow definitions at all', () => {
    expect(summariseChanges(diffDefinitions({}, { nodes: 'x', edges: [null, 3] }))).toEqual({
      nodes: { added: 0, removed: 0, changed: 0, moved: 0 },
      edges: { added: 0, removed: 0, changed: 0 },
      flowSettings: 0,
    });
    expect(diffDefinitions(before, before)).toEqual({
      nodes: { added: [], removed: [], changed: [], moved: [] },
      edges: { added: [], removed: [], changed: [] },
      flow: [],
    });
  });
});
