import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';
import { Expression } from './fields.ts';

/** Calls another published flow as a child run: reuse a common procedure (e.g. "collect documents") across flows. */
export const subflowNode = defineNode({
  type: 'subflow',
  version: 1,
  palette: { title: 'Sub-flow', category: 'Flow', icon: 'layers', description: 'Runs another published flow and waits for its result.' },
  config: z.object({
    flow: z
      .string()
      .min(1, 'choose a flow')
      .max(100)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'a flow key: lower-case letters, digits and dashes'),
    /** Pin a version; by default the latest published version when the run gets here. */
    version: z.number().int().positive().optional(),
    /** Expression giving the child's input object, e.g. { "invoiceId": input.invoiceId }. */
    input: Expression.optional(),
    wait: z.boolean().default(true),
  }),
  waits: true,
  errorPort: true,
  outputs: [{ name: 'next', required: true }],
  expressions: (c) => (c.input ? [{ path: 'input', source: c.input }] : []),
  async execute(ctx) {
    const c = ctx.config;
    const input = c.input ? await ctx.evaluate('input') : {};
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new Error(`sub-flow input must be an object, got ${JSON.stringify(input)}`);
    }
    const result = await ctx.runSubflow({
      flow: c.flow,
      ...(c.version ? { version: c.version } : {}),
      input: input as Record<string, unknown>,
      wait: c.wait,
    });
    return { port: 'next', output: result };
  },
});
