/**
 * Business-time arithmetic on a BusinessCalendar. Pure functions: every instant they work from is
 * an argument, the clock is never read, so the same code runs in the browser, the API and inside
 * Temporal workflows. Definitions (business minutes, business days, DST rules, limits): README.md.
 */
import { compileCalendar, MAX_SEARCH_DAYS, type CompiledCalendar, type Span } from './compiled.ts';
import { BusinessCalendarError } from './errors.ts';
import { minutesOfTime, parseLocalDate, TimeOfDaySchema, type BusinessCalendar, type BusinessDuration } from './schema.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './zone.ts';

/** A duration: a number is business minutes; otherwise an amount of minutes, hours or (whole) business days. */
export type BusinessDurationInput = number | BusinessDuration;

/** Options of businessDayOffset(s); see there. */
export interface DayOffsetOptions {
  /**
   * 'business' (default): an offset of N counts N working days of the calendar (the anchor day itself
   * is not counted); 'calendar': an offset of N is N calendar days in the calendar's time zone.
   */
  count?: 'business' | 'calendar';
  /**
   * What happens when the day found is not a working day (only possible with count 'calendar', or for
   * offset 0): 'skip' it (default, no instant for that offset), move it to the 'previous' or to the
   * 'next' working day.
   */
  nonWorkingDay?: 'skip' | 'previous' | 'next';
  /** Local time "HH:mm" in the calendar's zone to send at. Default: the day's opening (start of its first working interval). */
  timeOfDay?: string;
}

/** Instants representable as dates from year 1900 to 9999 are accepted. */
const MIN_INSTANT = Date.UTC(1900, 0, 1);
const MAX_INSTANT = Date.UTC(9999, 11, 31);
const MAX_OFFSETS = 1000;

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * `start` plus `duration` of business time.
 * - minutes/hours (a number is minutes): consumes working time only. The result is the earliest
 *   instant by which `duration` of working time has elapsed since `start`; when that happens exactly
 *   at the end of a working interval the result is that end (Friday 18:00, not Monday 09:00).
 *   Fractions of minutes are kept to the millisecond.
 * - days: the same local time of day on the Nth working day after the start's local date, clamped into
 *   that day's working hours (before opening -> opening; in a break or after closing -> the end of the
 *   preceding interval). A start on a non-working day counts from the opening of the next working day.
 * - Negative amounts go back in time symmetrically (see subtractBusinessTime); zero returns `start`.
 * Throws BusinessCalendarError (CAL_INVALID, CAL_ARGUMENT, CAL_NO_WORKING_TIME, CAL_LIMIT).
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, duration: BusinessDurationInput): Date {
  const c = compileCalendar(calendar);
  const t = instantOf(start, 'start');
  const { amount, unit } = durationOf(duration);
  if (amount === 0) return new Date(t);
  if (unit === 'days') return new Date(addDays(c, t, amount));
  const ms = Math.round(amount * (unit === 'hours' ? HOUR_MS : MINUTE_MS));
  if (ms === 0) return new Date(t);
  return new Date(ms > 0 ? forward(c, t, ms) : backward(c, t, -ms));
}

/**
 * `start` minus `duration` of business time: the latest instant from which `duration` of working time
 * elapses until `start` (exactly at the start of a working interval: Monday 09:00, not Friday 18:00).
 * For days: the same local time on the Nth working day before, clamped as in addBusinessTime; a start
 * on a non-working day counts from the closing of the previous working day.
 */
export function subtractBusinessTime(calendar: BusinessCalendar, start: Date, duration: BusinessDurationInput): Date {
  const { amount, unit } = durationOf(duration);
  return addBusinessTime(calendar, start, { amount: amount === 0 ? 0 : -amount, unit });
}

/**
 * Working minutes elapsed between two instants: the length of working time in [from, to), in minutes
 * (fractional to the millisecond). Zero when from === to; negative (−businessTimeBetween(to, from))
 * when `to` is before `from`. For any duration d in minutes:
 * businessTimeBetween(c, a, addBusinessTime(c, a, d)) === d. The two instants may be at most ~10 years apart.
 */
export function businessTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const c = compileCalendar(calendar);
  const a = instantOf(from, 'from');
  const b = instantOf(to, 'to');
  if (a === b) return 0;
  if (b < a) {
    const back = workingMs(c, b, a) / MINUTE_MS;
    return back === 0 ? 0 : -back;
  }
  return workingMs(c, a, b) / MINUTE_MS;
}

