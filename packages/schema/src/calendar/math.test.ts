import { describe, expect, test } from 'vitest';
import {
  addBusinessTime,
  always24x7,
  BusinessCalendarError,
  businessTimeBetween,
  isWorkingDay,
  isWorkingTime,
  localDateOf,
  nextWorkingMoment,
  STANDARD_CALENDAR,
  subtractBusinessTime,
  workingIntervals,
  type BusinessCalendar,
} from './index.ts';
import { at, BERLIN, hours, LUNCH, OFFICE, show, weekdays } from './testing.ts';

const S = STANDARD_CALENDAR;
const add = (cal: BusinessCalendar, start: string, duration: Parameters<typeof addBusinessTime>[2], zone = BERLIN) =>
  show(addBusinessTime(cal, at(start, zone), duration), zone);

function errorOf(fn: () => unknown): BusinessCalendarError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BusinessCalendarError) return e;
    throw e;
  }
  throw new Error('expected a BusinessCalendarError');
}

describe('working time and working days', () => {
  test('intervals include their start and exclude their end', () => {
    expect(isWorkingTime(S, at('2026-05-18T08:59'))).toBe(false);
    expect(isWorkingTime(S, at('2026-05-18T09:00'))).toBe(true);
    expect(isWorkingTime(S, at('2026-05-18T17:59:59.999'))).toBe(true);
    expect(isWorkingTime(S, at('2026-05-18T18:00'))).toBe(false);
  });

  test('weekends, holidays, shortened days and lunch breaks', () => {
    expect(isWorkingTime(S, at('2026-05-16T10:00'))).toBe(false); // Saturday
    expect(isWorkingTime(OFFICE, at('2026-12-25T10:00'))).toBe(false); // Christmas Day
    expect(isWorkingTime(OFFICE, at('2026-12-24T12:59'))).toBe(true); // shortened: 09:00-13:00
    expect(isWorkingTime(OFFICE, at('2026-12-24T13:00'))).toBe(false);
    expect(isWorkingTime(LUNCH, at('2026-05-18T12:30'))).toBe(false);
    expect(isWorkingTime(LUNCH, at('2026-05-18T13:00'))).toBe(true);
  });

  test('isWorkingDay takes a local date in the calendar zone', () => {
    expect(isWorkingDay(S, '2026-05-16')).toBe(false);
    expect(isWorkingDay(S, '2026-05-18')).toBe(true);
    expect(isWorkingDay(OFFICE, '2026-05-14')).toBe(false);
    expect(isWorkingDay(OFFICE, '2026-12-24')).toBe(true);
    expect(isWorkingDay(OFFICE, '2026-12-25')).toBe(false);
    expect(errorOf(() => isWorkingDay(S, '2026-02-30')).code).toBe('CAL_ARGUMENT');
  });

  test('localDateOf uses the calendar zone, not UTC', () => {
    expect(localDateOf(S, new Date('2026-05-17T22:30:00Z'))).toBe('2026-05-18');
    expect(localDateOf(always24x7, new Date('2026-05-17T22:30:00Z'))).toBe('2026-05-17');
  });
});

describe('nextWorkingMoment', () => {
  const next = (cal: BusinessCalendar, iso: string) => show(nextWorkingMoment(cal, at(iso)));
  test('inside working hours it is the instant itself', () => {
    const t = at('2026-05-18T10:17:23.456');
    expect(nextWorkingMoment(S, t).getTime()).toBe(t.getTime());
  });
  test('outside working hours it is the next opening', () => {
    expect(next(S, '2026-05-18T07:00')).toBe('Mon 2026-05-18 09:00'); // early morning
    expect(next(S, '2026-05-18T18:00')).toBe('Tue 2026-05-19 09:00'); // exactly at closing
    expect(next(S, '2026-05-15T19:00')).toBe('Mon 2026-05-18 09:00'); // Friday evening
    expect(next(S, '2026-05-16T10:00')).toBe('Mon 2026-05-18 09:00'); // weekend
    expect(next(LUNCH, '2026-05-18T12:30')).toBe('Mon 2026-05-18 13:00'); // lunch break
    expect(next(OFFICE, '2026-05-13T18:30')).toBe('Fri 2026-05-15 09:00'); // holiday on Thursday
    expect(next(OFFICE, '2026-12-24T14:00')).toBe('Mon 2026-12-28 09:00'); // after a shortened day
  });
});

