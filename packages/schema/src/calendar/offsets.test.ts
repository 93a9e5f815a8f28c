import { describe, expect, test } from 'vitest';
import {
  addBusinessTime,
  always24x7,
  BusinessCalendarError,
  businessDayOffset,
  businessDayOffsets,
  type DayOffsetOptions,
} from './index.ts';
import { at, OFFICE, show } from './testing.ts';

// Due Monday 2026-05-18; Thursday 2026-05-14 (Ascension Day) is a holiday in OFFICE.
const DUE = '2026-05-18';
const list = (offsets: number[], options?: DayOffsetOptions, anchor: Date | string = DUE) =>
  businessDayOffsets(OFFICE, anchor, offsets, options).map((d) => show(d));

describe('businessDayOffsets (reminders relative to a date)', () => {
  test('scenario 1 in calendar days: a week before, then daily from 3 days before; weekends and holidays skipped', () => {
    expect(list([-7, -4, -3, -2, -1, 0], { count: 'calendar' })).toEqual([
      'Mon 2026-05-11 09:00',
      // -4 is Ascension Day, -2 and -1 the weekend: skipped
      'Fri 2026-05-15 09:00',
      'Mon 2026-05-18 09:00',
    ]);
  });

  test('non-working days can move to the previous or next working day instead; duplicates collapse', () => {
    expect(list([-7, -4, -3, -2, -1], { count: 'calendar', nonWorkingDay: 'previous' })).toEqual([
      'Mon 2026-05-11 09:00',
      'Wed 2026-05-13 09:00',
      'Fri 2026-05-15 09:00',
    ]);
    expect(list([-7, -4, -3, -2, -1], { count: 'calendar', nonWorkingDay: 'next' })).toEqual([
      'Mon 2026-05-11 09:00',
      'Fri 2026-05-15 09:00',
      'Mon 2026-05-18 09:00',
    ]);
  });

  test('by default offsets count working days', () => {
    expect(list([-7, -3, -2, -1])).toEqual([
      'Wed 2026-05-06 09:00',
      'Tue 2026-05-12 09:00',
      'Wed 2026-05-13 09:00',
      'Fri 2026-05-15 09:00',
    ]);
    expect(list([1, 5])).toEqual(['Tue 2026-05-19 09:00', 'Tue 2026-05-26 09:00']); // Whit Monday skipped
  });

  test('a time of day can be given; an instant anchor counts by its local date', () => {
    expect(list([-1], { timeOfDay: '10:30' })).toEqual(['Fri 2026-05-15 10:30']);
    // 00:30 on the 18th in Berlin is still the 17th in UTC.
    const anchor = new Date('2026-05-17T22:30:00Z');
    expect(list([-1, 0], {}, anchor)).toEqual(['Fri 2026-05-15 09:00', 'Mon 2026-05-18 09:00']);
  });

  test('offset 0 on a non-working day follows nonWorkingDay', () => {
    expect(businessDayOffset(OFFICE, '2026-05-16', 0)).toBeNull();
    expect(show(businessDayOffset(OFFICE, '2026-05-16', 0, { nonWorkingDay: 'next' })!)).toBe('Mon 2026-05-18 09:00');
    expect(show(businessDayOffset(OFFICE, '2026-05-16', 0, { nonWorkingDay: 'previous' })!)).toBe('Fri 2026-05-15 09:00');
  });

  test('on the 24x7 calendar business days are calendar days', () => {
    expect(businessDayOffsets(always24x7, '2026-05-18', [-3, -1]).map((d) => d.toISOString())).toEqual([
      '2026-05-15T00:00:00.000Z',
      '2026-05-17T00:00:00.000Z',
    ]);
  });

  test('repeating every 2 business days from the first reminder until the due date', () => {
    const due = at('2026-05-18T09:00');
    const sent: string[] = [];
    for (let t = businessDayOffset(OFFICE, DUE, -7)!; t < due; t = addBusinessTime(OFFICE, t, { amount: 2, unit: 'days' }))
      sent.push(show(t));
    expect(sent).toEqual(['Wed 2026-05-06 09:00', 'Fri 2026-05-08 09:00', 'Tue 2026-05-12 09:00', 'Fri 2026-05-15 09:00']);
  });

  test('bad offsets and options are refused', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return e instanceof BusinessCalendarError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => businessDayOffsets(OFFICE, DUE, [1.5]))).toBe('CAL_ARGUMENT');
    expect(code(() => businessDayOffsets(OFFICE, DUE, [10_000]))).toBe('CAL_ARGUMENT');
    expect(code(() => businessDayOffsets(OFFICE, '18.05.2026', [1]))).toBe('CAL_ARGUMENT');
    expect(code(() => businessDayOffsets(OFFICE, DUE, [1], { timeOfDay: '25:00' }))).toBe('CAL_ARGUMENT');
    expect(code(() => businessDayOffsets(OFFICE, DUE, [1], { count: 'weekly' as 'business' }))).toBe('CAL_ARGUMENT');
    expect(code(() => businessDayOffsets(OFFICE, DUE, new Array(1001).fill(1)))).toBe('CAL_ARGUMENT');
  });
});
