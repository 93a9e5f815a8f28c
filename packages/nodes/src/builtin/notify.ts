import { templateExpressions } from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode, templateSites } from '../sdk/define-node.ts';

export const NOTIFY_ACTIVITY = 'notify.send';

export interface NotifyActivityInput {
  readonly dedupeKey: string;
  readonly runId: string;
  readonly channel: 'in_app' | 'email';
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
}

const Template = z.string().max(20_000);

/** Queues a message in the outbox; delivery channels (SMTP, webhooks) read it from there. */
export const notifyNode = defineNode({
  type: 'notify',
  version: 1,
  palette: { title: 'Notify', category: 'Messages', icon: 'bell', description: 'Sends a message to a person or group.' },
  config: z.object({
    channel: z.enum(['in_app', 'email']).default('in_app'),
    to: Template.min(1, 'who receives it?'),
    subject: Template.min(1, 'enter a subject'),
    body: Template.default(''),
  }),
  outputs: [{ name: 'next', required: true }],
  expressions: (c) => [
    ...templateSites('to', templateExpressions(c.to)),
    ...templateSites('subject', templateExpressions(c.subject)),
    ...templateSites('body', templateExpressions(c.body)),
  ],
  activity: {
    name: NOTIFY_ACTIVITY,
    startToCloseTimeoutMs: 10_000,
    retry: { maximumAttempts: 5, initialIntervalMs: 1_000, backoffCoefficient: 2 },
  },
  async execute(ctx) {
    const message = {
      channel: ctx.config.channel,
      recipient: await ctx.render(ctx.config.to),
      subject: await ctx.render(ctx.config.subject),
      body: await ctx.render(ctx.config.body),
    };
    const result = await ctx.callActivity(message);
    return { port: 'next', output: { ...message, delivery: result } };
  },
});