describe('addBusinessTime in minutes and hours', () => {
  test('scenario 2: 8 business hours from Friday 16:00 end Monday 15:00; the 80% warning is Monday 13:24', () => {
    expect(add(S, '2026-05-15T16:00', { amount: 8, unit: 'hours' })).toBe('Mon 2026-05-18 15:00');
    expect(add(S, '2026-05-15T16:00', 0.8 * 8 * 60)).toBe('Mon 2026-05-18 13:24');
    expect(businessTimeBetween(S, at('2026-05-15T16:00'), at('2026-05-18T15:00'))).toBe(480);
  });

  test('within a day, and ending exactly at closing time stays on that day', () => {
    expect(add(S, '2026-05-18T09:00', 60)).toBe('Mon 2026-05-18 10:00');
    expect(add(S, '2026-05-15T16:00', { amount: 2, unit: 'hours' })).toBe('Fri 2026-05-15 18:00');
    expect(add(S, '2026-05-15T16:00', { amount: 121, unit: 'minutes' })).toBe('Mon 2026-05-18 09:01');
  });

  test('starting outside working hours starts counting at the next opening', () => {
    expect(add(S, '2026-05-15T18:00', 60)).toBe('Mon 2026-05-18 10:00'); // at closing
    expect(add(S, '2026-05-18T20:00', 30)).toBe('Tue 2026-05-19 09:30'); // evening
    expect(add(S, '2026-05-16T10:00', 60)).toBe('Mon 2026-05-18 10:00'); // weekend
    expect(add(OFFICE, '2026-12-25T10:00', 60)).toBe('Mon 2026-12-28 10:00'); // holiday
  });

  test('holidays and shortened days', () => {
    expect(add(OFFICE, '2026-05-13T17:00', 120)).toBe('Fri 2026-05-15 10:00'); // Thursday off
    expect(add(OFFICE, '2026-12-24T12:00', { amount: 2, unit: 'hours' })).toBe('Mon 2026-12-28 10:00'); // 1h left on the 24th
    expect(add(OFFICE, '2026-12-23T17:00', { amount: 5, unit: 'hours' })).toBe('Thu 2026-12-24 13:00');
  });

  test('lunch breaks are skipped', () => {
    expect(add(LUNCH, '2026-05-18T11:00', 120)).toBe('Mon 2026-05-18 14:00');
    expect(add(LUNCH, '2026-05-18T11:00', 60)).toBe('Mon 2026-05-18 12:00');
    expect(add(LUNCH, '2026-05-18T12:15', 30)).toBe('Mon 2026-05-18 13:30');
  });

  test('a duration spanning weeks', () => {
    // 100 hours = 11 full 9-hour days + 1 hour; Whit Monday (May 25) is a holiday in OFFICE.
    expect(add(S, '2026-05-18T09:00', { amount: 100, unit: 'hours' })).toBe('Tue 2026-06-02 10:00');
    expect(add(OFFICE, '2026-05-18T09:00', { amount: 100, unit: 'hours' })).toBe('Wed 2026-06-03 10:00');
    expect(businessTimeBetween(OFFICE, at('2026-05-18T09:00'), at('2026-06-03T10:00'))).toBe(6000);
  });

  test('zero duration returns the start unchanged, even outside working hours', () => {
    const saturday = at('2026-05-16T10:00');
    expect(addBusinessTime(S, saturday, 0).getTime()).toBe(saturday.getTime());
    expect(addBusinessTime(S, saturday, { amount: 0, unit: 'days' }).getTime()).toBe(saturday.getTime());
    expect(addBusinessTime(S, saturday, 0.000001).getTime()).toBe(saturday.getTime()); // below a millisecond
  });

  test('fractions of a minute are kept to the millisecond', () => {
    expect(add(S, '2026-05-18T09:00', 0.5)).toBe('Mon 2026-05-18 09:00:30.000');
    expect(businessTimeBetween(S, at('2026-05-18T09:00'), at('2026-05-18T09:00:30'))).toBe(0.5);
  });

  test('24x7 calendar time is plain elapsed time', () => {
    const start = new Date('2026-05-16T10:00:00Z');
    expect(addBusinessTime(always24x7, start, { amount: 3, unit: 'days' }).toISOString()).toBe('2026-05-19T10:00:00.000Z');
    expect(addBusinessTime(always24x7, start, { amount: 50, unit: 'hours' }).toISOString()).toBe('2026-05-18T12:00:00.000Z');
  });

  test('intervals that meet at midnight form one continuous shift', () => {
    const night = weekdays('night', BERLIN, []);
    night.weekly.mon = hours(['22:00', '24:00']);
    night.weekly.tue = hours(['00:00', '06:00']);
    expect(add(night, '2026-05-18T23:00', 120)).toBe('Tue 2026-05-19 01:00');
    expect(add(night, '2026-05-18T23:00', 60)).toBe('Tue 2026-05-19 00:00');
    expect(workingIntervals(night, at('2026-05-18T00:00'), at('2026-05-20T00:00')).map((i) => `${show(i.start)} - ${show(i.end)}`)).toEqual(
      ['Mon 2026-05-18 22:00 - Tue 2026-05-19 06:00'],
    );
  });
});

