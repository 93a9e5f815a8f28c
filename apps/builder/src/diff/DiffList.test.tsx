import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { diffFlows } from '../store/diff.ts';
import { branchFlow } from '../testing/flows.ts';
import { CompareForm } from './CompareForm.tsx';
import { DiffList } from './DiffList.tsx';
import { summarizeDiff } from './summary.ts';
import { twoVersions } from './testing.ts';

afterEach(cleanup);

function renderList(activeId: string | null = null) {
  const { before, after, diff } = twoVersions();
  const onShow = vi.fn<(nodeId: string) => void>();
  const view = render(<DiffList summary={summarizeDiff(diff, before, after)} activeId={activeId} onShow={onShow} />);
  return { onShow, view };
}

describe('the list of changes beside the diff canvas', () => {
  it('lists each changed node with a worded tag and its field changes, before and after', () => {
    renderList();
    const nodes = screen.getByRole('list', { name: 'Changed nodes' });
    const entries = [...nodes.querySelectorAll<HTMLElement>(':scope > li')];
    expect(entries.map((li) => li.querySelector('.diff-entry-head')?.textContent)).toEqual([
      'ChangedBig?Condition',
      'RemovedEnd smallEnd',
      'AddedTellNotify',
      'MovedEndEnd',
    ]);
    const changes = screen.getByRole('list', { name: 'Changes to Big?' });
    expect(within(changes).getByText('config.expression')).toBeTruthy();
    expect(changes.querySelector('del')?.textContent).toBe('"input.amount > 100"');
    expect(changes.querySelector('ins')?.textContent).toBe('"input.amount > 500"');
    expect(within(entries[0]!).getByText('Also moved on the canvas.')).toBeTruthy();
    // A node that only moved has nothing else to list.
    expect(screen.queryByRole('list', { name: 'Changes to End' })).toBeNull();
  });

  it('lists added and removed connections and shows a picked entry on the canvas', () => {
    const { onShow } = renderList();
    const connections = screen.getByRole('list', { name: 'Changed connections' });
    expect(within(connections).getByText('Big? (no) → Tell')).toBeTruthy();
    fireEvent.click(within(connections).getByRole('button', { name: 'Big? (no) → End small' }));
    expect(onShow).toHaveBeenLastCalledWith('check');
    fireEvent.click(screen.getByRole('button', { name: 'Tell' }));
    expect(onShow).toHaveBeenLastCalledWith('tell');
  });

  it('marks the entry of the node picked on the canvas', () => {
    renderList('tell');
    const current = screen.getByRole('button', { name: 'Tell' }).closest('li');
    expect(current?.getAttribute('aria-current')).toBe('true');
    expect(current?.className).toContain('is-active');
  });

  it('lists flow-level changes and says so when there is nothing to show', () => {
    const before = branchFlow();
    const after = branchFlow({ metadata: { name: 'Branch v2' } });
    const { rerender } = render(
      <DiffList summary={summarizeDiff(diffFlows(before, after), before, after)} activeId={null} onShow={() => {}} />,
    );
    const flow = screen.getByRole('list', { name: 'Changes to the flow settings' });
    expect(flow.textContent).toContain('metadata.name');
    expect(flow.textContent).toContain('"Branch v2"');
    rerender(<DiffList summary={summarizeDiff(diffFlows(before, before), before, before)} activeId={null} onShow={() => {}} />);
    expect(screen.getByText('No differences: both are the same flow.')).toBeTruthy();
  });
});

describe('choosing what to compare', () => {
  it('offers the latest version against the draft by default', () => {
    const onCompare = vi.fn();
    render(<CompareForm versions={[3, 2, 1]} onCompare={onCompare} />);
    expect((screen.getByLabelText('From') as HTMLSelectElement).value).toBe('v3');
    expect((screen.getByLabelText('To') as HTMLSelectElement).value).toBe('draft');
    fireEvent.change(screen.getByLabelText('To'), { target: { value: 'v1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show differences' }));
    expect(onCompare).toHaveBeenCalledWith({ kind: 'version', version: 3 }, { kind: 'version', version: 1 });
  });

  it('refuses to compare a version with itself, saying why', () => {
    const onCompare = vi.fn();
    render(<CompareForm versions={[2, 1]} onCompare={onCompare} />);
    fireEvent.change(screen.getByLabelText('From'), { target: { value: 'draft' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show differences' }));
    expect(screen.getByRole('alert').textContent).toContain('Choose two different versions');
    expect(onCompare).not.toHaveBeenCalled();
  });
});
