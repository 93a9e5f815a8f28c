import { describe, expect, test } from 'vitest';
import {
  addBusinessTime,
  alwaysOpen,
  businessTimeBetween,
  isWorkingDay,
  STANDARD_CALENDAR,
  workingIntervals,
  type BusinessCalendar,
} from './index.ts';
import { at, BERLIN, hours, show } from './testing.ts';
import { ZoneClock } from './zone.ts';

// Europe/Berlin 2026: summer time starts Sun 29 March (02:00 CET -> 03:00 CEST, 01:00 UTC)
// and ends Sun 25 October (03:00 CEST -> 02:00 CET, 01:00 UTC).
const S = STANDARD_CALENDAR;
const clockBerlin = alwaysOpen(BERLIN);
const everyDay = (id: string, timeZone: string, day: ReturnType<typeof hours>): BusinessCalendar => ({
  id,
  name: id,
  timeZone,
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
  holidays: [],
});

describe('DST in Europe/Berlin', () => {
  test('a 24x7 local calendar counts the real length of the day: 23 hours in March, 25 in October', () => {
    expect(businessTimeBetween(clockBerlin, at('2026-03-29T00:00'), at('2026-03-30T00:00'))).toBe(23 * 60);
    expect(businessTimeBetween(clockBerlin, at('2026-03-28T00:00'), at('2026-03-30T00:00'))).toBe(47 * 60);
    expect(businessTimeBetween(clockBerlin, at('2026-10-25T00:00'), at('2026-10-26T00:00'))).toBe(25 * 60);
    expect(show(addBusinessTime(clockBerlin, at('2026-03-28T12:00'), { amount: 24, unit: 'hours' }))).toBe('Sun 2026-03-29 13:00');
    expect(show(addBusinessTime(clockBerlin, at('2026-10-24T12:00'), { amount: 24, unit: 'hours' }))).toBe('Sun 2026-10-25 11:00');
  });

  test('working hours across the change count real working minutes', () => {
    const night = everyDay('night', BERLIN, hours(['00:00', '06:00']));
    expect(businessTimeBetween(night, at('2026-03-29T00:00'), at('2026-03-29T12:00'))).toBe(5 * 60);
    expect(businessTimeBetween(night, at('2026-10-25T00:00'), at('2026-10-25T12:00'))).toBe(7 * 60);
    expect(show(addBusinessTime(night, at('2026-03-29T00:00'), { amount: 5, unit: 'hours' }))).toBe('Sun 2026-03-29 06:00');
    expect(show(addBusinessTime(night, at('2026-10-25T00:00'), { amount: 7, unit: 'hours' }))).toBe('Sun 2026-10-25 06:00');
    // Office hours are untouched by a change at night: a week of 45 hours either way.
    expect(businessTimeBetween(S, at('2026-03-27T09:00'), at('2026-04-03T09:00'))).toBe(45 * 60);
    expect(show(addBusinessTime(S, at('2026-03-27T17:00'), 120))).toBe('Mon 2026-03-30 10:00');
    expect(addBusinessTime(S, at('2026-03-27T17:00'), 120).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  test('"09:00 local" stays 09:00 local across the change when adding days', () => {
    const before = at('2026-03-27T09:00');
    expect(before.toISOString()).toBe('2026-03-27T08:00:00.000Z');
    const after = addBusinessTime(S, before, { amount: 1, unit: 'days' });
    expect(after.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(show(after)).toBe('Mon 2026-03-30 09:00');
    expect(show(addBusinessTime(S, at('2026-10-23T09:00'), { amount: 1, unit: 'days' }))).toBe('Mon 2026-10-26 09:00');
    expect(show(addBusinessTime(S, at('2026-03-30T09:00'), { amount: -1, unit: 'days' }))).toBe('Fri 2026-03-27 09:00');
    expect(show(addBusinessTime(clockBerlin, at('2026-03-28T09:00'), { amount: 2, unit: 'days' }))).toBe('Mon 2026-03-30 09:00');
  });

  test('an interval in the skipped hour begins when the clocks jump; one swallowed entirely does not exist', () => {
    const early = everyDay('early', BERLIN, hours(['02:30', '04:00']));
    expect(
      workingIntervals(early, at('2026-03-29T00:00'), at('2026-03-30T00:00')).map((i) => [i.start.toISOString(), i.end.toISOString()]),
    ).toEqual([['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z']]);
    const gap = everyDay('gap', BERLIN, hours(['02:00', '03:00']));
    expect(isWorkingDay(gap, '2026-03-29')).toBe(false);
    expect(isWorkingDay(gap, '2026-04-05')).toBe(true);
    expect(show(addBusinessTime(gap, at('2026-03-28T12:00'), 30))).toBe('Mon 2026-03-30 02:30');
  });

  test('an interval in the repeated hour runs from the first occurrence and contains both', () => {
    const gap = everyDay('gap', BERLIN, hours(['02:00', '03:00']));
    expect(businessTimeBetween(gap, at('2026-10-25T00:00'), at('2026-10-25T12:00'))).toBe(120);
    expect(
      workingIntervals(gap, at('2026-10-25T00:00'), at('2026-10-26T00:00')).map((i) => [i.start.toISOString(), i.end.toISOString()]),
    ).toEqual([['2026-10-25T00:00:00.000Z', '2026-10-25T02:00:00.000Z']]);
  });
});

describe('other zones', () => {
  test('America/Santiago skips midnight: the day begins at 01:00', () => {
    const z = 'America/Santiago';
    expect(businessTimeBetween(alwaysOpen(z), at('2026-09-05T00:00', z), at('2026-09-07T00:00', z))).toBe(47 * 60);
    const midnight = everyDay('midnight', z, hours(['00:00', '01:00']));
    expect(isWorkingDay(midnight, '2026-09-06')).toBe(false);
    expect(isWorkingDay(midnight, '2026-09-07')).toBe(true);
    expect(show(addBusinessTime(alwaysOpen(z), at('2026-09-05T10:00', z), { amount: 1, unit: 'days' }), z)).toBe('Sun 2026-09-06 10:00');
  });

  test('Australia/Lord_Howe moves its clocks by 30 minutes', () => {
    const z = 'Australia/Lord_Howe';
    expect(businessTimeBetween(alwaysOpen(z), at('2026-10-04T00:00', z), at('2026-10-05T00:00', z))).toBe(23.5 * 60);
  });
});

describe('ZoneClock', () => {
  const berlin = ZoneClock.of(BERLIN);
  const wall = (iso: string) => Date.parse(`${iso}Z`);
  test('maps wall times to instants: normal, skipped and repeated', () => {
    expect(new Date(berlin.instant(wall('2026-03-29T01:30'))).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(new Date(berlin.instant(wall('2026-03-29T02:30'))).toISOString()).toBe('2026-03-29T01:00:00.000Z'); // skipped
    expect(new Date(berlin.instant(wall('2026-03-29T03:00'))).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(new Date(berlin.instant(wall('2026-10-25T02:30'))).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first of two
    expect(new Date(berlin.instant(wall('2026-10-25T03:00'))).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });
  test('offsets change exactly at the transition', () => {
    const change = Date.parse('2026-03-29T01:00:00Z');
    expect(berlin.offset(change - 1)).toBe(3_600_000);
    expect(berlin.offset(change)).toBe(7_200_000);
    expect(berlin.offset(Date.parse('2026-10-25T00:59:59.999Z'))).toBe(7_200_000);
    expect(berlin.offset(Date.parse('2026-10-25T01:00:00Z'))).toBe(3_600_000);
  });
});
