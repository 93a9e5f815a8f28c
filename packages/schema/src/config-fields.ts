import { z } from 'zod';
import { DurationUnitSchema } from './calendar/schema.ts';

/**
 * Config field shapes that several node types share and the builder's inspector renders with a
 * dedicated widget. The widget name travels in the JSON Schema under WIDGET_KEY, so the inspector
 * needs no knowledge of any particular node type.
 */
export const WIDGET_KEY = 'x-trackway-widget';
export type ConfigWidget = 'duration' | 'date-offset' | 'assignee' | 'calendar' | 'expression' | 'template' | 'secret';

const widget = (name: ConfigWidget) => ({ [WIDGET_KEY]: name });

/** "3 business days", "4 hours" (business hours on the node's calendar). */
export const BusinessDurationFieldSchema = z
  .object({
    amount: z.number().finite().positive('must be more than 0').max(100_000),
    unit: DurationUnitSchema,
  })
  .refine((d) => d.unit !== 'days' || Number.isInteger(d.amount), { message: 'business days must be a whole number', path: ['amount'] })
  .meta(widget('duration'));
export type BusinessDurationField = z.infer<typeof BusinessDurationFieldSchema>;

/** "7 business days before" / "1 day after" a date taken from the run's data. */
export const DateOffsetFieldSchema = z
  .object({
    amount: z.number().int('whole units only').min(0).max(100_000),
    unit: DurationUnitSchema,
    direction: z.enum(['before', 'after']),
  })
  .meta(widget('date-offset'));
export type DateOffsetField = z.infer<typeof DateOffsetFieldSchema>;

/** Signed business duration of an offset: "7 days before" -> { amount: -7, unit: 'days' }. */
export function offsetAsDuration(offset: DateOffsetField): { amount: number; unit: DateOffsetField['unit'] } {
  return { amount: offset.direction === 'before' ? -offset.amount : offset.amount, unit: offset.unit };
}

export const ASSIGNABLE_ROLES = ['admin', 'process_owner', 'staff', 'manager', 'auditor', 'developer'] as const;

/** Who a human task goes to: one person (by e-mail), a group, anyone with a role, or an expression yielding an e-mail. */
export const AssigneeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), email: z.string().trim().min(3, 'enter an e-mail address').max(320) }),
    z.object({ kind: z.literal('group'), group: z.string().trim().min(1, 'choose a group').max(100) }),
    z.object({ kind: z.literal('role'), role: z.enum(ASSIGNABLE_ROLES) }),
    z.object({ kind: z.literal('expression'), expression: z.string().trim().min(1, 'enter an expression').max(2_000) }),
  ])
  .meta(widget('assignee'));
export type Assignee = z.infer<typeof AssigneeSchema>;

/** The key of a business calendar stored through the calendars API (e.g. "standard"). */
export const CalendarKeySchema = z
  .string()
  .trim()
  .min(1, 'choose a calendar')
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'calendar keys are lower-case letters, digits and dashes')
  .meta(widget('calendar'));

/** Names of secrets stored through the secrets API, e.g. "crm-token". */
export const SecretNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, 'secret names are lower-case letters, digits and "-", starting with a letter, at most 63 characters');

/**
 * A config field that names a secret instead of holding it, e.g. `{ "secret": "crm-token" }`: the
 * value is looked up inside the activity that needs it, so it never enters a definition, a plan,
 * the workflow's history or the browser.
 */
export const SecretRefSchema = z.object({ secret: SecretNameSchema }).strict().meta(widget('secret'));
export type SecretRef = z.infer<typeof SecretRefSchema>;
