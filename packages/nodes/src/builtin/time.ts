import {
  addBusinessTime,
  businessDayOffset,
  CalendarKeySchema,
  DateOffsetFieldSchema,
  nextWorkingMoment,
  offsetAsDuration,
} from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode, runSteps, step, type NodeResult, type Steps } from '../sdk/define-node.ts';

const UNIT_MS = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 } as const;

/** Calendar-time delay. Business-time waits (working hours, holidays) are the SLA/calendar nodes' job. */
export const delayNode = defineNode({
  type: 'delay',
  version: 1,
  waits: true,
  palette: { title: 'Delay', category: 'Time', icon: 'clock', description: 'Waits for a duration, durably (days or weeks are fine).' },
  config: z.object({
    amount: z.number().int('whole units only').positive('must be more than 0').max(100_000),
    unit: z.enum(['seconds', 'minutes', 'hours', 'days', 'weeks']),
  }),
  outputs: [{ name: 'next', required: true }],
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const ms = ctx.config.amount * UNIT_MS[ctx.config.unit];
        const until = new Date(ctx.now().getTime() + ms).toISOString();
        yield* step(ctx.sleep(ms));
        return { port: 'next', output: { waitedMs: ms, until } };
      })(),
    ),
});

/**
 * Waits until a date from the run's data, shifted by an offset in business time ("1 working day
 * after the due date"). A moment already past continues at once.
 */
export const waitUntilNode = defineNode({
  type: 'wait-until',
  version: 1,
  waits: true,
  palette: {
    title: 'Wait until date',
    category: 'Time',
    icon: 'calendar',
    description: 'Waits until a date in the data, e.g. the day after the due date.',
  },
  config: z.object({
    /** Expression giving "YYYY-MM-DD" or an ISO instant. */
    date: z.string().min(1, 'enter an expression').max(4000),
    offset: DateOffsetFieldSchema.default({ amount: 0, unit: 'days', direction: 'after' }),
    calendar: CalendarKeySchema.default('standard'),
  }),
  outputs: [{ name: 'next', required: true }],
  expressions: (c) => [{ path: 'date', source: c.date }],
  errorPort: true,
  async execute(ctx) {
    const value = await ctx.evaluate('date');
    if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
      throw new Error(`date must be a date such as "2026-12-01", got ${JSON.stringify(value)}`);
    const calendar = await ctx.calendar(ctx.config.calendar);
    const offset = offsetAsDuration(ctx.config.offset);
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
    // A date without a time means that working day: "1 day after" is the next working day's opening.
    const until =
      ctx.config.offset.unit === 'days'
        ? businessDayOffset(calendar, dateOnly ? value : new Date(value), offset.amount, { nonWorkingDay: 'next' })
        : addBusinessTime(calendar, dateOnly ? nextWorkingMoment(calendar, new Date(`${value}T00:00:00Z`)) : new Date(value), offset);
    if (!until) throw new Error(`no working day found ${ctx.config.offset.amount} days ${ctx.config.offset.direction} ${value}`);
    ctx.progress({ until: until.toISOString() });
    const wait = until.getTime() - ctx.now().getTime();
    if (wait > 0) await ctx.sleep(wait);
    return { port: 'next', output: { until: until.toISOString() } };
  },
});
