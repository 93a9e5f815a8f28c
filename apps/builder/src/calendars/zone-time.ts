import { alwaysOpen, businessDayOffset, localDateOf, type BusinessCalendar } from '@trackway/schema';

/**
 * Wall-clock time in a calendar's time zone, for the pickers and labels of the calendar previews.
 * Conversions go through the schema's own zone rules (a 24x7 calendar in the zone), so a time
 * skipped or repeated by a DST change means here exactly what it means to the workflows.
 */
const clocks = new Map<string, BusinessCalendar>();

function clockOf(timeZone: string): BusinessCalendar {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = alwaysOpen(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/**
 * The instant at which the clock in `timeZone` reads `local` ("2026-11-26T10:00", the value of an
 * `<input type="datetime-local">`), or null when it is not such a value or the zone is unknown.
 */
export function instantAt(timeZone: string, local: string): Date | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return null;
  try {
    // Every day of a 24x7 calendar is a working day: day offset 0 at a time of day is that wall time.
    return businessDayOffset(clockOf(timeZone), m[1]!, 0, { count: 'calendar', timeOfDay: m[2]! });
  } catch {
    return null;
  }
}

/** The first instant of a local date ("2026-11-26") in `timeZone`. */
export function startOfLocalDate(timeZone: string, date: string): Date | null {
  return instantAt(timeZone, `${date}T00:00`);
}

/** "2026-11-26T10:00": what the clock in `timeZone` reads at `at`, to the minute. */
export function localDateTimeOf(timeZone: string, at: Date): string {
  const date = localDateOf(clockOf(timeZone), at);
  return `${date}T${timeOfDay(timeZone, at)}`;
}

/** "HH:mm" of `at` in `timeZone`. */
export function timeOfDay(timeZone: string, at: Date): string {
  const parts = partsOf(timeZone, at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${parts.hour ?? '00'}:${parts.minute ?? '00'}`;
}

/** The local date `days` calendar days after a local date ("2026-11-26" + 7 -> "2026-12-03"). */
export function addLocalDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/**
 * "Thu 26 Nov, 15:00" in `timeZone`; the year is added when it differs from `now`'s (or always,
 * with `year: true`).
 */
export function formatInstant(at: Date, timeZone: string, options: { now?: Date; year?: boolean; time?: boolean } = {}): string {
  const parts = partsOf(timeZone, at, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const showYear = options.year ?? (options.now ? partsOf(timeZone, options.now, { year: 'numeric' }).year !== parts.year : true);
  const day = `${parts.weekday} ${parts.day} ${parts.month}${showYear ? ` ${parts.year}` : ''}`;
  return options.time === false ? day : `${day}, ${parts.hour}:${parts.minute}`;
}

/** "Thu 26 Nov" for a local date, independent of any zone. */
export function formatLocalDate(date: string): string {
  const parts = partsOf('UTC', new Date(`${date}T12:00:00Z`), { weekday: 'short', day: 'numeric', month: 'short' });
  return `${parts.weekday} ${parts.day} ${parts.month}`;
}

function partsOf(timeZone: string, at: Date, options: Intl.DateTimeFormatOptions): Partial<Record<Intl.DateTimeFormatPartTypes, string>> {
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** The IANA zones to choose from: the browser's list, plus UTC (which some browsers leave out). */
export function timeZoneNames(): readonly string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** The zone this browser is in, for a new calendar's default. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
