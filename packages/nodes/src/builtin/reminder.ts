import {
  addBusinessTime,
  businessDayOffset,
  CalendarKeySchema,
  DateOffsetFieldSchema,
  offsetAsDuration,
  TimeOfDaySchema,
  type BusinessCalendar,
  type DateOffsetField,
} from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode } from '../sdk/define-node.ts';
import { EventType, Expression, MessageSchema, messageSites } from './fields.ts';

/** Most reminders one node sends; a repeat without an end stops here. */
export const MAX_REMINDERS = 200;

const ScheduleEntrySchema = z
  .object({
    /** First reminder, relative to the due date ("7 days before"). */
    offset: DateOffsetFieldSchema,
    /** Then again every N working days... */
    repeatEveryDays: z.number().int().min(1).max(365).optional(),
    /** ...up to this offset (default: the due date for reminders before it, no end after it). */
    until: DateOffsetFieldSchema.optional(),
  })
  .refine((e) => e.repeatEveryDays === undefined || e.offset.unit === 'days', {
    message: 'only day offsets can repeat',
    path: ['repeatEveryDays'],
  });
type ScheduleEntry = z.infer<typeof ScheduleEntrySchema>;

const config = z.object({
  /** Expression giving the due date: "YYYY-MM-DD" or an ISO instant. */
  dueDate: Expression,
  calendar: CalendarKeySchema.default('standard'),
  schedule: z.array(ScheduleEntrySchema).min(1, 'add at least one reminder').max(20),
  /** Local time to send day-based reminders at (default: the calendar's opening time that day). */
  timeOfDay: TimeOfDaySchema.optional(),
  message: MessageSchema,
  /** Events that stop the reminders at once (e.g. payment.received). */
  stopOn: z.array(EventType).max(10).default([]),
  /** Checked before each reminder: true stops them. */
  stopWhen: Expression.optional(),
});

const signedDays = (o: DateOffsetField) => offsetAsDuration(o).amount;

/** Every send instant of the schedule, ascending, without duplicates. Pure: the UI preview can call it. */
export function reminderInstants(
  calendar: BusinessCalendar,
  due: Date | string,
  schedule: readonly ScheduleEntry[],
  options: { timeOfDay?: string } = {},
): Date[] {
  const dayOptions = {
    count: 'business' as const,
    nonWorkingDay: 'next' as const,
    ...(options.timeOfDay ? { timeOfDay: options.timeOfDay } : {}),
  };
  const dueInstant =
    typeof due === 'string' ? (businessDayOffset(calendar, due, 0, { ...dayOptions, nonWorkingDay: 'next' }) ?? new Date(due)) : due;
  const found = new Map<number, Date>();
  const add = (d: Date | null) => {
    if (d && found.size < MAX_REMINDERS) found.set(d.getTime(), d);
  };
  for (const entry of schedule) {
    if (entry.offset.unit !== 'days') {
      add(addBusinessTime(calendar, dueInstant, offsetAsDuration(entry.offset)));
      continue;
    }
    const first = signedDays(entry.offset);
    if (entry.repeatEveryDays === undefined) {
      add(businessDayOffset(calendar, due, first, dayOptions));
      continue;
    }
    const last = entry.until ? signedDays(entry.until) : first <= 0 ? 0 : first + entry.repeatEveryDays * (MAX_REMINDERS - 1);
    for (let day = first; day <= last && found.size < MAX_REMINDERS; day += entry.repeatEveryDays)
      add(businessDayOffset(calendar, due, day, dayOptions));
  }
  return [...found.values()].sort((a, b) => a.getTime() - b.getTime());
}

/**
 * Sends reminders on a schedule relative to a due date in the run's data, in business days of a
 * calendar (no reminder on a holiday), until the schedule ends (`done`) or an event or condition
 * stops it (`stopped`). Instants already past when the node starts are skipped.
 */
export const reminderNode = defineNode({
  type: 'reminder',
  version: 1,
  waits: true,
  palette: { title: 'Reminder', category: 'Messages', icon: 'bell-ring', description: 'Sends reminders before or after a due date.' },
  config,
  errorPort: true,
  outputs: [
    { name: 'done', label: 'schedule done', required: true },
    { name: 'stopped', label: 'stopped', required: true },
  ],
  expressions: (c) => [
    { path: 'dueDate', source: c.dueDate },
    ...(c.stopWhen ? [{ path: 'stopWhen', source: c.stopWhen }] : []),
    ...messageSites('message', c.message),
  ],
  async execute(ctx) {
    const c = ctx.config;
    const due = await ctx.evaluate('dueDate');
    if (typeof due !== 'string' || Number.isNaN(Date.parse(due)))
      throw new Error(`due date must be a date such as "2026-12-01", got ${JSON.stringify(due)}`);
    const dueAnchor = /^\d{4}-\d{2}-\d{2}$/.test(due) ? due : new Date(due);
    const calendar = await ctx.calendar(c.calendar);
    const now = ctx.now().getTime();
    const instants = reminderInstants(calendar, dueAnchor, c.schedule, c.timeOfDay ? { timeOfDay: c.timeOfDay } : {}).filter(
      (d) => d.getTime() > now,
    );
    const sent: string[] = [];
    const stopped = (reason: string) => ({ port: 'stopped', output: { sent, stoppedBy: reason, due } });
    for (const [i, at] of instants.entries()) {
      ctx.progress({ due, next: at.toISOString(), sent: sent.length, remaining: instants.length - i });
      const wait = at.getTime() - ctx.now().getTime();
      if (wait > 0 && c.stopOn.length > 0) {
        await ctx.waitUntil(() => ctx.hasEvent(c.stopOn), wait);
      } else if (wait > 0) {
        await ctx.sleep(wait);
      }
      const event = c.stopOn.length > 0 ? ctx.takeEvent(c.stopOn) : undefined;
      if (event) return stopped(`event ${event.type}`);
      if (c.stopWhen && (await ctx.evaluate('stopWhen')) === true) return stopped('condition');
      await ctx.notify(`reminder-${at.toISOString()}`, {
        channel: c.message.channel,
        to: await ctx.render(c.message.to),
        subject: await ctx.render(c.message.subject),
        body: await ctx.render(c.message.body),
      });
      sent.push(at.toISOString());
    }
    return { port: 'done', output: { sent, due } };
  },
});