/** `at` itself when it is working time, otherwise the start of the next working interval. */
export function nextWorkingMoment(calendar: BusinessCalendar, at: Date): Date {
  const c = compileCalendar(calendar);
  const t = instantOf(at, 'at');
  const first = c.dayOf(t) - 1;
  for (let day = first; day <= first + MAX_SEARCH_DAYS; day++) {
    for (const s of c.spans(day)) if (s.end > t) return new Date(Math.max(s.start, t));
  }
  throw noWorkingTime(c, t);
}

/** Whether `at` lies inside a working interval (intervals include their start and exclude their end). */
export function isWorkingTime(calendar: BusinessCalendar, at: Date): boolean {
  const c = compileCalendar(calendar);
  const t = instantOf(at, 'at');
  const day = c.dayOf(t);
  for (let d = day - 1; d <= day + 1; d++) {
    for (const s of c.spans(d)) if (s.start <= t && t < s.end) return true;
  }
  return false;
}

/** Whether a local date ("YYYY-MM-DD", in the calendar's zone) has any working time after holidays. */
export function isWorkingDay(calendar: BusinessCalendar, localDate: string): boolean {
  return compileCalendar(calendar).isWorkingDay(dayOfLocalDate(localDate, 'localDate'));
}

/** The local date ("YYYY-MM-DD") of an instant in the calendar's time zone. */
export function localDateOf(calendar: BusinessCalendar, at: Date): string {
  const c = compileCalendar(calendar);
  return formatDay(c.dayOf(instantOf(at, 'at')));
}

/**
 * The working intervals overlapping [from, to), clipped to it, with intervals that touch (e.g. across
 * midnight) merged. For previews; the range may be at most ~10 years.
 */
export function workingIntervals(calendar: BusinessCalendar, from: Date, to: Date): Array<{ start: Date; end: Date }> {
  const c = compileCalendar(calendar);
  const a = instantOf(from, 'from');
  const b = instantOf(to, 'to');
  if (b <= a) return [];
  checkRange(c, a, b);
  const out: Array<{ start: number; end: number }> = [];
  forEachSpan(c, a, b, (s) => {
    const start = Math.max(s.start, a);
    const end = Math.min(s.end, b);
    if (end <= start) return;
    const last = out[out.length - 1];
    if (last && last.end === start) last.end = end;
    else out.push({ start, end });
  });
  return out.map((i) => ({ start: new Date(i.start), end: new Date(i.end) }));
}

/**
 * The instant for a day offset relative to an anchor, for reminders ("7 days before the due date").
 * `anchor` is an instant (its local date in the calendar's zone counts) or a local date "YYYY-MM-DD".
 * The day is found per `options.count` ('business' by default: -7 = the 7th working day before the
 * anchor's date); a non-working day is handled per `options.nonWorkingDay` ('skip' -> null). The
 * instant is `options.timeOfDay` on that day, or the day's opening when none is given.
 */
export function businessDayOffset(
  calendar: BusinessCalendar,
  anchor: Date | string,
  offsetInDays: number,
  options: DayOffsetOptions = {},
): Date | null {
  const c = compileCalendar(calendar);
  const o = optionsOf(options);
  const t = dayOffset(c, anchorDay(c, anchor), offsetOf(offsetInDays), o);
  return t === null ? null : new Date(t);
}

/**
 * businessDayOffset for each offset, e.g. [-7, -3, -2, -1] for "7 days before, then daily from 3
 * days before": the instants found, sorted ascending, without duplicates (two offsets moved to the
 * same working day send once) and without skipped days. The caller drops instants already past.
 */
export function businessDayOffsets(
  calendar: BusinessCalendar,
  anchor: Date | string,
  offsetsInDays: readonly number[],
  options: DayOffsetOptions = {},
): Date[] {
  const c = compileCalendar(calendar);
  const o = optionsOf(options);
  if (!Array.isArray(offsetsInDays) || offsetsInDays.length > MAX_OFFSETS) {
    throw new BusinessCalendarError('CAL_ARGUMENT', `offsetsInDays must be an array of at most ${MAX_OFFSETS} whole numbers`);
  }
  const day = anchorDay(c, anchor);
  const found = new Set<number>();
  for (const offset of offsetsInDays) {
    const t = dayOffset(c, day, offsetOf(offset), o);
    if (t !== null) found.add(t);
  }
  return [...found].sort((x, y) => x - y).map((t) => new Date(t));
}

// ---------------------------------------------------------------------------------------------
// Core

