import { templateExpressions } from '@trackway/schema/runtime';
import { z } from 'zod';
import { templateSites } from '../sdk/define-node.ts';

/** Config field shapes the service nodes share. */
export const Expression = z.string().min(1, 'enter an expression').max(4000);
export const Template = z.string().max(20_000);
export const PortName = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'lower-case letters, digits and "_"');
/** Another node of the same flow, e.g. the human task an SLA watches. */
export const NodeRef = z.string().min(1, 'choose a node').max(100);
export const EventType = z
  .string()
  .min(1, 'enter an event type')
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits and . _ : - (e.g. "payment.received")');

/** A message a node sends: channel, recipient and `{{ }}` templates. */
export const MessageSchema = z.object({
  channel: z.enum(['in_app', 'email', 'webhook']).default('in_app'),
  to: Template.min(1, 'who receives it?'),
  subject: Template.min(1, 'enter a subject'),
  body: Template.default(''),
});
export type Message = z.infer<typeof MessageSchema>;

/** Expression sites of a message at `path` ("warn", "levels.0.notify"). */
export function messageSites(path: string, message: Message) {
  return (['to', 'subject', 'body'] as const).flatMap((field) => templateSites(`${path}.${field}`, templateExpressions(message[field])));
}

/** Calendar-time durations (not business time): waits for events. */
export const WallDurationSchema = z.object({
  amount: z.number().positive('must be more than 0').max(100_000),
  unit: z.enum(['minutes', 'hours', 'days', 'weeks']),
});
const WALL_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;
export const wallMs = (d: z.infer<typeof WallDurationSchema>) => d.amount * WALL_MS[d.unit];
