import { z } from 'zod';
import { defineNode, runSteps, step, type NodeResult, type Steps } from '../sdk/define-node.ts';
import { EventType } from './fields.ts';

/** Start, end, parallel split and join: the structural nodes every flow is built from. */
export const startNode = defineNode({
  type: 'start',
  version: 1,
  role: 'start',
  palette: { title: 'Start', category: 'Flow', icon: 'play', description: 'Where every run begins.' },
  config: z.object({
    /** e.g. `input.invoiceId`: makes the run id stable so a second start for the same case is refused. */
    businessKey: z.string().max(1000).optional(),
    /**
     * Starts a run whenever an external system posts an event of this type (events API): the
     * event's payload is the run's input and its business key the run's. Optional, so existing
     * version-1 flows keep their meaning.
     */
    startOn: z.object({ eventType: EventType }).optional(),
  }),
  outputs: [{ name: 'next', label: 'next', required: true }],
  expressions: (c) => (c.businessKey ? [{ path: 'businessKey', source: c.businessKey }] : []),
  execute: () => ({ port: 'next' }),
});

export const endNode = defineNode({
  type: 'end',
  version: 1,
  role: 'end',
  palette: { title: 'End', category: 'Flow', icon: 'stop', description: 'Finishes the run, optionally with a result.' },
  config: z.object({ output: z.string().max(4000).optional() }),
  outputs: [],
  expressions: (c) => (c.output ? [{ path: 'output', source: c.output }] : []),
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const output = ctx.config.output ? yield* step(ctx.evaluateNow('output')) : undefined;
        return { port: 'end', output };
      })(),
    ),
});

const BranchSchema = z.object({
  port: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case letters, digits and "_"'),
  label: z.string().max(100).optional(),
});

export const parallelNode = defineNode({
  type: 'parallel',
  version: 1,
  role: 'split',
  palette: { title: 'Parallel', category: 'Flow', icon: 'split', description: 'Runs branches side by side until they meet in a join.' },
  config: z
    .object({
      branches: z.array(BranchSchema).min(2).max(20),
      /** all: wait for every branch; first: continue when one finishes and cancel the others. */
      mode: z.enum(['all', 'first']).default('all'),
    })
    .refine((c) => new Set(c.branches.map((b) => b.port)).size === c.branches.length, {
      message: 'branch ports must be unique',
      path: ['branches'],
    }),
  outputs: (c) => c.branches.map((b) => ({ name: b.port, label: b.label ?? b.port, required: true })),
});

export const joinNode = defineNode({
  type: 'join',
  version: 1,
  role: 'join',
  palette: { title: 'Join', category: 'Flow', icon: 'merge', description: 'Where parallel branches meet again.' },
  config: z.object({}),
  outputs: [{ name: 'next', required: true }],
  execute: () => ({ port: 'next' }),
});
