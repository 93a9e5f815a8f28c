import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { defineNode } from '@trackway/nodes';
import { AssigneeSchema, BusinessDurationFieldSchema, CalendarKeySchema, DateOffsetFieldSchema } from '@trackway/schema';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { configJsonSchema, defaultValue } from '../../lib/json-schema.ts';
import { SchemaForm, type CodeFieldRenderProps, type SchemaFormProps } from '../SchemaForm.tsx';
import { noSources, WidgetSourcesProvider, type WidgetSources } from './sources.tsx';

afterEach(cleanup);

/** Test-only node type using every shared field shape, the way the service nodes will. */
const taskNode = defineNode({
  type: 'test-task',
  version: 1,
  palette: { title: 'Test task', category: 'People', icon: 'user', description: 'Only for these tests.' },
  config: z.object({
    due: BusinessDurationFieldSchema,
    remind: DateOffsetFieldSchema.optional(),
    assignee: AssigneeSchema,
    calendar: CalendarKeySchema.optional(),
  }),
  outputs: [{ name: 'next', required: true }],
  expressions: (c) => (c.assignee.kind === 'expression' ? [{ path: 'assignee.expression', source: c.assignee.expression }] : []),
});
const schema = configJsonSchema(taskNode);

const people = [
  { id: 'u1', email: 'dana@example.test', displayName: 'Dana Reyes', roles: ['staff'] },
  { id: 'u2', email: 'sam@example.test', displayName: 'Sam Lee', roles: ['manager'] },
];
const directory: WidgetSources = {
  useUsers: (search) => ({
    status: 'ready',
    items: people.filter((p) => `${p.displayName} ${p.email}`.toLowerCase().includes(search.toLowerCase())),
  }),
  useGroups: () => ({
    status: 'ready',
    items: [
      { key: 'billing', name: 'Billing', memberCount: 1 },
      { key: 'support', name: 'Support', memberCount: 2 },
    ],
  }),
  useCalendars: () => ({
    status: 'ready',
    items: [
      { key: 'standard', name: 'Standard', timeZone: 'Europe/Berlin' },
      { key: 'uk', name: 'uk', timeZone: null },
    ],
  }),
};

const renderCode = (p: CodeFieldRenderProps) => (
  <textarea aria-label={p.ariaLabel} data-mode={p.mode} data-path={p.path} value={p.value} onChange={(e) => p.onChange(e.target.value)} />
);

const START = { due: { amount: 3, unit: 'days' }, assignee: { kind: 'user', email: '' } };

/** The form as the inspector holds it: the value lives in state, every change is also recorded. */
function setup(initial: Record<string, unknown> = START, sources: WidgetSources = directory, errors: Record<string, string[]> = {}) {
  const onChange = vi.fn<SchemaFormProps['onChange']>();
  function Harness() {
    const [value, setValue] = useState(initial);
    return (
      <WidgetSourcesProvider sources={sources}>
        <SchemaForm
          schema={schema}
          value={value}
          onChange={(next, path) => {
            onChange(next, path);
            setValue(next);
          }}
          errors={new Map(Object.entries(errors))}
          kinds={new Map()}
          idPrefix="t"
          renderCode={renderCode}
        />
      </WidgetSourcesProvider>
    );
  }
  render(<Harness />);
  return onChange;
}

