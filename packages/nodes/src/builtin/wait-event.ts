import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';
import { EventType, WallDurationSchema, wallMs } from './fields.ts';

/**
 * Waits for an external event (events API) correlated to this run by its business key. Events
 * delivered before the run got here wait for it, so a fast sender cannot race the flow.
 */
export const waitEventNode = defineNode({
  type: 'wait-event',
  version: 1,
  waits: true,
  palette: {
    title: 'Wait for event',
    category: 'Time',
    icon: 'inbox',
    description: 'Waits until an external system reports an event for this case (e.g. payment received).',
  },
  config: z.object({
    eventTypes: z.array(EventType).min(1, 'name at least one event type').max(20),
    timeout: WallDurationSchema.optional(),
  }),
  outputs: (c) => [
    { name: 'received', label: 'received', required: true },
    ...(c.timeout ? [{ name: 'timeout', label: 'timed out', required: true }] : []),
  ],
  async execute(ctx) {
    const { eventTypes, timeout } = ctx.config;
    ctx.progress({ waitingFor: eventTypes, ...(timeout ? { until: new Date(ctx.now().getTime() + wallMs(timeout)).toISOString() } : {}) });
    const event = await ctx.waitForEvent(eventTypes, timeout ? wallMs(timeout) : undefined);
    if (!event) return { port: 'timeout', output: { received: false } };
    return { port: 'received', output: { received: true, event } };
  },
});