describe('going back in time', () => {
  test('subtracting minutes ends at an opening rather than at the previous closing', () => {
    const sub = (start: string, minutes: number) => show(subtractBusinessTime(S, at(start), minutes));
    expect(sub('2026-05-18T10:00', 60)).toBe('Mon 2026-05-18 09:00');
    expect(sub('2026-05-18T10:00', 120)).toBe('Fri 2026-05-15 17:00');
    expect(sub('2026-05-18T09:00', 60)).toBe('Fri 2026-05-15 17:00');
    expect(sub('2026-05-16T10:00', 60)).toBe('Fri 2026-05-15 17:00'); // from the weekend
    expect(add(S, '2026-05-18T15:00', { amount: -8, unit: 'hours' })).toBe('Fri 2026-05-15 16:00');
  });

  test('businessTimeBetween is negative when `to` is before `from`, and zero is +0', () => {
    expect(businessTimeBetween(S, at('2026-05-18T15:00'), at('2026-05-15T16:00'))).toBe(-480);
    expect(businessTimeBetween(S, at('2026-05-17T15:00'), at('2026-05-16T16:00'))).toBe(0); // weekend only: +0, not -0
    expect(businessTimeBetween(S, at('2026-05-18T10:00'), at('2026-05-18T10:00'))).toBe(0);
  });
});

describe('business days', () => {
  const days = (cal: BusinessCalendar, start: string, amount: number) => add(cal, start, { amount, unit: 'days' });

  test('the same local time on the Nth working day', () => {
    expect(days(S, '2026-05-18T10:00', 1)).toBe('Tue 2026-05-19 10:00');
    expect(days(S, '2026-05-15T10:00', 1)).toBe('Mon 2026-05-18 10:00');
    expect(days(S, '2026-05-18T10:00', 5)).toBe('Mon 2026-05-25 10:00');
    expect(days(OFFICE, '2026-05-18T10:00', 5)).toBe('Tue 2026-05-26 10:00'); // Whit Monday skipped
    expect(days(OFFICE, '2026-05-13T10:00', 1)).toBe('Fri 2026-05-15 10:00'); // Ascension Day skipped
  });

  test('a time outside working hours is clamped into the target day', () => {
    expect(days(S, '2026-05-18T07:00', 1)).toBe('Tue 2026-05-19 09:00'); // before opening -> opening
    expect(days(S, '2026-05-18T20:00', 1)).toBe('Tue 2026-05-19 18:00'); // after closing -> closing
    expect(days(LUNCH, '2026-05-18T12:30', 1)).toBe('Tue 2026-05-19 12:00'); // in the break -> end of the morning
    expect(days(OFFICE, '2026-12-23T15:00', 1)).toBe('Thu 2026-12-24 13:00'); // shortened day closes at 13:00
    expect(days(OFFICE, '2026-12-23T10:00', 2)).toBe('Mon 2026-12-28 10:00');
  });

  test('a start on a non-working day counts from the next opening', () => {
    expect(days(S, '2026-05-16T10:00', 1)).toBe('Tue 2026-05-19 09:00');
    expect(days(OFFICE, '2026-12-25T15:00', 1)).toBe('Tue 2026-12-29 09:00');
  });

  test('N business days are N full working days of business time on a regular calendar', () => {
    for (const start of ['2026-05-16T10:00', '2026-05-18T07:00', '2026-05-18T12:30', '2026-05-18T20:00']) {
      const from = at(start);
      expect(businessTimeBetween(LUNCH, from, addBusinessTime(LUNCH, from, { amount: 3, unit: 'days' }))).toBe(3 * 480);
      expect(businessTimeBetween(LUNCH, from, addBusinessTime(LUNCH, from, { amount: -3, unit: 'days' }))).toBe(-3 * 480);
    }
  });

  test('negative days go back; a non-working start counts from the previous closing', () => {
    expect(days(S, '2026-05-19T10:00', -1)).toBe('Mon 2026-05-18 10:00');
    expect(days(S, '2026-05-18T10:00', -1)).toBe('Fri 2026-05-15 10:00');
    expect(days(S, '2026-05-16T10:00', -1)).toBe('Thu 2026-05-14 18:00');
    expect(days(S, '2026-05-18T07:00', -1)).toBe('Fri 2026-05-15 09:00');
    expect(show(subtractBusinessTime(OFFICE, at('2026-05-15T11:00'), { amount: 1, unit: 'days' }))).toBe('Wed 2026-05-13 11:00');
  });

  test('fractional days are refused', () => {
    const e = errorOf(() => addBusinessTime(S, at('2026-05-18T10:00'), { amount: 1.5, unit: 'days' }));
    expect(e.code).toBe('CAL_ARGUMENT');
    expect(e.message).toBe('business days must be a whole number, not 1.5 (use hours for part of a day)');
  });
});

