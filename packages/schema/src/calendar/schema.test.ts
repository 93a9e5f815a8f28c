import { describe, expect, test } from 'vitest';
import {
  always24x7,
  alwaysOpen,
  BusinessCalendarSchema,
  BusinessDurationSchema,
  STANDARD_CALENDAR,
  type BusinessCalendarInput,
} from './index.ts';

const base: BusinessCalendarInput = {
  id: 'office',
  name: 'Office',
  timeZone: 'Europe/Berlin',
  weekly: { mon: [{ start: '09:00', end: '18:00' }] },
};

function messages(input: unknown): string[] {
  const r = BusinessCalendarSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('BusinessCalendarSchema', () => {
  test('accepts the example calendars and fills left-out days and holidays', () => {
    expect(BusinessCalendarSchema.parse(STANDARD_CALENDAR)).toEqual(STANDARD_CALENDAR);
    expect(BusinessCalendarSchema.parse(always24x7)).toEqual(always24x7);
    expect(BusinessCalendarSchema.parse(alwaysOpen('America/New_York')).id).toBe('always-24x7:America_New_York');
    const parsed = BusinessCalendarSchema.parse(base);
    expect(parsed.weekly.sun).toEqual([]);
    expect(parsed.holidays).toEqual([]);
  });

  test('the example constants cannot be changed by accident', () => {
    expect(Object.isFrozen(STANDARD_CALENDAR.weekly.mon)).toBe(true);
    expect(Object.isFrozen(always24x7)).toBe(true);
  });

  test('an unknown time zone is named in the error', () => {
    expect(messages({ ...base, timeZone: 'Europe/Atlantis' })).toEqual([
      'timeZone: unknown time zone "Europe/Atlantis": use an IANA name such as "Europe/Berlin"',
    ]);
    expect(messages({ ...base, timeZone: 'UTC' })).toEqual([]);
  });

  test('times must be HH:mm; 24:00 only as an end', () => {
    expect(messages({ ...base, weekly: { mon: [{ start: '9:00', end: '18:00' }] } })).toEqual([
      'weekly.mon.0.start: start must be a time "HH:mm" from 00:00 to 23:59',
    ]);
    expect(messages({ ...base, weekly: { mon: [{ start: '24:00', end: '24:00' }] } })).toEqual([
      'weekly.mon.0.start: start must be a time "HH:mm" from 00:00 to 23:59',
    ]);
    expect(messages({ ...base, weekly: { mon: [{ start: '22:00', end: '24:00' }] } })).toEqual([]);
    expect(messages({ ...base, weekly: { mon: [{ start: '09:00', end: '24:30' }] } })).toEqual([
      'weekly.mon.0.end: end must be a time "HH:mm" from 00:01 to 24:00',
    ]);
  });

  test('an interval must end after it starts', () => {
    expect(messages({ ...base, weekly: { mon: [{ start: '18:00', end: '09:00' }] } })).toEqual([
      'weekly.mon.0: interval 18:00-09:00 must end after it starts',
    ]);
    expect(messages({ ...base, weekly: { mon: [{ start: '09:00', end: '09:00' }] } })).toEqual([
      'weekly.mon.0: interval 09:00-09:00 must end after it starts',
    ]);
  });

  test('intervals must be sorted and must not overlap; touching is fine', () => {
    const day = (...pairs: Array<[string, string]>) => ({ ...base, weekly: { tue: pairs.map(([start, end]) => ({ start, end })) } });
    expect(messages(day(['09:00', '13:00'], ['12:00', '18:00']))).toEqual([
      'weekly.tue.1: interval 12:00-18:00 overlaps 09:00-13:00: list intervals sorted and without overlap',
    ]);
    expect(messages(day(['13:00', '18:00'], ['09:00', '12:00']))).toEqual([
      'weekly.tue.1: interval 09:00-12:00 is out of order after 13:00-18:00: list intervals sorted and without overlap',
    ]);
    expect(messages(day(['09:00', '12:00'], ['12:00', '18:00']))).toEqual([]);
  });

  test('a calendar without any weekly working hours is refused', () => {
    expect(messages({ ...base, weekly: {} })).toEqual([
      'weekly: a business calendar needs working hours on at least one weekday (use the 24x7 calendar for calendar time)',
    ]);
  });

  test('holidays: real dates, named, listed once, optionally shortened', () => {
    const holidays = (...list: unknown[]) => ({ ...base, holidays: list });
    expect(messages(holidays({ date: '2026-12-25', name: 'Christmas Day' }))).toEqual([]);
    expect(messages(holidays({ date: '2026-12-24', name: 'Christmas Eve', intervals: [{ start: '09:00', end: '13:00' }] }))).toEqual([]);
    expect(messages(holidays({ date: '2026-02-30', name: 'Nope' }))).toEqual([
      'holidays.0.date: must be a calendar date "YYYY-MM-DD" (e.g. "2026-12-24")',
    ]);
    expect(messages(holidays({ date: '25.12.2026', name: 'Christmas' }))).toEqual([
      'holidays.0.date: must be a calendar date "YYYY-MM-DD" (e.g. "2026-12-24")',
    ]);
    expect(messages(holidays({ date: '2026-12-25', name: ' ' }))).toEqual(['holidays.0.name: holiday name is required']);
    expect(messages(holidays({ date: '2026-12-25', name: 'A' }, { date: '2026-12-25', name: 'B' }))).toEqual([
      'holidays.1.date: holiday 2026-12-25 is listed twice',
    ]);
    expect(messages(holidays({ date: '2026-12-24', name: 'Eve', intervals: [{ start: '13:00', end: '09:00' }] }))).toEqual([
      'holidays.0.intervals.0: interval 13:00-09:00 must end after it starts',
    ]);
  });

  test('id and name are checked', () => {
    expect(messages({ ...base, id: '' })[0]).toMatch(/^id: calendar id must start with a letter or digit/);
    expect(messages({ ...base, id: '4f1c2a7e-1b2c-4d5e-8f90-123456789abc' })).toEqual([]);
    expect(messages({ ...base, name: '' })).toEqual(['name: calendar name is required']);
  });
});

describe('BusinessDurationSchema', () => {
  test('days must be whole; minutes and hours may be fractional or negative', () => {
    expect(BusinessDurationSchema.safeParse({ amount: 1.5, unit: 'hours' }).success).toBe(true);
    expect(BusinessDurationSchema.safeParse({ amount: -7, unit: 'days' }).success).toBe(true);
    const r = BusinessDurationSchema.safeParse({ amount: 1.5, unit: 'days' });
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual(['business days must be a whole number']);
    expect(BusinessDurationSchema.safeParse({ amount: 1, unit: 'weeks' }).success).toBe(false);
    expect(BusinessDurationSchema.safeParse({ amount: Infinity, unit: 'minutes' }).success).toBe(false);
  });
});
