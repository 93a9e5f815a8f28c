import {
  addBusinessTime,
  BusinessCalendarError,
  BusinessDurationFieldSchema,
  DateOffsetFieldSchema,
  offsetAsDuration,
  type BusinessCalendar,
  type BusinessDuration,
} from '@trackway/schema';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { formatInstant } from '../../calendars/zone-time.ts';
import type { JsonSchema } from '../../lib/json-schema.ts';

/** A calendar as far as it could be loaded for a preview. */
export type CalendarLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly calendar: BusinessCalendar }
  | { readonly status: 'missing' }
  | { readonly status: 'error'; readonly message: string };

/**
 * What the duration and date-offset widgets need for their "if started now" line: the node's
 * calendar key and a hook that loads a calendar (the app asks calendars.get through TanStack
 * Query; tests hand in a fixed calendar). Without a provider the widgets show no preview.
 */
export interface DuePreviewSource {
  /** The node's `calendar` (or that field's default); null when the node names no calendar. */
  readonly calendarKey: string | null;
  /** A hook; must keep its identity for the life of the form. */
  readonly useCalendar: (key: string) => CalendarLoad;
  /** The clock; defaults to the real one, read again every half minute. */
  readonly now?: () => Date;
}

const DuePreviewContext = createContext<DuePreviewSource | null>(null);

export function DuePreviewProvider({ source, children }: { source: DuePreviewSource; children: ReactNode }) {
  return <DuePreviewContext.Provider value={source}>{children}</DuePreviewContext.Provider>;
}

/** The calendar a node's durations count on: its `calendar` config value, else the schema's default for it. */
export function nodeCalendarKey(schema: JsonSchema, config: unknown): string | null {
  const field = schema.properties?.calendar;
  if (!field) return null;
  const value = typeof config === 'object' && config !== null ? (config as Record<string, unknown>).calendar : undefined;
  if (typeof value === 'string') return value;
  return typeof field.default === 'string' ? field.default : '';
}

/** The field's value as a signed business duration, when it passes the field's schema. */
function durationOf(value: unknown, offset: boolean): BusinessDuration | null {
  if (offset) {
    const parsed = DateOffsetFieldSchema.safeParse(value);
    return parsed.success ? offsetAsDuration(parsed.data) : null;
  }
  const parsed = BusinessDurationFieldSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const TICK_MS = 30_000;
const KEY = /^[a-z0-9][a-z0-9-]*$/;

function useNow(now: (() => Date) | undefined): Date {
  const [at, setAt] = useState(() => (now ? now() : new Date()));
  useEffect(() => {
    if (now) return;
    const timer = setInterval(() => setAt(new Date()), TICK_MS);
    return () => clearInterval(timer);
  }, [now]);
  return now ? now() : at;
}

/**
 * One line beside a duration or date offset: when it would end if counted from now on the node's
 * calendar ("→ if started now: Thu 26 Nov, 15:00 (Europe/Berlin)"), computed with addBusinessTime,
 * the function the workflow runs. Nothing while the value itself is incomplete or invalid (the
 * validator says why); a short note when the calendar is not known or not loaded.
 */
export function DuePreview({ value, offset }: { value: unknown; offset: boolean }) {
  const source = useContext(DuePreviewContext);
  if (!source || source.calendarKey === null) return null;
  return <DuePreviewLine source={source} calendarKey={source.calendarKey} value={value} offset={offset} />;
}

function DuePreviewLine({
  source,
  calendarKey,
  value,
  offset,
}: {
  source: DuePreviewSource;
  calendarKey: string;
  value: unknown;
  offset: boolean;
}) {
  const valid = KEY.test(calendarKey);
  // Hooks run unconditionally; an invalid key is never asked for.
  const load = source.useCalendar(valid ? calendarKey : '');
  const now = useNow(source.now);
  const amount = durationOf(value, offset);
  if (!amount) return null;
  const label = offset ? 'if the date were now' : 'if started now';
  let text: string;
  if (!valid) text = 'no preview: choose a calendar';
  else if (load.status === 'loading') text = `loading calendar “${calendarKey}”…`;
  else if (load.status === 'missing') text = `no preview: there is no calendar “${calendarKey}”`;
  else if (load.status === 'error') text = `no preview: calendar “${calendarKey}” could not be loaded (${load.message})`;
  else {
    try {
      const due = addBusinessTime(load.calendar, now, amount);
      text = `${label}: ${formatInstant(due, load.calendar.timeZone, { now })} (${load.calendar.timeZone})`;
    } catch (error) {
      if (!(error instanceof BusinessCalendarError)) throw error;
      text = `no preview: ${error.message}`;
    }
  }
  return (
    <small className="muted due-preview" data-testid="due-preview">
      <span aria-hidden="true">→ </span>
      {text}
    </small>
  );
}
