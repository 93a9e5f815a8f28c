import { validateFlow } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { registry } from '../lib/registry.ts';
import { applyFlowOp } from '../store/ops.ts';
import { branchFlow } from '../testing/flows.ts';
import { nodeErrors } from './node-errors.ts';

describe('node errors for the inspector', () => {
  it('puts config and expression errors under their field, the rest on the node', () => {
    const def = applyFlowOp(branchFlow(), {
      kind: 'batch',
      ops: [
        {
          kind: 'addNodes',
          nodes: [
            {
              id: 'mail',
              type: 'notify',
              typeVersion: 1,
              label: 'Mail',
              position: { x: 0, y: 0 },
              config: { to: 'a', subject: 'Hi {{ vars.x }}' },
            },
          ],
        },
      ],
    });
    const diagnostics = validateFlow(def, registry);
    const kinds = new Map([
      ['to', 'template' as const],
      ['subject', 'template' as const],
      ['body', 'template' as const],
    ]);
    const { fields, node } = nodeErrors(diagnostics, 'mail', kinds);
    expect(Object.fromEntries(fields)).toEqual({ subject: ['variable "x" is not declared.'] });
    expect(node.map((d) => d.code).sort()).toEqual(['NODE_UNREACHABLE', 'PORT_REQUIRED_UNCONNECTED']);
  });
});
