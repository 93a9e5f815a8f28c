import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { apiProblems, definitionOf, draftOf, validateDraft, type CalendarDraft } from './draft.ts';
import { HolidaysEditor } from './HolidaysEditor.tsx';

afterEach(cleanup);

const START = draftOf('Office', {
  timeZone: 'Europe/Berlin',
  weekly: { mon: [{ start: '09:00', end: '18:00' }] },
  holidays: [{ date: '2026-12-25', name: 'Christmas Day' }],
});

function setup() {
  let current: CalendarDraft = START;
  function Harness() {
    const [draft, setDraft] = useState(START);
    current = draft;
    return (
      <HolidaysEditor
        holidays={draft.holidays}
        problems={validateDraft('office', draft).problems}
        readOnly={false}
        check={(holidays) => validateDraft('office', { ...draft, holidays }).problems}
        onChange={(holidays) => setDraft({ ...draft, holidays })}
      />
    );
  }
  render(<Harness />);
  return () => definitionOf(current).holidays ?? [];
}

const add = (date: string, name: string) => {
  fireEvent.change(screen.getByLabelText('New holiday date'), { target: { value: date } });
  fireEvent.change(screen.getByLabelText('New holiday name'), { target: { value: name } });
  fireEvent.click(screen.getByRole('button', { name: 'Add holiday' }));
};

describe('the holidays editor', () => {
  it('adds holidays in date order and removes them', () => {
    const holidays = setup();
    add('2026-12-24', 'Christmas Eve');
    expect(holidays()).toEqual([
      { date: '2026-12-24', name: 'Christmas Eve' },
      { date: '2026-12-25', name: 'Christmas Day' },
    ]);
    expect((screen.getByLabelText('New holiday name') as HTMLInputElement).value).toBe('');
    fireEvent.click(within(screen.getByRole('listitem', { name: 'Christmas Eve, 2026-12-24' })).getByLabelText('Special hours'));
    expect(holidays()[0]).toEqual({ date: '2026-12-24', name: 'Christmas Eve', intervals: [{ start: '09:00', end: '13:00' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Remove holiday Christmas Day (2026-12-25)' }));
    expect(holidays().map((h) => h.date)).toEqual(['2026-12-24']);
  });

  it('refuses a date listed twice or a missing name in place, with the schema’s message, and adds nothing', () => {
    const holidays = setup();
    add('2026-12-25', 'Again');
    expect(within(screen.getByRole('form', { name: 'Add a holiday' })).getByText('holiday 2026-12-25 is listed twice')).toBeTruthy();
    add('2026-12-31', ' ');
    expect(within(screen.getByRole('form', { name: 'Add a holiday' })).getByText('holiday name is required')).toBeTruthy();
    expect(holidays()).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }]);
  });
});

describe('a refused save', () => {
  it('puts each of the API’s field messages at its field and keeps the rest general', () => {
    const found = apiProblems(
      new Error(
        'Calendar definition rejected: weekly.mon[0].end: end must be a time "HH:mm" from 00:01 to 24:00; holidays[2].date: holiday 2026-12-25 is listed twice; id: bad id.',
      ),
    );
    expect([...found.fields]).toEqual([
      ['weekly.mon.0.end', ['end must be a time "HH:mm" from 00:01 to 24:00']],
      ['holidays.2.date', ['holiday 2026-12-25 is listed twice']],
    ]);
    expect(found.general).toBe('id: bad id');
  });
});
