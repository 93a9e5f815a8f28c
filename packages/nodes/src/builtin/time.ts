import { z } from 'zod';
import { defineNode, runSteps, step, type NodeResult, type Steps } from '../sdk/define-node.ts';

const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/** Calendar-time delay. Business-time waits (working hours, holidays) are the SLA/calendar nodes' job. */
export const delayNode = defineNode({
  type: 'delay',
  version: 1,
  waits: true,
  palette: { title: 'Delay', category: 'Time', icon: 'clock', description: 'Waits for a duration, durably (days or weeks are fine).' },
  config: z.object({
    amount: z.number().int('whole units only').positive('must be more than 0').max(100_000),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days', 'weeks']),
  }),
  outputs: [{ name: 'next', required: true }],
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const ms = ctx.config.amount * UNIT_MS[ctx.config.unit];
        const until = new Date(ctx.now().getTime() + ms).toISOString();
        yield* step(ctx.sleep(ms));
        return { port: 'next', output: { waitedMs: ms, until } };
      })(),
    ),
});
