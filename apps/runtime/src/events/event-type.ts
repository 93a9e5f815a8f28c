import { builtinRegistry } from '@trackway/nodes';
import { z } from 'zod';

const startConfig = builtinRegistry.get('start', 1)?.configSchema;

/**
 * Event types follow the rule of the start node's `startOn.eventType` (and the wait-event node's),
 * so every type the API accepts is one a flow can start on or wait for. The rule is read from
 * the node's own config schema rather than repeated here.
 */
export function eventTypeProblem(type: string): string | undefined {
  if (!startConfig) return undefined;
  const parsed = startConfig.safeParse({ startOn: { eventType: type } });
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'is not a valid event type');
}

export const EventTypeSchema = z.string().superRefine((type, ctx) => {
  const problem = eventTypeProblem(type);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** What an API key may post: event types, or "*" for any. */
export const EventTypePatternSchema = z.union([z.literal('*'), EventTypeSchema], {
  error: 'must be an event type (letters, digits and . _ : -) or "*"',
});