describe('time zones', () => {
  const NY = 'America/New_York';
  const TOKYO = 'Asia/Tokyo';
  const ny = weekdays('ny', NY, hours(['09:00', '18:00']));
  const tokyo = weekdays('tokyo', TOKYO, hours(['09:00', '18:00']));

  test('the same instant is working time in New York and evening in Tokyo', () => {
    const instant = new Date('2026-06-01T13:00:00Z'); // Mon 09:00 in New York, Mon 22:00 in Tokyo
    expect(isWorkingTime(ny, instant)).toBe(true);
    expect(isWorkingTime(tokyo, instant)).toBe(false);
    expect(nextWorkingMoment(tokyo, instant).toISOString()).toBe('2026-06-02T00:00:00.000Z'); // Tue 09:00 JST
    expect(addBusinessTime(ny, instant, 60).toISOString()).toBe('2026-06-01T14:00:00.000Z');
    expect(addBusinessTime(tokyo, instant, 60).toISOString()).toBe('2026-06-02T01:00:00.000Z');
  });

  test('the SLA counts in the customer time zone', () => {
    expect(add(ny, '2026-05-15T16:00', { amount: 8, unit: 'hours' }, NY)).toBe('Mon 2026-05-18 15:00');
    expect(addBusinessTime(ny, at('2026-05-15T16:00', NY), { amount: 8, unit: 'hours' }).toISOString()).toBe('2026-05-18T19:00:00.000Z');
    // Friday 16:00 in Tokyo is Friday 07:00 UTC: still Friday 03:00 in New York, before opening.
    expect(add(ny, '2026-05-15T16:00', { amount: 8, unit: 'hours' }, TOKYO)).toBe('Sat 2026-05-16 06:00');
    expect(show(addBusinessTime(ny, at('2026-05-15T16:00', TOKYO), { amount: 8, unit: 'hours' }), NY)).toBe('Fri 2026-05-15 17:00');
  });
});

