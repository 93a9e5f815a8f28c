import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { addBusinessTime, isWorkingDay, type BusinessCalendar } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../activities/index.ts';
import { createPrisma, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { CALENDAR_ACTIVITY } from './calendar-activities.ts';
import { GERMAN_PUBLIC_HOLIDAYS_2026_2027 } from './german-holidays.ts';
import { seedCalendars } from './seed-calendars.ts';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase('calendar_activity');
  await migrate(database.url);
  db = createPrisma(database.url);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

/** Through the worker's registry, in an activity context, as the interpreter calls it. */
const getCalendar = (key: unknown): Promise<BusinessCalendar> =>
  // Expected failures below would otherwise be logged as errors.
  new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR', () => undefined) }).run(
    createActivities({ db })[CALENDAR_ACTIVITY],
    { key } as { key: string },
  );

describe('seedCalendars', () => {
  it('creates the demo calendars once and leaves edited ones alone', async () => {
    expect((await seedCalendars(db)).created).toEqual(['standard', 'support-24x7', 'receivables']);
    await db.calendar.update({ where: { key: 'standard' }, data: { name: 'Edited by an admin' } });
    expect((await seedCalendars(db)).created).toEqual([]);
    expect(await db.calendar.count()).toBe(3);
    expect((await db.calendar.findUniqueOrThrow({ where: { key: 'standard' } })).name).toBe('Edited by an admin');
  });

  it('lists the nationwide German holidays with Easter-dependent dates matching Easter of each year', () => {
    const byName = (year: number, name: string) =>
      GERMAN_PUBLIC_HOLIDAYS_2026_2027.find((h) => h.date.startsWith(`${year}`) && h.name === name)?.date;
    for (const year of [2026, 2027]) {
      const easter = gregorianEaster(year);
      const plus = (days: number) => new Date(easter.getTime() + days * 86_400_000).toISOString().slice(0, 10);
      expect(byName(year, 'Karfreitag')).toBe(plus(-2));
      expect(byName(year, 'Ostermontag')).toBe(plus(1));
      expect(byName(year, 'Christi Himmelfahrt')).toBe(plus(39));
      expect(byName(year, 'Pfingstmontag')).toBe(plus(50));
    }
    expect(GERMAN_PUBLIC_HOLIDAYS_2026_2027).toHaveLength(18);
  });
});

describe('calendar.get activity', () => {
  it('returns the parsed calendar, ready for business-time math', async () => {
    const standard = await getCalendar('standard');
    expect(standard).toMatchObject({ id: 'standard', timeZone: 'Europe/Berlin' });
    expect(isWorkingDay(standard, '2026-12-25')).toBe(false);
    // Thursday 2026-12-24 17:00 Berlin + 2 h: 1 h on Thursday, then the two Christmas holidays and the weekend.
    expect(addBusinessTime(standard, new Date('2026-12-24T16:00:00Z'), { amount: 2, unit: 'hours' }).toISOString()).toBe(
      '2026-12-28T09:00:00.000Z',
    );
    const receivables = await getCalendar('receivables');
    expect(receivables.weekly.mon).toEqual([{ start: '08:00', end: '17:00' }]);
    expect((await getCalendar('support-24x7')).weekly.sun).toEqual([{ start: '00:00', end: '24:00' }]);
  });

  it('fails an unknown key at once: non-retryable, typed CalendarNotFound', async () => {
    const error = await getCalendar('nowhere').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'CalendarNotFound', nonRetryable: true, message: 'Calendar "nowhere" does not exist' });
  });

  it('fails a definition broken in the database as CalendarInvalid rather than returning it', async () => {
    await db.calendar.create({ data: { key: 'tampered', name: 'Tampered', definition: { timeZone: 'Nowhere/City' } } });
    const error = await getCalendar('tampered').catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'CalendarInvalid', nonRetryable: true });
    expect((error as Error).message).toContain('timeZone');
  });
});

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher), to check the listed dates independently. */
function gregorianEaster(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}
