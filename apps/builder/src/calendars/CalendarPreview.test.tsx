import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { BusinessCalendarSchema, type BusinessCalendar } from '@trackway/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { CalendarPreview } from './CalendarPreview.tsx';
import { instantAt } from './zone-time.ts';

afterEach(cleanup);

const day = [{ start: '09:00', end: '18:00' }];
const OFFICE = BusinessCalendarSchema.parse({
  id: 'office',
  name: 'Office',
  timeZone: 'Europe/Berlin',
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: [{ date: '2026-12-24', name: 'Christmas Eve', intervals: [{ start: '09:00', end: '13:00' }] }],
});
/** Thursday 26 November 2026, 14:00 in Berlin (13:00 UTC). */
const THURSDAY_2PM = new Date('2026-11-26T13:00:00Z');

function setup(calendar: BusinessCalendar | null = OFFICE) {
  const view = render(<CalendarPreview calendar={calendar} initialFrom={THURSDAY_2PM} now={() => THURSDAY_2PM} />);
  const amount = screen.getByRole('spinbutton', { name: 'add' });
  const unit = screen.getByRole('combobox', { name: 'Unit' });
  return { ...view, amount, unit, due: () => screen.getByRole('status', { name: 'Due' }).textContent };
}

describe('the calendar preview', () => {
  it('starts now, in the calendar’s zone', () => {
    setup();
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-11-26T14:00');
    expect(screen.getByText(/Times are in the calendar’s zone, Europe\/Berlin/)).toBeTruthy();
  });

  it('gives the due instant of business time added on the calendar', () => {
    const { amount, unit, due } = setup();
    // Default: 2 business days -> the same time on Monday (Saturday and Sunday are closed).
    expect(due()).toBe('Mon 30 Nov 2026, 14:00 (Europe/Berlin)');
    fireEvent.change(unit, { target: { value: 'hours' } });
    fireEvent.change(amount, { target: { value: '4' } });
    // Exactly at closing is closing, not the next opening.
    expect(due()).toBe('Thu 26 Nov 2026, 18:00 (Europe/Berlin)');
    fireEvent.change(amount, { target: { value: '5' } });
    expect(due()).toBe('Fri 27 Nov 2026, 10:00 (Europe/Berlin)');
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-28T08:00' } });
    expect(due()).toBe('Mon 30 Nov 2026, 14:00 (Europe/Berlin)');
  });

  it('skips a holiday, and the strip shows it', () => {
    const { amount, due, rerender } = setup();
    fireEvent.change(amount, { target: { value: '1' } });
    expect(due()).toBe('Fri 27 Nov 2026, 14:00 (Europe/Berlin)');
    const withHoliday = BusinessCalendarSchema.parse({
      ...OFFICE,
      holidays: [...OFFICE.holidays, { date: '2026-11-27', name: 'Team day' }],
    });
    rerender(<CalendarPreview calendar={withHoliday} initialFrom={THURSDAY_2PM} now={() => THURSDAY_2PM} />);
    expect(due()).toBe('Mon 30 Nov 2026, 14:00 (Europe/Berlin)');
    const strip = screen.getByRole('list', { name: 'Working days from Thu 26 Nov to Wed 9 Dec' });
    const days = within(strip).getAllByRole('listitem');
    expect(days).toHaveLength(14);
    expect(days.slice(0, 5).map((d) => d.getAttribute('aria-label'))).toEqual([
      'Thu 26 Nov: working 09:00–18:00',
      'Fri 27 Nov: holiday Team day, closed',
      'Sat 28 Nov: closed',
      'Sun 29 Nov: closed',
      'Mon 30 Nov: working 09:00–18:00, due',
    ]);
  });

  it('shows a shortened holiday with its special hours', () => {
    setup();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-12-21T09:00' } });
    expect(screen.getByRole('listitem', { name: 'Thu 24 Dec: holiday Christmas Eve, special hours 09:00–13:00' })).toBeTruthy();
  });

  it('says why it cannot compute instead of guessing', () => {
    const { amount, due } = setup();
    fireEvent.change(amount, { target: { value: '1.5' } });
    expect(due()).toBe('The amount business days must be a whole number.');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(amount, { target: { value: '' } });
    expect(due()).toBe('Enter an amount.');
    cleanup();
    setup(null);
    expect(screen.getByText(/The preview needs a calendar that passes the checks/)).toBeTruthy();
  });
});

describe('wall-clock time in a zone', () => {
  it('maps a local time to its instant, with the schema’s DST rules', () => {
    expect(instantAt('Europe/Berlin', '2026-11-26T14:00')?.toISOString()).toBe('2026-11-26T13:00:00.000Z');
    // 02:30 does not exist on 29 March 2026 in Berlin: the moment of the change.
    expect(instantAt('Europe/Berlin', '2026-03-29T02:30')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(instantAt('Europe/Berlin', 'yesterday')).toBeNull();
    expect(instantAt('Mars/Olympus', '2026-11-26T14:00')).toBeNull();
  });
});
