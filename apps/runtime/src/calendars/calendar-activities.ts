import { ApplicationFailure } from '@temporalio/activity';
import type { BusinessCalendar } from '@trackway/schema';
import type { Db } from '../db/client.ts';
import { parseCalendar } from './calendar-definition.ts';

/** The name the interpreter calls to load a calendar by key. */
export const CALENDAR_ACTIVITY = 'calendar.get';

export interface CalendarActivityInput {
  readonly key: string;
}

/**
 * Loads calendars for workflows. Read at the moment a node needs one, so an edit applies to
 * every later load, while what a run already computed stays in its history.
 */
export function createCalendarActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    async [CALENDAR_ACTIVITY](input: CalendarActivityInput): Promise<BusinessCalendar> {
      const key = typeof input?.key === 'string' ? input.key : '';
      const row = await db.calendar.findUnique({ where: { key }, select: { name: true, definition: true } });
      // Retrying cannot make a missing or broken calendar appear: fail the node at once, by type.
      if (!row)
        throw ApplicationFailure.create({ type: 'CalendarNotFound', message: `Calendar "${key}" does not exist`, nonRetryable: true });
      const parsed = parseCalendar(key, row.name, row.definition);
      if (!parsed.ok) {
        throw ApplicationFailure.create({
          type: 'CalendarInvalid',
          message: `Calendar "${key}" is stored with an invalid definition: ${parsed.problems}`,
          nonRetryable: true,
        });
      }
      return parsed.calendar;
    },
  };
}

export type CalendarActivities = ReturnType<typeof createCalendarActivities>;