describe('business duration widget', () => {
  it('reads like "3 business days" and edits amount and unit as one value', () => {
    const onChange = setup();
    const group = screen.getByRole('group', { name: 'Due' });
    const amount = within(group).getByLabelText('Due amount') as HTMLInputElement;
    const unit = within(group).getByLabelText('Due unit') as HTMLSelectElement;
    expect(amount.value).toBe('3');
    expect(unit.selectedOptions[0]?.textContent).toBe('business days');
    expect([...unit.options].map((o) => o.value)).toEqual(['minutes', 'hours', 'days']);
    fireEvent.change(amount, { target: { value: '1' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, due: { amount: 1, unit: 'days' } }, 'due.amount');
    expect(unit.selectedOptions[0]?.textContent).toBe('business day');
    fireEvent.change(unit, { target: { value: 'hours' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, due: { amount: 1, unit: 'hours' } }, 'due.unit');
  });

  it('shows the validator’s messages for its parts under it, not at the top of the form', () => {
    setup(START, directory, { 'due.amount': ['business days must be a whole number'], 'assignee.email': ['enter an e-mail address'] });
    expect(screen.getByLabelText('Due amount').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Due unit').getAttribute('aria-invalid')).toBe('false');
    expect(screen.getByText('business days must be a whole number').closest('[data-widget="duration"]')).not.toBeNull();
    // A union's parts too, though the generic form knows nothing of them.
    expect(screen.getByRole('combobox', { name: 'Person' }).getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('enter an e-mail address').closest('[data-widget="assignee"]')).not.toBeNull();
    expect(screen.queryByRole('list', { name: 'Problems with this node' })).toBeNull();
  });
});

describe('date offset widget', () => {
  it('starts an unset optional offset as a whole value and can clear it again', () => {
    const onChange = setup();
    const group = screen.getByRole('group', { name: 'Remind' });
    expect(within(group).queryByRole('button', { name: 'Clear Remind' })).toBeNull();
    const direction = within(group).getByLabelText('Remind direction') as HTMLSelectElement;
    expect([...direction.options].map((o) => o.textContent)).toEqual(['Before or after…', 'before', 'after']);
    fireEvent.change(within(group).getByLabelText('Remind amount'), { target: { value: '7' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, remind: { amount: 7, unit: 'minutes', direction: 'before' } }, 'remind.amount');
    fireEvent.change(within(group).getByLabelText('Remind unit'), { target: { value: 'days' } });
    fireEvent.change(direction, { target: { value: 'after' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, remind: { amount: 7, unit: 'days', direction: 'after' } }, 'remind.direction');
    fireEvent.click(within(group).getByRole('button', { name: 'Clear Remind' }));
    expect(onChange).toHaveBeenLastCalledWith(START, 'remind');
  });
});

describe('assignee widget', () => {
  it('searches the directory as you type and picks a person with the keyboard', async () => {
    vi.useFakeTimers();
    try {
      const onChange = setup();
      const input = screen.getByRole('combobox', { name: 'Person' });
      fireEvent.focus(input);
      fireEvent.change(input, { target: { value: 'sam' } });
      await act(() => vi.advanceTimersByTimeAsync(250));
      const list = screen.getByRole('listbox', { name: 'People' });
      expect(
        within(list)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['Sam Lee sam@example.test']);
      fireEvent.keyDown(input, { key: 'ArrowDown' });
      expect(input.getAttribute('aria-activedescendant')).toBe(within(list).getByRole('option').id);
      fireEvent.keyDown(input, { key: 'Enter' });
      expect(onChange).toHaveBeenLastCalledWith({ ...START, assignee: { kind: 'user', email: 'sam@example.test' } }, 'assignee.email');
      await act(() => vi.advanceTimersByTimeAsync(250));
      expect(input.getAttribute('aria-expanded')).toBe('false');
      expect(screen.getByText('Sam Lee', { selector: 'small' })).toBeTruthy();
    } finally {
      vi.useRealTimers();
    }
  });

  it('points out an address nobody in the directory has', async () => {
    setup({ ...START, assignee: { kind: 'user', email: 'ghost@example.test' } });
    expect(await screen.findByText('No one with this e-mail address is in the directory.')).toBeTruthy();
  });

  it('switches between person, group, role and expression, restoring what each had', () => {
    const onChange = setup({ ...START, assignee: { kind: 'user', email: 'dana@example.test' } });
    const kind = screen.getByLabelText('Assign to') as HTMLSelectElement;
    expect([...kind.options].map((o) => o.textContent)).toEqual(['Person', 'Group', 'Role', 'Expression']);

    fireEvent.change(kind, { target: { value: 'group' } });
    const group = screen.getByLabelText('Group') as HTMLSelectElement;
    expect([...group.options].map((o) => o.textContent)).toEqual(['Choose a group…', 'Billing (1 member)', 'Support (2 members)']);
    fireEvent.change(group, { target: { value: 'support' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, assignee: { kind: 'group', group: 'support' } }, 'assignee.group');

    fireEvent.change(kind, { target: { value: 'role' } });
    const role = screen.getByLabelText('Role') as HTMLSelectElement;
    expect(role.selectedOptions[0]?.textContent).toBe('Admin');
    fireEvent.change(role, { target: { value: 'process_owner' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, assignee: { kind: 'role', role: 'process_owner' } }, 'assignee.role');
    expect(role.selectedOptions[0]?.textContent).toBe('Process owner');

    fireEvent.change(kind, { target: { value: 'expression' } });
    const editor = screen.getByLabelText('Assignee expression');
    expect(editor.dataset).toMatchObject({ mode: 'expression', path: 'assignee.expression' });
    fireEvent.change(editor, { target: { value: 'input.ownerEmail' } });
    expect(onChange).toHaveBeenLastCalledWith(
      { ...START, assignee: { kind: 'expression', expression: 'input.ownerEmail' } },
      'assignee.expression',
    );

    fireEvent.change(kind, { target: { value: 'user' } });
    expect((screen.getByRole('combobox', { name: 'Person' }) as HTMLInputElement).value).toBe('dana@example.test');
    fireEvent.change(kind, { target: { value: 'group' } });
    expect((screen.getByLabelText('Group') as HTMLSelectElement).value).toBe('support');
  });

  it('keeps a stored group that no longer exists visible, and marks it', () => {
    setup({ ...START, assignee: { kind: 'group', group: 'night-shift' } });
    const group = screen.getByLabelText('Group') as HTMLSelectElement;
    expect(group.value).toBe('night-shift');
    expect(group.selectedOptions[0]?.textContent).toBe('night-shift (no such group)');
  });

  it('falls back to typing when there is no directory to ask', () => {
    const onChange = setup({ ...START, assignee: { kind: 'group', group: '' } }, noSources);
    fireEvent.change(screen.getByLabelText('Group'), { target: { value: 'support' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, assignee: { kind: 'group', group: 'support' } }, 'assignee.group');
    fireEvent.change(screen.getByLabelText('Assign to'), { target: { value: 'user' } });
    // A plain e-mail field: no list to pop up.
    expect(screen.queryByRole('combobox', { name: 'Person' })).toBeNull();
    expect(screen.getByLabelText('Person').getAttribute('placeholder')).toBe('name@example.com');
  });

  it('says when the directory cannot be reached and still takes a typed address', () => {
    const failing: WidgetSources = {
      ...directory,
      useUsers: () => ({ status: 'error', items: [], message: 'This needs one of the roles: admin' }),
    };
    const onChange = setup(START, failing);
    expect(screen.getByText(/The directory could not be searched \(This needs one of the roles: admin\)/)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Person'), { target: { value: 'x@example.test' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, assignee: { kind: 'user', email: 'x@example.test' } }, 'assignee.email');
  });
});

describe('calendar widget', () => {
  it('offers the stored calendars with their time zones and clears an optional choice to the default', () => {
    const onChange = setup();
    const calendar = screen.getByLabelText('Calendar (optional)') as HTMLSelectElement;
    expect([...calendar.options].map((o) => o.textContent)).toEqual(['Choose a calendar…', 'Standard (standard) · Europe/Berlin', 'uk']);
    fireEvent.change(calendar, { target: { value: 'standard' } });
    expect(onChange).toHaveBeenLastCalledWith({ ...START, calendar: 'standard' }, 'calendar');
    fireEvent.change(calendar, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(START, 'calendar');
  });

  it('without a calendars list, takes a typed key checked by the same rule', () => {
    setup({ ...START, calendar: 'Bad Key' }, noSources, { calendar: ['calendar keys are lower-case letters, digits and dashes'] });
    const input = screen.getByLabelText('Calendar (optional)') as HTMLInputElement;
    expect(input.tagName).toBe('INPUT');
    expect(input.pattern).toBe('^[a-z0-9][a-z0-9-]*$');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('calendar keys are lower-case letters, digits and dashes')).toBeTruthy();
  });
});

describe('starting values', () => {
  it('a new node’s shared fields start whole: a duration, and an assignee as a person', () => {
    expect(defaultValue(schema)).toEqual({ due: { amount: 1, unit: 'minutes' }, assignee: { kind: 'user', email: '' } });
  });
});
