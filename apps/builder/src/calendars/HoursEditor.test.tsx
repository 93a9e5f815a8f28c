import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { WorkingIntervalSchema } from '@trackway/schema';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { definitionOf, draftOf, validateDraft, type CalendarDraft, type WeeklyRows } from './draft.ts';
import { HoursEditor } from './HoursEditor.tsx';

afterEach(cleanup);

const START: CalendarDraft = draftOf('Office', {
  timeZone: 'Europe/Berlin',
  weekly: { mon: [{ start: '09:00', end: '12:00' }], tue: [{ start: '09:00', end: '17:00' }] },
});

/** The editor as the page holds it: the draft in state, problems from BusinessCalendarSchema. */
function setup(initial: CalendarDraft = START, readOnly = false) {
  const changes = vi.fn<(weekly: ReturnType<typeof definitionOf>['weekly']) => void>();
  function Harness() {
    const [draft, setDraft] = useState(initial);
    return (
      <HoursEditor
        weekly={draft.weekly}
        problems={validateDraft('office', draft).problems}
        readOnly={readOnly}
        onChange={(weekly: WeeklyRows) => {
          const next = { ...draft, weekly };
          changes(definitionOf(next).weekly);
          setDraft(next);
        }}
      />
    );
  }
  render(<Harness />);
  return changes;
}

const day = (name: string) => screen.getByRole('group', { name });

describe('the working hours editor', () => {
  it('shows each weekday with its intervals, and days without any as closed', () => {
    setup();
    expect((within(day('Monday')).getByLabelText('Monday hours from') as HTMLInputElement).value).toBe('09:00');
    expect((within(day('Monday')).getByLabelText('Monday hours until') as HTMLInputElement).value).toBe('12:00');
    expect(within(day('Wednesday')).getByText('Closed')).toBeTruthy();
    expect(within(day('Sunday')).queryByRole('textbox')).toBeNull();
  });

  it('adds an interval after the last one and moves focus into it', () => {
    const changes = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Add hours to Monday' }));
    expect(changes).toHaveBeenLastCalledWith(
      expect.objectContaining({
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '14:00' },
        ],
      }),
    );
    const added = within(day('Monday')).getByLabelText('Monday hours 2 from');
    expect(document.activeElement).toBe(added);
    fireEvent.change(within(day('Monday')).getByLabelText('Monday hours 2 until'), { target: { value: '18:00' } });
    expect(changes).toHaveBeenLastCalledWith(
      expect.objectContaining({
        mon: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '18:00' },
        ],
      }),
    );
    // An empty day starts with a whole working day.
    fireEvent.click(screen.getByRole('button', { name: 'Add hours to Saturday' }));
    expect(changes).toHaveBeenLastCalledWith(expect.objectContaining({ sat: [{ start: '09:00', end: '17:00' }] }));
  });

  it('removes an interval and gives focus to the day’s Add button', () => {
    const changes = setup();
    fireEvent.click(screen.getByRole('button', { name: 'Remove Tuesday hours 09:00–17:00' }));
    expect(changes).toHaveBeenLastCalledWith(expect.objectContaining({ tue: [], mon: [{ start: '09:00', end: '12:00' }] }));
    expect(within(day('Tuesday')).getByText('Closed')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Add hours to Tuesday' }));
  });

  it('shows the schema’s message beside an invalid interval and marks its times', () => {
    setup();
    const until = within(day('Monday')).getByLabelText('Monday hours until');
    fireEvent.change(until, { target: { value: '08:00' } });
    const expected = WorkingIntervalSchema.safeParse({ start: '09:00', end: '08:00' }).error?.issues[0]?.message;
    expect(expected).toBe('interval 09:00-08:00 must end after it starts');
    expect(within(day('Monday')).getByText(expected!)).toBeTruthy();
    expect(until.getAttribute('aria-invalid')).toBe('true');
    expect(within(day('Monday')).getByLabelText('Monday hours from').getAttribute('aria-invalid')).toBe('true');
    // The message is the inputs' description, and no other day is marked.
    expect(document.getElementById(until.getAttribute('aria-describedby')!)?.textContent).toBe(expected);
    expect(within(day('Tuesday')).getByLabelText('Tuesday hours until').getAttribute('aria-invalid')).toBe('false');

    fireEvent.change(until, { target: { value: '12:00' } });
    expect(within(day('Monday')).queryByText(expected!)).toBeNull();
    expect(until.getAttribute('aria-invalid')).toBe('false');
  });

  it('names a malformed time and an overlap the way the schema does', () => {
    setup();
    fireEvent.change(within(day('Tuesday')).getByLabelText('Tuesday hours from'), { target: { value: '9:00' } });
    expect(within(day('Tuesday')).getByText('start must be a time "HH:mm" from 00:00 to 23:59')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add hours to Monday' }));
    fireEvent.change(within(day('Monday')).getByLabelText('Monday hours 2 from'), { target: { value: '11:00' } });
    expect(
      within(day('Monday')).getByText('interval 11:00-14:00 overlaps 09:00-12:00: list intervals sorted and without overlap'),
    ).toBeTruthy();
  });

  it('says when no weekday has working hours left', () => {
    setup(draftOf('Office', { timeZone: 'Europe/Berlin', weekly: { mon: [{ start: '09:00', end: '12:00' }] } }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove Monday hours 09:00–12:00' }));
    expect(screen.getByText(/a business calendar needs working hours on at least one weekday/)).toBeTruthy();
  });

  it('offers no editing controls to someone who may only read', () => {
    setup(START, true);
    expect(screen.queryByRole('button')).toBeNull();
    expect(within(day('Monday')).getByLabelText('Monday hours from').hasAttribute('readonly')).toBe(true);
  });
});
