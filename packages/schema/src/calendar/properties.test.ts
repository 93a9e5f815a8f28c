import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  addBusinessTime,
  BusinessCalendarError,
  businessTimeBetween,
  isWorkingTime,
  nextWorkingMoment,
  WEEKDAYS,
  type BusinessCalendar,
  type WorkingInterval,
} from './index.ts';

const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Santiago',
  'Pacific/Chatham',
];
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2028, 0, 1);

const hhmm = (quarter: number) => `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

/** Sorted, disjoint intervals on a 15-minute grid, possibly starting at 00:00 or ending at 24:00. */
const dayHours = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((qs): WorkingInterval[] => {
  const sorted = [...qs].sort((a, b) => a - b);
  const out: WorkingInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push({ start: hhmm(sorted[i]!), end: hhmm(sorted[i + 1]!) });
  return out;
});

const localDate = fc
  .integer({ min: FROM / 86_400_000, max: TO / 86_400_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

const calendar: fc.Arbitrary<BusinessCalendar> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    days: fc.array(dayHours, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.record({ date: localDate, shortened: fc.option(dayHours, { nil: undefined }) }), {
      maxLength: 30,
      selector: (h) => h.date,
    }),
  })
  .map(({ timeZone, days, holidays }) => {
    if (days.every((d) => d.length === 0)) days[0] = [{ start: '09:00', end: '17:00' }];
    const weekly = Object.fromEntries(WEEKDAYS.map((d, i) => [d, days[i]!])) as BusinessCalendar['weekly'];
    return {
      id: 'random',
      name: 'random',
      timeZone,
      weekly,
      holidays: holidays.map((h) => (h.shortened ? { date: h.date, name: 'h', intervals: h.shortened } : { date: h.date, name: 'h' })),
    };
  });

const instant = fc.integer({ min: FROM, max: TO }).map((t) => new Date(t));
const minutes = fc.oneof(fc.integer({ min: -3000, max: 3000 }), fc.integer({ min: -60_000, max: 60_000 }));

/** Sparse random calendars may legitimately need more than 10 years for a long duration. */
function unlessBeyondLimit(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof BusinessCalendarError && e.code === 'CAL_LIMIT') return;
    throw e;
  }
}

describe('business time properties over random calendars, instants and durations', () => {
  test('businessTimeBetween(a, addBusinessTime(a, d)) === d', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, (cal, a, d) => {
        unlessBeyondLimit(() => {
          const b = addBusinessTime(cal, a, d);
          expect(businessTimeBetween(cal, a, b)).toBe(d);
          if (d > 0) {
            expect(b.getTime()).toBeGreaterThan(a.getTime());
            expect(isWorkingTime(cal, new Date(b.getTime() - 1))).toBe(true); // ends right after working time
          } else if (d < 0) {
            expect(b.getTime()).toBeLessThan(a.getTime());
            expect(isWorkingTime(cal, b)).toBe(true); // begins at working time
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  test('adding in two steps equals adding the sum', () => {
    fc.assert(
      fc.property(calendar, instant, fc.nat(5000), fc.nat(5000), (cal, a, d1, d2) => {
        unlessBeyondLimit(() => {
          const twoSteps = addBusinessTime(cal, addBusinessTime(cal, a, d1), d2);
          expect(businessTimeBetween(cal, a, twoSteps)).toBe(d1 + d2);
        });
      }),
    );
  });

  test('businessTimeBetween is additive and antisymmetric', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, (cal, a, b, c) => {
        // Compared in milliseconds: results are exact to the millisecond, sums of fractional minutes are not.
        const ms = (x: Date, y: Date) => Math.round(businessTimeBetween(cal, x, y) * 60_000);
        expect(ms(a, b) + ms(b, c)).toBe(ms(a, c));
        expect(businessTimeBetween(cal, b, a)).toBe(-businessTimeBetween(cal, a, b) || 0);
      }),
    );
  });

  test('nextWorkingMoment is working time reached without any working time in between', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, a) => {
        const next = nextWorkingMoment(cal, a);
        expect(next.getTime()).toBeGreaterThanOrEqual(a.getTime());
        expect(isWorkingTime(cal, next)).toBe(true);
        expect(businessTimeBetween(cal, a, next)).toBe(0);
        expect(next.getTime() === a.getTime()).toBe(isWorkingTime(cal, a));
      }),
    );
  });

  test('on a regular calendar, N business days are N working days of business time', () => {
    const regular = fc
      .record({
        timeZone: fc.constantFrom(...ZONES),
        open: fc.integer({ min: 24, max: 40 }), // 06:00-10:00
        lunch: fc.boolean(),
        close: fc.integer({ min: 56, max: 80 }), // 14:00-20:00
        weekend: fc.subarray([...WEEKDAYS], { maxLength: 3 }),
      })
      .map(({ timeZone, open, lunch, close, weekend }) => {
        const day = lunch
          ? [
              { start: hhmm(open), end: '12:00' },
              { start: '13:00', end: hhmm(close) },
            ]
          : [{ start: hhmm(open), end: hhmm(close) }];
        const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, weekend.includes(d) ? [] : day])) as BusinessCalendar['weekly'];
        const minutesPerDay = (close - open) * 15 - (lunch ? 60 : 0);
        return { calendar: { id: 'regular', name: 'regular', timeZone, weekly, holidays: [] } satisfies BusinessCalendar, minutesPerDay };
      });
    fc.assert(
      fc.property(regular, instant, fc.integer({ min: -40, max: 40 }), ({ calendar: cal, minutesPerDay }, a, n) => {
        const b = addBusinessTime(cal, a, { amount: n, unit: 'days' });
        expect(businessTimeBetween(cal, a, b)).toBe(n * minutesPerDay);
      }),
    );
  });
});
