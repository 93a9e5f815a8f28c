import { diffFlows } from '../store/diff.ts';
import { branchFlow } from '../testing/flows.ts';

/** v1: start -> Big? -> End / End small. v2: End small removed, a Notify added, Big? re-worded and moved. */
export function twoVersions() {
  const before = branchFlow();
  const after = branchFlow({
    nodes: [
      before.nodes[0]!,
      { ...before.nodes[1]!, position: { x: 40, y: 150 }, config: { expression: 'input.amount > 500' } },
      { ...before.nodes[2]!, position: { x: -150, y: 320 } },
      {
        id: 'tell',
        type: 'notify',
        typeVersion: 1,
        label: 'Tell',
        position: { x: 160, y: 300 },
        config: { to: 'a@b.c', subject: 'Hi', body: '' },
      },
    ],
    edges: [before.edges[0]!, before.edges[1]!, { id: 'e4', source: 'check', sourcePort: 'false', target: 'tell' }],
  });
  return { before, after, diff: diffFlows(before, after) };
}
