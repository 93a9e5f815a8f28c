import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntryList, type AuditEntry } from './EntryList.tsx';
import { exportUrl, localToIso } from './export-link.ts';
import { FilterForm } from './FilterForm.tsx';
import { TimelineList, type TimelineItem } from './RunTimeline.tsx';

afterEach(cleanup);

const base = {
  actor: 'u1',
  actorLabel: 'owner@example.test',
  subjectType: 'flow',
  flowId: null,
  flowVersionId: null,
  requestId: null,
  payloadDigest: 'd',
  dedupeKey: null,
  prevHash: 'p',
  hash: 'h',
  occurredAt: '2026-03-02T10:00:00.000Z',
  createdAt: '2026-03-02T10:00:00.000Z',
};
const entries = [
  { ...base, seq: 2, action: 'run.start', subjectType: 'run', subjectId: 'r1', runId: 'r1', payload: { businessKey: 'INV-1' } },
  { ...base, seq: 1, action: 'flow.create', subjectId: 'f1', runId: null, payload: { redacted: true } },
] as unknown as AuditEntry[];

describe('audit entries', () => {
  it('lists who did what, links runs to their timeline, and says when retention redacted a payload', () => {
    render(<EntryList entries={entries} />);
    const rows = within(screen.getByRole('table', { name: 'Audit entries' }))
      .getAllByRole('row')
      .slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell')[3]?.textContent)).toEqual(['run.start', 'flow.create']);
    expect(within(rows[0]!).getByRole('link', { name: 'Run timeline' }).getAttribute('href')).toBe('/audit?run=r1');
    expect(within(rows[0]!).getByText('Payload')).toBeTruthy();
    expect(within(rows[1]!).getByText('Payload redacted by retention')).toBeTruthy();
    expect(rows[0]!.textContent).toContain('owner@example.test');
  });

  it('applies only the filters filled in, with times as ISO instants', () => {
    const onApply = vi.fn();
    render(<FilterForm initial={{}} flows={[{ id: 'f1', name: 'Orders' }]} onApply={onApply} />);
    fireEvent.change(screen.getByLabelText('Action'), { target: { value: ' flow.* ' } });
    fireEvent.change(screen.getByLabelText('Flow'), { target: { value: 'f1' } });
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-03-01T08:30' } });
    fireEvent.change(screen.getByLabelText('Request id'), { target: { value: ' 3f0c8a4e-0000-4000-8000-000000000001 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(onApply).toHaveBeenCalledWith({
      action: 'flow.*',
      flowId: 'f1',
      requestId: '3f0c8a4e-0000-4000-8000-000000000001',
      from: new Date('2026-03-01T08:30').toISOString(),
    });
  });

  it('builds export links with the same filters', () => {
    expect(exportUrl('csv', { action: 'run.*', actor: ' ', from: '2026-03-01T00:00:00.000Z' })).toBe(
      '/api/audit/export?format=csv&action=run.*&from=2026-03-01T00%3A00%3A00.000Z',
    );
    expect(localToIso('')).toBeUndefined();
    expect(localToIso('not a date')).toBeUndefined();
  });
});

describe('run timeline', () => {
  it('shows audit entries and Temporal events in the order given, each marked by source', () => {
    const items = [
      { ...entries[0], source: 'audit', at: '2026-03-02T10:00:00.000Z' },
      {
        source: 'temporal',
        at: '2026-03-02T10:00:00.100Z',
        eventId: 1,
        kind: 'workflow.started',
        summary: 'Workflow interpreterWorkflow started',
        detail: {},
      },
      {
        source: 'temporal',
        at: '2026-03-02T10:00:01.100Z',
        eventId: 5,
        kind: 'timer.started',
        summary: 'Timer 1 started for 1 s',
        detail: {},
      },
    ] as unknown as TimelineItem[];
    render(<TimelineList items={items} />);
    const listed = within(screen.getByRole('list', { name: 'Run timeline' })).getAllByRole('listitem');
    expect(listed.map((li) => li.textContent)).toEqual([
      expect.stringContaining('run.start'),
      expect.stringContaining('Temporal #1Workflow interpreterWorkflow started'),
      expect.stringContaining('Timer 1 started for 1 s'),
    ]);
  });
});
