import { TRPCError } from '@trpc/server';
import {
  addBusinessTime,
  BusinessCalendarError,
  CalendarKeySchema,
  DurationUnitSchema,
  workingIntervals,
  type BusinessCalendar,
} from '@trackway/schema';
import { z } from 'zod';
import { calendarOrBadRequest, CalendarDefinitionInputSchema, parseCalendar } from '../../calendars/calendar-definition.ts';
import { flowsUsingCalendar } from '../../calendars/calendar-usage.ts';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { isUniqueViolation, notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const CalendarName = z.string().trim().min(1, 'calendar name is required').max(200);
const Revision = z.number().int().positive();
const DAY_MS = 86_400_000;

const calendarSelect = {
  key: true,
  name: true,
  definition: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CalendarSelect;

async function storedCalendar(db: Db, key: string): Promise<BusinessCalendar> {
  const row = await db.calendar.findUnique({ where: { key }, select: { name: true, definition: true } });
  if (!row) throw notFound('Calendar', key);
  const parsed = parseCalendar(key, row.name, row.definition);
  if (!parsed.ok) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `Calendar "${key}" is stored with an invalid definition: ${parsed.problems}.`,
    });
  }
  return parsed.calendar;
}

export const calendarsRouter = router({
  list: roleProcedure(...ROLES.readCalendars).query(async ({ ctx }) => {
    const rows = await ctx.db.calendar.findMany({ select: calendarSelect, orderBy: { key: 'asc' }, take: 1000 });
    return rows.map(({ definition, ...row }) => {
      const d = definition as { timeZone?: unknown; holidays?: unknown };
      return {
        ...row,
        timeZone: typeof d.timeZone === 'string' ? d.timeZone : null,
        holidays: Array.isArray(d.holidays) ? d.holidays.length : 0,
      };
    });
  }),

  get: roleProcedure(...ROLES.readCalendars)
    .input(z.object({ key: CalendarKeySchema }))
    .query(async ({ ctx, input }) => {
      const row = await ctx.db.calendar.findUnique({ where: { key: input.key }, select: calendarSelect });
      if (!row) throw notFound('Calendar', input.key);
      return { ...row, definition: row.definition as unknown as BusinessCalendar };
    }),

  create: roleProcedure(...ROLES.editCalendars)
    .input(z.object({ key: CalendarKeySchema, name: CalendarName, definition: CalendarDefinitionInputSchema }))
    .mutation(async ({ ctx, input }) => {
      const calendar = calendarOrBadRequest(input.key, input.name, input.definition);
      try {
        return await ctx.db.calendar.create({
          data: { key: input.key, name: input.name, definition: calendar as unknown as Prisma.InputJsonObject },
          select: { key: true, revision: true },
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new TRPCError({ code: 'CONFLICT', message: `A calendar with key "${input.key}" already exists.` });
        throw error;
      }
    }),

  /** Saves only if nobody saved since `revision` (optimistic concurrency); name and definition are each optional. */
  update: roleProcedure(...ROLES.editCalendars)
    .input(
      z.object({
        key: CalendarKeySchema,
        revision: Revision,
        name: CalendarName.optional(),
        definition: CalendarDefinitionInputSchema.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const current = await ctx.db.calendar.findUnique({
        where: { key: input.key },
        select: { name: true, definition: true, revision: true },
      });
      if (!current) throw notFound('Calendar', input.key);
      const stale = () =>
        new TRPCError({
          code: 'CONFLICT',
          message: `The calendar was changed elsewhere (you edited revision ${input.revision}, the current revision is ${current.revision}). Reload to see the other changes; nothing was overwritten.`,
        });
      if (current.revision !== input.revision) throw stale();
      const name = input.name ?? current.name;
      const calendar = calendarOrBadRequest(input.key, name, input.definition ?? current.definition);
      const { count } = await ctx.db.calendar.updateMany({
        where: { key: input.key, revision: input.revision },
        data: { name, definition: calendar as unknown as Prisma.InputJsonObject, revision: { increment: 1 } },
      });
      if (count === 0) {
        const now = await ctx.db.calendar.findUnique({ where: { key: input.key }, select: { revision: true } });
        if (!now) throw notFound('Calendar', input.key);
        current.revision = now.revision;
        throw stale();
      }
      return { key: input.key, revision: input.revision + 1 };
    }),

  /** Refused while a flow that can still run names the calendar: its runs would fail to load it. */
  remove: roleProcedure(...ROLES.editCalendars)
    .input(z.object({ key: CalendarKeySchema }))
    .mutation(async ({ ctx, input }) => {
      const exists = await ctx.db.calendar.count({ where: { key: input.key } });
      if (!exists) throw notFound('Calendar', input.key);
      const users = await flowsUsingCalendar(ctx.db, input.key);
      if (users.length > 0) {
        throw new TRPCError({
          code: 'PRECONDITION_FAILED',
          message: `Calendar "${input.key}" is used by published flows: ${users.map((f) => `${f.name} (${f.key})`).join(', ')}. Publish them without it or archive them first.`,
        });
      }
      const { count } = await ctx.db.calendar.deleteMany({ where: { key: input.key } });
      if (count === 0) throw notFound('Calendar', input.key);
      return { removed: input.key };
    }),

  /**
   * For the builder: when `amount` of business time from `from` ends, and the working intervals
   * of the `days` days from `from`, on a stored calendar or one being edited.
   */
  preview: roleProcedure(...ROLES.readCalendars)
    .input(
      z
        .object({
          key: CalendarKeySchema.optional(),
          definition: CalendarDefinitionInputSchema.optional(),
          from: z.iso.datetime({ offset: true, error: 'from must be an ISO instant, e.g. "2026-03-02T09:00:00Z"' }),
          amount: z.number().finite().min(-100_000).max(100_000),
          unit: DurationUnitSchema,
          days: z.number().int().min(1).max(31).default(7),
        })
        .refine((i) => (i.key === undefined) !== (i.definition === undefined), {
          message: 'give either key (a stored calendar) or definition (one being edited), not both',
          path: ['key'],
        }),
    )
    .query(async ({ ctx, input }) => {
      const calendar =
        input.key !== undefined ? await storedCalendar(ctx.db, input.key) : calendarOrBadRequest('preview', 'Preview', input.definition);
      const from = new Date(input.from);
      try {
        const due = addBusinessTime(calendar, from, { amount: input.amount, unit: input.unit });
        const intervals = workingIntervals(calendar, from, new Date(from.getTime() + input.days * DAY_MS));
        return {
          timeZone: calendar.timeZone,
          due: due.toISOString(),
          intervals: intervals.map((i) => ({ start: i.start.toISOString(), end: i.end.toISOString() })),
        };
      } catch (error) {
        if (error instanceof BusinessCalendarError)
          throw new TRPCError({ code: 'BAD_REQUEST', message: `Cannot compute the preview: ${error.message}.` });
        throw error;
      }
    }),
});
