/** Helpers for the calendar tests (not exported from the package). */
import { DateTime } from 'luxon';
import { STANDARD_CALENDAR, type BusinessCalendar, type WorkingInterval } from './schema.ts';

export const BERLIN = 'Europe/Berlin';

/** A local time in a zone, ISO without offset ("2026-05-15T16:00"), or with one to pick a repeated hour. */
export function at(iso: string, zone = BERLIN): Date {
  const dt = DateTime.fromISO(iso, { zone, setZone: false });
  if (!dt.isValid) throw new Error(`bad test time ${iso}: ${dt.invalidExplanation}`);
  return dt.toJSDate();
}

/** "Mon 2026-05-18 15:00" in the zone (seconds shown only when not zero). */
export function show(d: Date, zone = BERLIN): string {
  const dt = DateTime.fromJSDate(d, { zone });
  return dt.toFormat(dt.second || dt.millisecond ? 'ccc yyyy-MM-dd HH:mm:ss.SSS' : 'ccc yyyy-MM-dd HH:mm');
}

export const hours = (...pairs: Array<[string, string]>): WorkingInterval[] => pairs.map(([start, end]) => ({ start, end }));

/** Mon-Fri with the given hours in a zone. */
export function weekdays(
  id: string,
  timeZone: string,
  day: WorkingInterval[],
  holidays: BusinessCalendar['holidays'] = [],
): BusinessCalendar {
  return { id, name: id, timeZone, weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, holidays };
}

/** The standard calendar plus German Christmas: the 24th shortened to 09:00-13:00, 25th and 26th off. */
export const OFFICE: BusinessCalendar = {
  ...STANDARD_CALENDAR,
  id: 'office',
  holidays: [
    { date: '2026-05-14', name: 'Ascension Day' },
    { date: '2026-05-25', name: 'Whit Monday' },
    { date: '2026-12-24', name: 'Christmas Eve', intervals: hours(['09:00', '13:00']) },
    { date: '2026-12-25', name: 'Christmas Day' },
    { date: '2026-12-26', name: 'Boxing Day' },
  ],
};

/** Mon-Fri 09:00-12:00 and 13:00-18:00 (8 hours) in Berlin. */
export const LUNCH: BusinessCalendar = weekdays('lunch', BERLIN, hours(['09:00', '12:00'], ['13:00', '18:00']));
