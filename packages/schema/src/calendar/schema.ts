import { IANAZone } from 'luxon';
import { z } from 'zod';

/** Most working intervals one day may have, and most holidays one calendar may list. */
export const MAX_INTERVALS_PER_DAY = 48;
export const MAX_HOLIDAYS = 2000;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const START_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "HH:mm" -> minutes since local midnight ("24:00" -> 1440). Assumes the format was validated. */
export function minutesOfTime(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** "YYYY-MM-DD" -> days since 1970-01-01, or undefined when it is not a real calendar date. */
export function parseLocalDate(date: string): number | undefined {
  const m = LOCAL_DATE.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms / 86_400_000;
}

/** A local time of day "HH:mm" (00:00-23:59). */
export const TimeOfDaySchema = z.string().regex(START_TIME, 'must be a time "HH:mm" from 00:00 to 23:59');

export const LocalDateSchema = z
  .string()
  .refine((s) => parseLocalDate(s) !== undefined, 'must be a calendar date "YYYY-MM-DD" (e.g. "2026-12-24")');

export const TimeZoneSchema = z
  .string()
  .min(1, 'time zone is required')
  .max(64)
  .refine((tz) => IANAZone.isValidZone(tz), {
    error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}: use an IANA name such as "Europe/Berlin"`,
  });

/** One working interval of a day in local wall-clock time: [start, end). "24:00" ends at midnight. */
export const WorkingIntervalSchema = z
  .object({
    start: z.string().regex(START_TIME, 'start must be a time "HH:mm" from 00:00 to 23:59'),
    end: z.string().regex(END_TIME, 'end must be a time "HH:mm" from 00:01 to 24:00'),
  })
  .refine((i) => !START_TIME.test(i.start) || !END_TIME.test(i.end) || minutesOfTime(i.end) > minutesOfTime(i.start), {
    error: (issue) => {
      const i = issue.input as { start: string; end: string };
      return `interval ${i.start}-${i.end} must end after it starts`;
    },
  });
export type WorkingInterval = z.infer<typeof WorkingIntervalSchema>;

/** The working intervals of one day: sorted, non-overlapping (touching is fine). Empty = not a working day. */
export const DayHoursSchema = z
  .array(WorkingIntervalSchema)
  .max(MAX_INTERVALS_PER_DAY, `at most ${MAX_INTERVALS_PER_DAY} intervals per day`)
  .superRefine((intervals, ctx) => {
    for (let i = 1; i < intervals.length; i++) {
      const prev = intervals[i - 1]!;
      const cur = intervals[i]!;
      if (minutesOfTime(cur.start) < minutesOfTime(prev.end)) {
        const problem = minutesOfTime(cur.start) < minutesOfTime(prev.start) ? 'is out of order after' : 'overlaps';
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `interval ${cur.start}-${cur.end} ${problem} ${prev.start}-${prev.end}: list intervals sorted and without overlap`,
        });
      }
    }
  });

export const WeeklyHoursSchema = z.object({
  mon: DayHoursSchema.default([]),
  tue: DayHoursSchema.default([]),
  wed: DayHoursSchema.default([]),
  thu: DayHoursSchema.default([]),
  fri: DayHoursSchema.default([]),
  sat: DayHoursSchema.default([]),
  sun: DayHoursSchema.default([]),
});
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>;

/**
 * A date on which the weekly hours do not apply: without `intervals` (or with none) it is a day off;
 * with intervals it is a shortened (or otherwise changed) working day with exactly those hours.
 */
export const HolidaySchema = z.object({
  date: LocalDateSchema,
  name: z.string().trim().min(1, 'holiday name is required').max(200),
  intervals: DayHoursSchema.optional(),
});
export type Holiday = z.infer<typeof HolidaySchema>;

export const BusinessCalendarSchema = z
  .object({
    id: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/,
        'calendar id must start with a letter or digit and use only letters, digits, "_", "-", "." or ":" (max 128)',
      ),
    name: z.string().trim().min(1, 'calendar name is required').max(200),
    timeZone: TimeZoneSchema,
    weekly: WeeklyHoursSchema,
    holidays: z.array(HolidaySchema).max(MAX_HOLIDAYS, `at most ${MAX_HOLIDAYS} holidays per calendar`).default([]),
  })
  .superRefine((cal, ctx) => {
    if (WEEKDAYS.every((d) => cal.weekly[d].length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['weekly'],
        message: 'a business calendar needs working hours on at least one weekday (use the 24x7 calendar for calendar time)',
      });
    }
    const seen = new Set<string>();
    cal.holidays.forEach((h, i) => {
      if (seen.has(h.date)) ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: `holiday ${h.date} is listed twice` });
      seen.add(h.date);
    });
  });
export type BusinessCalendar = z.infer<typeof BusinessCalendarSchema>;
/** What a client may send: days and holidays may be left out. */
export type BusinessCalendarInput = z.input<typeof BusinessCalendarSchema>;

export const DurationUnitSchema = z.enum(['minutes', 'hours', 'days']);
export type DurationUnit = z.infer<typeof DurationUnitSchema>;

/**
 * An amount of business time. minutes/hours consume working time only; days count working days
 * (whole numbers only). Negative amounts go back in time. See README.md for the exact rules.
 */
export const BusinessDurationSchema = z
  .object({ amount: z.number().finite(), unit: DurationUnitSchema })
  .refine((d) => d.unit !== 'days' || Number.isInteger(d.amount), { message: 'business days must be a whole number', path: ['amount'] });
export type BusinessDuration = z.infer<typeof BusinessDurationSchema>;

const weekdays = (hours: WorkingInterval[]): WeeklyHours => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: [],
  sun: [],
});

/** An example office calendar: Monday to Friday 09:00-18:00 in Berlin, no holidays. */
export const STANDARD_CALENDAR: BusinessCalendar = deepFreeze({
  id: 'standard',
  name: 'Standard office hours (Mon-Fri 09:00-18:00, Berlin)',
  timeZone: 'Europe/Berlin',
  weekly: weekdays([{ start: '09:00', end: '18:00' }]),
  holidays: [],
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A calendar in which every moment is working time: business time equals calendar time in `timeZone`. */
export function alwaysOpen(timeZone = 'UTC'): BusinessCalendar {
  const all = [{ start: '00:00', end: '24:00' }];
  return {
    id: timeZone === 'UTC' ? 'always-24x7' : `always-24x7:${timeZone.replace(/[^A-Za-z0-9_.:-]/g, '_')}`,
    name: `Calendar time (24x7, ${timeZone})`,
    timeZone,
    weekly: { mon: all, tue: all, wed: all, thu: all, fri: all, sat: all, sun: all },
    holidays: [],
  };
}

/** Used when a flow says "calendar time": UTC, every day 00:00-24:00, no holidays. */
export const always24x7: BusinessCalendar = deepFreeze(alwaysOpen('UTC'));