describe('bad input and limits', () => {
  test('an invalid calendar is refused with every problem listed', () => {
    const bad = { ...S, timeZone: 'Mars/Olympus', weekly: { ...S.weekly, mon: hours(['18:00', '09:00']) } };
    const e = errorOf(() => isWorkingTime(bad, new Date()));
    expect(e.code).toBe('CAL_INVALID');
    expect(e.message).toBe(
      'invalid business calendar: timeZone: unknown time zone "Mars/Olympus": use an IANA name such as "Europe/Berlin"; weekly.mon.0: interval 18:00-09:00 must end after it starts',
    );
    expect(
      errorOf(() => isWorkingTime({ ...S, weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }, new Date())).message,
    ).toMatch(/needs working hours on at least one weekday/);
    expect(errorOf(() => isWorkingTime(null as unknown as BusinessCalendar, new Date())).code).toBe('CAL_INVALID');
  });

  test('invalid instants and durations are refused', () => {
    expect(errorOf(() => addBusinessTime(S, new Date(NaN), 10)).message).toBe('start must be a valid Date');
    expect(errorOf(() => addBusinessTime(S, '2026-05-18' as unknown as Date, 10)).message).toBe('start must be a valid Date');
    expect(errorOf(() => nextWorkingMoment(S, new Date('1800-01-01'))).message).toBe('at must be between the years 1900 and 9999');
    expect(errorOf(() => addBusinessTime(S, new Date(), NaN)).code).toBe('CAL_ARGUMENT');
    expect(errorOf(() => addBusinessTime(S, new Date(), { amount: 1, unit: 'weeks' as 'days' })).message).toBe(
      'duration unit must be "minutes", "hours" or "days", not "weeks"',
    );
  });

  test('a calendar whose working days are all holidays for 10 years fails clearly instead of searching forever', () => {
    const holidays = [];
    for (let d = Date.UTC(2026, 0, 5); d < Date.UTC(2037, 0, 1); d += 7 * 86_400_000) {
      holidays.push({ date: new Date(d).toISOString().slice(0, 10), name: 'Closed' });
    }
    const mondays: BusinessCalendar = { ...S, id: 'mondays', weekly: { ...S.weekly, tue: [], wed: [], thu: [], fri: [] }, holidays };
    const start = at('2026-01-01T12:00');
    for (const fn of [
      () => nextWorkingMoment(mondays, start),
      () => addBusinessTime(mondays, start, 60),
      () => addBusinessTime(mondays, start, { amount: 1, unit: 'days' }),
    ]) {
      const e = errorOf(fn);
      expect(e.code).toBe('CAL_NO_WORKING_TIME');
      expect(e.message).toBe(
        'calendar "mondays" has no working time within 3660 days (about 10 years) after 2026-01-01T11:00:00.000Z (2026-01-01 in Europe/Berlin)',
      );
    }
    expect(businessTimeBetween(mondays, start, at('2027-01-01T12:00'))).toBe(0);
  });

  test('results and ranges beyond about 10 years are refused', () => {
    const start = at('2026-05-18T10:00');
    expect(errorOf(() => addBusinessTime(S, start, { amount: 30_000, unit: 'hours' })).code).toBe('CAL_LIMIT');
    expect(errorOf(() => addBusinessTime(S, start, { amount: -3000, unit: 'days' })).code).toBe('CAL_LIMIT');
    expect(errorOf(() => businessTimeBetween(S, start, at('2037-01-01T10:00'))).code).toBe('CAL_LIMIT');
    expect(addBusinessTime(S, start, { amount: 2000, unit: 'days' }).getUTCFullYear()).toBe(2034);
  });

  test('a calendar changed in place after use is re-validated', () => {
    const cal: BusinessCalendar = structuredClone(OFFICE);
    expect(isWorkingDay(cal, '2026-05-18')).toBe(true);
    cal.holidays.push({ date: '2026-05-18', name: 'Company day' });
    expect(isWorkingDay(cal, '2026-05-18')).toBe(false);
    cal.timeZone = 'Nowhere/City';
    expect(errorOf(() => isWorkingDay(cal, '2026-05-18')).code).toBe('CAL_INVALID');
  });
});

describe('performance', () => {
  test('10,000 multi-week additions step by day, not by minute', () => {
    const base = at('2026-01-05T10:00').getTime();
    let last = 0;
    for (let i = 0; i < 10_000; i++) {
      const start = new Date(base + ((i * 7_919_993) % (365 * 86_400_000)));
      last = addBusinessTime(OFFICE, start, { amount: 40 + (i % 200), unit: 'hours' }).getTime();
      if (i % 10 === 0) last = addBusinessTime(OFFICE, start, { amount: 5 + (i % 30), unit: 'days' }).getTime();
    }
    expect(last).toBeGreaterThan(base);
  });
});
