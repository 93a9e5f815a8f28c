import { validateFlow, type FlowDefinition } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { registry } from '../lib/registry.ts';
import { branchFlow } from '../testing/flows.ts';
import { connectOp } from './actions.ts';
import { checkConnection } from './connections.ts';
import { applyFlowOp } from './ops.ts';

const open = (): FlowDefinition => applyFlowOp(branchFlow(), { kind: 'remove', edgeIds: ['e2', 'e3'] });
const c = (source: string, sourcePort: string | null, target: string, targetPort: string | null = 'in') => ({
  source,
  sourcePort,
  target,
  targetPort,
});

describe('connection rules', () => {
  it('refuses what the flow language rejects, with its message', () => {
    const def = branchFlow();
    expect(checkConnection(def, c('check', 'true', 'check'))).toEqual({ ok: false, reason: 'An edge cannot connect a node to itself.' });
    expect(checkConnection(def, c('check', 'true', 'start', null))).toEqual({ ok: false, reason: 'Nothing may lead into the start node.' });
    expect(checkConnection(def, c('check', 'true', 'end'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('repeats edge "e2"'),
    });
    expect(checkConnection(def, c('check', 'true', 'end_2'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('Output "yes" is connected more than once'),
    });
    expect(checkConnection(def, c('check', 'maybe', 'end'))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no output port "maybe"'),
    });
    expect(checkConnection(def, c('end', null, 'end_2'))).toMatchObject({ ok: false, reason: expect.stringContaining('no output port') });
    expect(checkConnection(def, c('check', 'true', 'missing'))).toMatchObject({ ok: false });
    expect(checkConnection(open(), c('check', 'true', 'end'))).toEqual({ ok: true });
  });

  it('allows re-routing an edge onto its own port', () => {
    expect(checkConnection(branchFlow(), c('check', 'true', 'end_2'), 'e2')).toEqual({ ok: true });
  });

  it('every connection it accepts passes validateFlow, every one it refuses would fail it', () => {
    const def = open();
    const ids = def.nodes.map((n) => n.id);
    const edgeCodes = new Set(['EDGE_SELF_LOOP', 'START_HAS_INPUT', 'EDGE_DUPLICATE', 'PORT_FAN_OUT', 'PORT_UNKNOWN']);
    let accepted = 0;
    for (const source of ids) {
      for (const port of ['next', 'true', 'false', 'nope']) {
        for (const target of ids) {
          const verdict = checkConnection(def, c(source, port, target));
          const edge = { id: 'probe', source, sourcePort: port, target, targetPort: 'in' };
          const problems = validateFlow(applyFlowOp(def, { kind: 'connect', edge }), registry).filter(
            (d) => d.edgeId === 'probe' && edgeCodes.has(d.code),
          );
          expect(problems.length === 0, `${source}.${port} -> ${target}: ${JSON.stringify(verdict)}`).toBe(verdict.ok);
          if (verdict.ok) accepted += 1;
        }
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('connectOp builds the edge with a fresh id', () => {
    const { op, verdict } = connectOp(open(), c('check', 'true', 'end'));
    expect(verdict.ok).toBe(true);
    expect(op).toMatchObject({
      kind: 'connect',
      edge: { id: 'e_check_true_end', source: 'check', sourcePort: 'true', target: 'end', targetPort: 'in' },
    });
  });
});
