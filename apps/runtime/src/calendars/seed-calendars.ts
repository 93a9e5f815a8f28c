import { always24x7, type WorkingInterval } from '@trackway/schema';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { parseCalendar, type CalendarDefinitionInput } from './calendar-definition.ts';
import { GERMAN_PUBLIC_HOLIDAYS_2026_2027 } from './german-holidays.ts';

const weekdays = (hours: WorkingInterval[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] });

/** The calendars the demo flows and scenarios name. */
export const DEMO_CALENDARS: ReadonlyArray<{ key: string; name: string; definition: CalendarDefinitionInput }> = [
  {
    key: 'standard',
    name: 'Standard office hours (Mon-Fri 09:00-18:00, Berlin)',
    definition: {
      timeZone: 'Europe/Berlin',
      weekly: weekdays([{ start: '09:00', end: '18:00' }]),
      holidays: [...GERMAN_PUBLIC_HOLIDAYS_2026_2027],
    },
  },
  {
    key: 'support-24x7',
    name: 'Support around the clock (24x7)',
    definition: { timeZone: always24x7.timeZone, weekly: always24x7.weekly, holidays: [] },
  },
  {
    key: 'receivables',
    name: 'Receivables (Mon-Fri 08:00-17:00, Berlin)',
    definition: {
      timeZone: 'Europe/Berlin',
      weekly: weekdays([{ start: '08:00', end: '17:00' }]),
      holidays: [...GERMAN_PUBLIC_HOLIDAYS_2026_2027],
    },
  },
];

/** Idempotent: creates the demo calendars that are missing and leaves existing ones (maybe edited) alone. */
export async function seedCalendars(db: Db): Promise<{ created: string[] }> {
  const created: string[] = [];
  for (const { key, name, definition } of DEMO_CALENDARS) {
    const parsed = parseCalendar(key, name, definition);
    if (!parsed.ok) throw new Error(`Demo calendar "${key}" is invalid: ${parsed.problems}`);
    const { count } = await db.calendar.createMany({
      data: [{ key, name, definition: parsed.calendar as unknown as Prisma.InputJsonObject }],
      skipDuplicates: true,
    });
    if (count === 1) created.push(key);
  }
  return { created };
}