function forward(c: CompiledCalendar, t: number, ms: number): number {
  let remaining = ms;
  const first = c.dayOf(t) - 1;
  for (let day = first; day <= first + MAX_SEARCH_DAYS; day++) {
    for (const s of c.spans(day)) {
      if (s.end <= t) continue;
      const from = Math.max(s.start, t);
      const available = s.end - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
  }
  throw remaining === ms ? noWorkingTime(c, t) : beyondLimit(c, t, 'after');
}

function backward(c: CompiledCalendar, t: number, ms: number): number {
  let remaining = ms;
  const first = c.dayOf(t) + 1;
  for (let day = first; day >= first - MAX_SEARCH_DAYS; day--) {
    const spans = c.spans(day);
    for (let i = spans.length - 1; i >= 0; i--) {
      const s = spans[i]!;
      if (s.start >= t) continue;
      const to = Math.min(s.end, t);
      const available = to - s.start;
      if (remaining <= available) return to - remaining;
      remaining -= available;
    }
  }
  throw remaining === ms ? noWorkingTime(c, t, 'before') : beyondLimit(c, t, 'before');
}

function workingMs(c: CompiledCalendar, a: number, b: number): number {
  checkRange(c, a, b);
  let total = 0;
  forEachSpan(c, a, b, (s) => {
    const lo = Math.max(s.start, a);
    const hi = Math.min(s.end, b);
    if (hi > lo) total += hi - lo;
  });
  return total;
}

function forEachSpan(c: CompiledCalendar, a: number, b: number, visit: (s: Span) => void): void {
  const last = c.dayOf(b) + 1;
  for (let day = c.dayOf(a) - 1; day <= last; day++) for (const s of c.spans(day)) visit(s);
}

function addDays(c: CompiledCalendar, t: number, n: number): number {
  const dir = n > 0 ? 1 : -1;
  let day = c.dayOf(t);
  let wallTime = c.clock.wall(t) - day * DAY_MS;
  if (!c.isWorkingDay(day)) {
    // Saturday counts as Monday's opening going forward, as Friday's closing going back.
    day = stepWorkingDays(c, t, day, dir, 1);
    const spans = c.spans(day);
    wallTime = dir > 0 ? spans[0]!.wallStart : spans[spans.length - 1]!.wallEnd;
  }
  return clampIntoDay(c, stepWorkingDays(c, t, day, dir, Math.abs(n)), wallTime);
}

/** The `count`-th working day after (dir 1) or before (dir -1) `day`. */
function stepWorkingDays(c: CompiledCalendar, t: number, day: number, dir: 1 | -1, count: number): number {
  let found = 0;
  for (let i = 1; i <= MAX_SEARCH_DAYS; i++) {
    const d = day + dir * i;
    if (c.isWorkingDay(d) && ++found === count) return d;
  }
  const where = dir > 0 ? 'after' : 'before';
  throw found === 0 ? noWorkingTime(c, t, where) : beyondLimit(c, t, where);
}

/** Wall time `wallTime` on working day `day`, moved into the day's working hours if outside them. */
function clampIntoDay(c: CompiledCalendar, day: number, wallTime: number): number {
  const spans = c.spans(day);
  const t = c.clock.instant(day * DAY_MS + wallTime);
  let previousEnd = spans[0]!.start;
  for (const s of spans) {
    if (t < s.start) return previousEnd;
    if (t < s.end) return t;
    previousEnd = s.end;
  }
  return previousEnd;
}

type ResolvedOptions = Required<Omit<DayOffsetOptions, 'timeOfDay'>> & { timeOfDay?: number };

function dayOffset(c: CompiledCalendar, anchor: number, offset: number, o: ResolvedOptions): number | null {
  let day: number;
  if (o.count === 'business' && offset !== 0) {
    day = stepWorkingDays(c, c.clock.instant(anchor * DAY_MS), anchor, offset > 0 ? 1 : -1, Math.abs(offset));
  } else {
    day = anchor + offset;
    if (!c.isWorkingDay(day)) {
      if (o.nonWorkingDay === 'skip') return null;
      day = stepWorkingDays(c, c.clock.instant(day * DAY_MS), day, o.nonWorkingDay === 'next' ? 1 : -1, 1);
    }
  }
  return o.timeOfDay === undefined ? c.spans(day)[0]!.start : c.clock.instant(day * DAY_MS + o.timeOfDay);
}

// ---------------------------------------------------------------------------------------------
// Arguments and errors

function instantOf(value: Date, name: string): number {
  const t = Object.prototype.toString.call(value) === '[object Date]' ? value.getTime() : NaN;
  if (Number.isNaN(t)) throw new BusinessCalendarError('CAL_ARGUMENT', `${name} must be a valid Date`);
  if (t < MIN_INSTANT || t > MAX_INSTANT)
    throw new BusinessCalendarError('CAL_ARGUMENT', `${name} must be between the years 1900 and 9999`);
  return t;
}

function durationOf(duration: BusinessDurationInput): BusinessDuration {
  const d = typeof duration === 'number' ? { amount: duration, unit: 'minutes' as const } : duration;
  if (d === null || typeof d !== 'object' || typeof d.amount !== 'number' || !Number.isFinite(d.amount)) {
    throw new BusinessCalendarError('CAL_ARGUMENT', 'duration must be a finite number of minutes or { amount, unit }');
  }
  if (d.unit !== 'minutes' && d.unit !== 'hours' && d.unit !== 'days') {
    throw new BusinessCalendarError('CAL_ARGUMENT', `duration unit must be "minutes", "hours" or "days", not ${JSON.stringify(d.unit)}`);
  }
  if (d.unit === 'days' && !Number.isInteger(d.amount)) {
    throw new BusinessCalendarError('CAL_ARGUMENT', `business days must be a whole number, not ${d.amount} (use hours for part of a day)`);
  }
  return d;
}

function offsetOf(offset: number): number {
  if (!Number.isInteger(offset) || Math.abs(offset) > MAX_SEARCH_DAYS) {
    throw new BusinessCalendarError('CAL_ARGUMENT', `day offsets must be whole numbers within ±${MAX_SEARCH_DAYS}, not ${String(offset)}`);
  }
  return offset;
}

function optionsOf(options: DayOffsetOptions): ResolvedOptions {
  const count = options.count ?? 'business';
  const nonWorkingDay = options.nonWorkingDay ?? 'skip';
  if (count !== 'business' && count !== 'calendar') {
    throw new BusinessCalendarError('CAL_ARGUMENT', `count must be "business" or "calendar", not ${JSON.stringify(count)}`);
  }
  if (nonWorkingDay !== 'skip' && nonWorkingDay !== 'previous' && nonWorkingDay !== 'next') {
    throw new BusinessCalendarError(
      'CAL_ARGUMENT',
      `nonWorkingDay must be "skip", "previous" or "next", not ${JSON.stringify(nonWorkingDay)}`,
    );
  }
  if (options.timeOfDay === undefined) return { count, nonWorkingDay };
  if (!TimeOfDaySchema.safeParse(options.timeOfDay).success) {
    throw new BusinessCalendarError(
      'CAL_ARGUMENT',
      `timeOfDay must be a time "HH:mm" from 00:00 to 23:59, not ${JSON.stringify(options.timeOfDay)}`,
    );
  }
  return { count, nonWorkingDay, timeOfDay: minutesOfTime(options.timeOfDay) * MINUTE_MS };
}

function anchorDay(c: CompiledCalendar, anchor: Date | string): number {
  return typeof anchor === 'string' ? dayOfLocalDate(anchor, 'anchor') : c.dayOf(instantOf(anchor, 'anchor'));
}

function dayOfLocalDate(date: string, name: string): number {
  const day = typeof date === 'string' ? parseLocalDate(date) : undefined;
  if (day === undefined || day * DAY_MS < MIN_INSTANT || day * DAY_MS > MAX_INSTANT) {
    throw new BusinessCalendarError('CAL_ARGUMENT', `${name} must be a local date "YYYY-MM-DD" between the years 1900 and 9999`);
  }
  return day;
}

function checkRange(c: CompiledCalendar, a: number, b: number): void {
  if (c.dayOf(b) - c.dayOf(a) > MAX_SEARCH_DAYS) {
    throw new BusinessCalendarError('CAL_LIMIT', `business time can be measured over at most ${MAX_SEARCH_DAYS} days (about 10 years)`);
  }
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function describe(c: CompiledCalendar, t: number): string {
  return `${new Date(t).toISOString()} (${formatDay(c.dayOf(t))} in ${c.calendar.timeZone})`;
}

function noWorkingTime(c: CompiledCalendar, t: number, where: 'after' | 'before' = 'after'): BusinessCalendarError {
  return new BusinessCalendarError(
    'CAL_NO_WORKING_TIME',
    `calendar "${c.calendar.id}" has no working time within ${MAX_SEARCH_DAYS} days (about 10 years) ${where} ${describe(c, t)}`,
  );
}

function beyondLimit(c: CompiledCalendar, t: number, where: 'after' | 'before'): BusinessCalendarError {
  return new BusinessCalendarError(
    'CAL_LIMIT',
    `the result lies more than ${MAX_SEARCH_DAYS} days (about 10 years) ${where} ${describe(c, t)} on calendar "${c.calendar.id}"`,
  );
}
