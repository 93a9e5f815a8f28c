import type { InputField } from '@trackway/schema';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseTaskForm, TaskForm, type TaskFormProps } from './TaskForm.tsx';

afterEach(cleanup);

const fields: InputField[] = [
  { name: 'amount', type: 'number', required: true, label: 'Refund amount' },
  { name: 'reason', type: 'string', required: false },
  { name: 'goodwill', type: 'boolean', required: false },
  { name: 'paidOn', type: 'date', required: false },
  { name: 'lines', type: 'array', required: false },
];

function setup(props: Partial<TaskFormProps> = {}) {
  const onComplete = vi.fn<TaskFormProps['onComplete']>();
  render(
    <TaskForm fields={fields} outcomes={['approved', 'rejected']} enabled busy={false} error={null} onComplete={onComplete} {...props} />,
  );
  return { onComplete };
}

describe('parseTaskForm', () => {
  it('types what was typed and applies the workflow validator rules', () => {
    expect(parseTaskForm(fields, { amount: ' 12,50 ', reason: 'late', goodwill: true, paidOn: '2026-03-01', lines: '[1,2]' })).toEqual({
      data: { amount: 12.5, reason: 'late', goodwill: true, paidOn: '2026-03-01', lines: [1, 2] },
      problems: new Map(),
    });
    const bad = parseTaskForm(fields, { amount: '', paidOn: 'yesterday', lines: '[oops' });
    expect(Object.fromEntries(bad.problems)).toEqual({
      amount: 'is required',
      paidOn: 'must be an ISO date such as 2026-11-23 or 2026-11-23T09:00:00Z',
      lines: 'must be JSON ([ … ])',
    });
    expect(parseTaskForm(fields, { amount: 'ten' }).problems.get('amount')).toBe('must be a number');
  });
});

describe('<TaskForm>', () => {
  it('renders a labelled control per field, marks optional ones and offers one button per outcome', () => {
    setup();
    expect(screen.getByLabelText('Refund amount')).toBeTruthy();
    expect(screen.getByLabelText('Reason (optional)')).toBeTruthy();
    expect((screen.getByLabelText('Goodwill (optional)') as HTMLInputElement).type).toBe('checkbox');
    expect((screen.getByLabelText('Paid on (optional)') as HTMLInputElement).type).toBe('date');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Approved', 'Rejected']);
  });

  it('shows field errors, does not submit, and focuses the first bad field', () => {
    const { onComplete } = setup();
    fireEvent.change(screen.getByLabelText('Lines (optional)'), { target: { value: '{' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approved' }));
    expect(onComplete).not.toHaveBeenCalled();
    const amount = screen.getByLabelText('Refund amount');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(amount.getAttribute('aria-describedby') as string)?.textContent).toBe('Refund amount is required');
    expect(screen.getByText('Lines must be JSON ([ … ])')).toBeTruthy();
    expect(document.activeElement).toBe(amount);
  });

  it('submits typed data with the chosen outcome', () => {
    const { onComplete } = setup();
    fireEvent.change(screen.getByLabelText('Refund amount'), { target: { value: '250' } });
    fireEvent.click(screen.getByLabelText('Goodwill (optional)'));
    fireEvent.click(screen.getByRole('button', { name: 'Rejected' }));
    expect(onComplete).toHaveBeenCalledWith('rejected', { amount: 250, goodwill: true });
  });

  it('is read-only when the task cannot be completed, and shows the server refusal', () => {
    setup({ enabled: false, error: 'Form rejected: amount must be a number.' });
    expect((screen.getByLabelText('Refund amount') as HTMLInputElement).disabled).toBe(true);
    expect(screen.getAllByRole('button').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('Form rejected: amount must be a number.');
  });
});

describe('<TaskForm> messages', () => {
  it('drops a field message once the field is edited', () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Approved' }));
    expect(screen.getByText('Refund amount is required')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Refund amount'), { target: { value: '1' } });
    expect(screen.queryByText('Refund amount is required')).toBeNull();
    expect(screen.getByLabelText('Refund amount').getAttribute('aria-invalid')).toBeNull();
  });
});
