import { BusinessCalendarSchema, type BusinessCalendar, type BusinessCalendarInput } from '@trackway/schema';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';

/**
 * What a client sends as a calendar's definition: time zone, weekly hours and holidays. The
 * calendar's `id` and `name` inside a BusinessCalendar always come from the stored key and name,
 * so the two can never disagree.
 */
export type CalendarDefinitionInput = Omit<BusinessCalendarInput, 'id' | 'name'>;

export const CalendarDefinitionInputSchema = z.custom<CalendarDefinitionInput>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'definition must be an object with timeZone, weekly and holidays',
);

/** "weekly.mon.0.end" -> "weekly.mon[0].end", the way a person reads a field's place. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

export type ParsedCalendar = { ok: true; calendar: BusinessCalendar } | { ok: false; error: z.ZodError; problems: string };

/** Validates a definition with BusinessCalendarSchema, the one rule the canvas and workflows use too. */
export function parseCalendar(key: string, name: string, definition: unknown): ParsedCalendar {
  const candidate = typeof definition === 'object' && definition !== null ? { ...definition, id: key, name } : definition;
  const parsed = BusinessCalendarSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, calendar: parsed.data };
  const problems = parsed.error.issues.map((i) => `${fieldPath(i.path) || '(definition)'}: ${i.message}`).join('; ');
  return { ok: false, error: parsed.error, problems };
}

/** parseCalendar for API input: a BAD_REQUEST naming every field at fault (zod's detail in error.data.zodError). */
export function calendarOrBadRequest(key: string, name: string, definition: unknown): BusinessCalendar {
  const parsed = parseCalendar(key, name, definition);
  if (parsed.ok) return parsed.calendar;
  throw new TRPCError({ code: 'BAD_REQUEST', message: `Calendar definition rejected: ${parsed.problems}.`, cause: parsed.error });
}
