import { templateExpressions } from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode, runSteps, step, templateSites, type NodeResult, type Steps } from '../sdk/define-node.ts';

export const NOTIFY_ACTIVITY = 'notify.send';

/** in_app: the bell in the builder (staff); email: SMTP; webhook: a signed JSON POST to a URL. */
export const NOTIFY_CHANNELS = ['in_app', 'email', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export interface NotifyActivityInput {
  readonly dedupeKey: string;
  readonly runId: string;
  readonly channel: NotifyChannel;
  readonly recipient: string;
  readonly subject: string;
  readonly body: string;
}

const Template = z.string().max(20_000);

/**
 * Sends a message over a channel. `to` is a template: for in_app and email an e-mail address,
 * "group:<key>" or "role:<role>" (several separated by commas); for webhook an http(s) URL.
 * Webhook joined in version 1 as a new enum value, so every saved v1 config still validates.
 */
export const notifyNode = defineNode({
  type: 'notify',
  version: 1,
  palette: { title: 'Notify', category: 'Messages', icon: 'bell', description: 'Sends a message to a person, group or webhook.' },
  config: z.object({
    channel: z.enum(NOTIFY_CHANNELS).default('in_app'),
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
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const message = {
          channel: ctx.config.channel,
          recipient: yield* step(ctx.renderNow(ctx.config.to)),
          subject: yield* step(ctx.renderNow(ctx.config.subject)),
          body: yield* step(ctx.renderNow(ctx.config.body)),
        };
        const result = yield* step(ctx.callActivity(message));
        return { port: 'next', output: { ...message, delivery: result } };
      })(),
    ),
});
