import { BusinessCalendarError } from './errors.ts';
import { BusinessCalendarSchema, minutesOfTime, parseLocalDate, WEEKDAYS, type BusinessCalendar, type WorkingInterval } from './schema.ts';
import { DAY_MS, MINUTE_MS, ZoneClock } from './zone.ts';

/** How far any search may go: about 10 years of local days. */
export const MAX_SEARCH_DAYS = 3660;

/** A working interval of one local day as instants [start, end) (never empty), with its wall-clock times. */
export interface Span {
  start: number;
  end: number;
  /** Wall-clock start and end as ms since the day's local midnight (end may be 24:00). */
  wallStart: number;
  wallEnd: number;
}

/** A calendar prepared for fast lookups. Days are numbered as days since 1970-01-01 in local time. */
export interface CompiledCalendar {
  readonly calendar: BusinessCalendar;
  readonly clock: ZoneClock;
  dayOf(t: number): number;
  spans(day: number): readonly Span[];
  isWorkingDay(day: number): boolean;
}

type WallInterval = readonly [number, number];

const MAX_CACHED_DAYS = 4096;

class Compiled implements CompiledCalendar {
  readonly clock: ZoneClock;
  private readonly weekly: WallInterval[][];
  private readonly holidays = new Map<number, WallInterval[]>();
  private readonly cache = new Map<number, Span[]>();

  constructor(readonly calendar: BusinessCalendar) {
    this.clock = ZoneClock.of(calendar.timeZone);
    this.weekly = WEEKDAYS.map((d) => toWall(calendar.weekly[d]));
    for (const h of calendar.holidays) this.holidays.set(parseLocalDate(h.date)!, toWall(h.intervals ?? []));
  }

  dayOf(t: number): number {
    return Math.floor(this.clock.wall(t) / DAY_MS);
  }

  spans(day: number): readonly Span[] {
    let spans = this.cache.get(day);
    if (spans) return spans;
    const wall = this.holidays.get(day) ?? this.weekly[weekdayIndex(day)]!;
    const midnight = day * DAY_MS;
    spans = [];
    for (const [ws, we] of wall) {
      const start = this.clock.instant(midnight + ws);
      const end = this.clock.instant(midnight + we);
      // An interval swallowed by a DST gap has no real time in it: it does not exist that day.
      if (end > start) spans.push({ start, end, wallStart: ws, wallEnd: we });
    }
    if (this.cache.size >= MAX_CACHED_DAYS) this.cache.clear();
    this.cache.set(day, spans);
    return spans;
  }

  isWorkingDay(day: number): boolean {
    return this.spans(day).length > 0;
  }
}

function toWall(intervals: readonly WorkingInterval[]): WallInterval[] {
  return intervals.map((i) => [minutesOfTime(i.start) * MINUTE_MS, minutesOfTime(i.end) * MINUTE_MS] as const);
}

/** 0 = Monday ... 6 = Sunday; day 0 (1970-01-01) was a Thursday. */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

interface CacheEntry {
  signature: string;
  compiled: Compiled;
}
const compiledCalendars = new WeakMap<object, CacheEntry>();

/**
 * Validates and prepares a calendar. The result is cached per calendar object and re-validated when
 * the object's content changes, so callers may pass the same calendar to many calls cheaply.
 */
export function compileCalendar(calendar: BusinessCalendar): CompiledCalendar {
  if (calendar === null || typeof calendar !== 'object') {
    throw new BusinessCalendarError('CAL_INVALID', 'invalid business calendar: expected an object');
  }
  const signature = JSON.stringify(calendar);
  const hit = compiledCalendars.get(calendar);
  if (hit && hit.signature === signature) return hit.compiled;
  const parsed = BusinessCalendarSchema.safeParse(calendar);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
    throw new BusinessCalendarError('CAL_INVALID', `invalid business calendar: ${problems.join('; ')}`);
  }
  const compiled = new Compiled(parsed.data);
  compiledCalendars.set(calendar, { signature, compiled });
  return compiled;
}
