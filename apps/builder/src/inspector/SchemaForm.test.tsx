import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { configJsonSchema } from '../lib/json-schema.ts';
import { registry } from '../lib/registry.ts';
import { newListItem } from '../nodes/defaults.ts';
import { fieldKinds } from '../nodes/field-kinds.ts';
import { SchemaForm, type CodeFieldRenderProps, type SchemaFormProps } from './SchemaForm.tsx';

afterEach(cleanup);

/** Stands in for Monaco: a labelled textarea that says which mode it was opened in. */
const renderCode = (p: CodeFieldRenderProps) => (
  <textarea
    aria-label={p.ariaLabel}
    data-mode={p.mode}
    aria-invalid={p.invalid}
    value={p.value}
    onChange={(e) => p.onChange(e.target.value)}
  />
);

function setup(type: string, value: Record<string, unknown>, errors: Record<string, string[]> = {}) {
  const spec = registry.get(type, 1);
  if (!spec) throw new Error(type);
  const onChange = vi.fn<SchemaFormProps['onChange']>();
  render(
    <SchemaForm
      schema={configJsonSchema(spec)}
      value={value}
      onChange={onChange}
      errors={new Map(Object.entries(errors))}
      kinds={fieldKinds(spec, value)}
      idPrefix="t"
      renderCode={renderCode}
      newItem={(path, existing, generic) => newListItem(spec, path, existing, generic)}
    />,
  );
  return onChange;
}

describe('the inspector form generated from a config schema', () => {
  it('renders numbers and choices, and reports typed values', () => {
    const onChange = setup('delay', { amount: 2, unit: 'days' });
    const amount = screen.getByLabelText('Amount');
    expect(amount).toHaveProperty('type', 'number');
    expect((amount as HTMLInputElement).value).toBe('2');
    fireEvent.change(amount, { target: { value: '5' } });
    expect(onChange).toHaveBeenLastCalledWith({ amount: 5, unit: 'days' }, 'amount');
    const unit = screen.getByLabelText('Unit') as HTMLSelectElement;
    expect([...unit.options].map((o) => o.value)).toEqual(['seconds', 'minutes', 'hours', 'days', 'weeks']);
    fireEvent.change(unit, { target: { value: 'weeks' } });
    expect(onChange).toHaveBeenLastCalledWith({ amount: 2, unit: 'weeks' }, 'unit');
    fireEvent.change(amount, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ unit: 'days' }, 'amount');
  });

  it('opens expression fields in the code editor, with the validator’s message inline', () => {
    const onChange = setup('condition', { expression: '' }, { expression: ['enter an expression'] });
    const editor = screen.getByLabelText('Expression');
    expect(editor.dataset.mode).toBe('expression');
    expect(editor.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('enter an expression')).toBeTruthy();
    fireEvent.change(editor, { target: { value: 'input.amount > 1' } });
    expect(onChange).toHaveBeenLastCalledWith({ expression: 'input.amount > 1' }, 'expression');
  });

  it('opens template fields as templates and optional enums offer a blank', () => {
    setup('notify', { channel: 'email', to: '', subject: 'Hi', body: '' });
    expect(screen.getByLabelText('To').dataset.mode).toBe('template');
    expect(screen.getByLabelText('Subject').dataset.mode).toBe('template');
    expect(screen.getByLabelText('Body').dataset.mode).toBe('template');
    const channel = screen.getByLabelText('Channel (optional)') as HTMLSelectElement;
    expect(channel.value).toBe('email');
  });

  it('edits lists of rows: add, change a field in a row, remove', () => {
    const cases = [{ port: 'vip', label: 'VIP', when: 'input.tier = "gold"' }];
    const onChange = setup('switch', { cases }, { 'cases.0.when': ['bad expression'], cases: ['case ports must be unique'] });
    const row = screen.getByRole('group', { name: 'Case 1' });
    expect(within(row).getByLabelText('Case 1 when').dataset.mode).toBe('expression');
    expect(within(row).getByText('bad expression')).toBeTruthy();
    expect(screen.getByText('case ports must be unique')).toBeTruthy();
    fireEvent.change(within(row).getByLabelText('Case 1 port'), { target: { value: 'gold' } });
    expect(onChange).toHaveBeenLastCalledWith({ cases: [{ ...cases[0], port: 'gold' }] }, 'cases.0.port');
    fireEvent.click(screen.getByRole('button', { name: 'Add case' }));
    expect(onChange).toHaveBeenLastCalledWith({ cases: [...cases, { port: 'case_2', label: 'Case 2', when: '' }] }, 'cases.1');
    // At the minimum (one case) a row cannot be removed.
    expect(screen.getByRole('button', { name: 'Remove case 1' })).toHaveProperty('disabled', true);
  });

  it('shows errors that belong to no field at the top', () => {
    setup('join', {}, { '': ['config: something is off'] });
    expect(screen.getByRole('list', { name: 'Problems with this node' }).textContent).toContain('something is off');
    expect(screen.getByText('This node has nothing to configure.')).toBeTruthy();
  });
});
