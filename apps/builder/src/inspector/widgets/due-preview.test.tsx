import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { defineNode } from '@trackway/nodes';
import { BusinessCalendarSchema, BusinessDurationFieldSchema, CalendarKeySchema, DateOffsetFieldSchema } from '@trackway/schema';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configJsonSchema } from '../../lib/json-schema.ts';
import { SchemaForm, type CodeFieldRenderProps } from '../SchemaForm.tsx';
import { DuePreviewProvider, nodeCalendarKey, type CalendarLoad, type DuePreviewSource } from './due-preview.tsx';

afterEach(cleanup);

const timedNode = defineNode({
  type: 'test-timed',
  version: 1,
  palette: { title: 'Timed', category: 'Time', icon: 'clock', description: 'Only for these tests.' },
  config: z.object({
    due: BusinessDurationFieldSchema,
    remind: DateOffsetFieldSchema.optional(),
    calendar: CalendarKeySchema.default('standard'),
  }),
  outputs: [{ name: 'next', required: true }],
});
const schema = configJsonSchema(timedNode);

const day = [{ start: '09:00', end: '18:00' }];
const BERLIN = BusinessCalendarSchema.parse({
  id: 'standard',
  name: 'Standard',
  timeZone: 'Europe/Berlin',
  weekly: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: [{ date: '2026-11-27', name: 'Team day' }],
});
/** Thursday 26 November 2026, 14:00 in Berlin. */
const NOW = new Date('2026-11-26T13:00:00Z');

const stored: Record<string, CalendarLoad> = {
  standard: { status: 'ready', calendar: BERLIN },
  slow: { status: 'loading' },
  broken: { status: 'error', message: 'The server cannot be reached.' },
};
const useCalendar = (key: string): CalendarLoad => stored[key] ?? { status: 'missing' };
const renderCode = (p: CodeFieldRenderProps) => <textarea aria-label={p.ariaLabel} value={p.value} onChange={() => undefined} />;

/** The form as the inspector holds it, with the node's calendar from its config. */
function setup(initial: Record<string, unknown>) {
  function Harness() {
    const [value, setValue] = useState(initial);
    const source: DuePreviewSource = { calendarKey: nodeCalendarKey(schema, value), useCalendar, now: () => NOW };
    return (
      <DuePreviewProvider source={source}>
        <SchemaForm
          schema={schema}
          value={value}
          onChange={(next) => setValue(next as Record<string, unknown>)}
          errors={new Map()}
          kinds={new Map()}
          idPrefix="t"
          renderCode={renderCode}
        />
      </DuePreviewProvider>
    );
  }
  render(<Harness />);
}

const previewOf = (field: string) =>
  screen
    .getByRole('group', { name: field })
    .closest('[data-widget]')!
    .querySelector('[data-testid="due-preview"]')
    ?.textContent?.replace('→ ', '');

describe('the duration preview in the inspector', () => {
  it('says when the duration would end if started now, on the node’s calendar, skipping its holiday', () => {
    setup({ due: { amount: 2, unit: 'hours' } });
    // No calendar set: the field's default ("standard") is used.
    expect(previewOf('Due')).toBe('if started now: Thu 26 Nov, 16:00 (Europe/Berlin)');
    const due = within(screen.getByRole('group', { name: 'Due' }));
    fireEvent.change(due.getByLabelText('Due unit'), { target: { value: 'days' } });
    // Friday is the holiday: 2 business days from Thursday is Tuesday.
    expect(previewOf('Due')).toBe('if started now: Tue 1 Dec, 14:00 (Europe/Berlin)');
    fireEvent.change(due.getByLabelText('Due amount'), { target: { value: '0.5' } });
    // Not a valid value: the validator speaks, the preview stays silent.
    expect(previewOf('Due')).toBeUndefined();
  });

  it('previews a date offset from now, before or after', () => {
    setup({ due: { amount: 1, unit: 'days' }, remind: { amount: 3, unit: 'days', direction: 'before' } });
    expect(previewOf('Remind')).toBe('if the date were now: Mon 23 Nov, 14:00 (Europe/Berlin)');
    fireEvent.change(screen.getByLabelText('Remind direction'), { target: { value: 'after' } });
    expect(previewOf('Remind')).toBe('if the date were now: Wed 2 Dec, 14:00 (Europe/Berlin)');
  });

  it('says briefly when the calendar is unknown or not loaded', () => {
    setup({ due: { amount: 2, unit: 'hours' }, calendar: 'nowhere' });
    expect(previewOf('Due')).toBe('no preview: there is no calendar “nowhere”');
    fireEvent.change(screen.getByLabelText(/^Calendar/), { target: { value: 'slow' } });
    expect(previewOf('Due')).toBe('loading calendar “slow”…');
    fireEvent.change(screen.getByLabelText(/^Calendar/), { target: { value: 'broken' } });
    expect(previewOf('Due')).toBe('no preview: calendar “broken” could not be loaded (The server cannot be reached.)');
    fireEvent.change(screen.getByLabelText(/^Calendar/), { target: { value: 'Not A Key' } });
    expect(previewOf('Due')).toBe('no preview: choose a calendar');
  });
});

describe('nodeCalendarKey', () => {
  it('reads the node’s calendar, else its default; none for a node without one', () => {
    expect(nodeCalendarKey(schema, { calendar: 'receivables' })).toBe('receivables');
    expect(nodeCalendarKey(schema, {})).toBe('standard');
    expect(nodeCalendarKey({ type: 'object', properties: {} }, { calendar: 'x' })).toBeNull();
  });
});
