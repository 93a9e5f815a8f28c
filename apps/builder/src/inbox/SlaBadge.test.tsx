import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SlaBadge } from './SlaBadge.tsx';
import { formatSpan, slaView } from './sla.ts';

const NOW = Date.parse('2026-03-02T10:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();
const MIN = 60_000;

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const badge = () => screen.getByTitle(/./);

describe('slaView', () => {
  it('is green with time left, amber once a warning went out, red when breached or past the target, grey when paused', () => {
    expect(slaView({ target: at(90 * MIN), breached: false, warned: [], paused: false }, null, NOW)).toMatchObject({
      tone: 'ok',
      label: 'SLA 1h 30m left',
    });
    expect(slaView({ target: at(20 * MIN), breached: false, warned: [80], paused: false }, null, NOW)).toMatchObject({
      tone: 'warn',
      label: 'SLA 20m 00s left',
    });
    expect(slaView({ target: at(-5 * MIN), breached: true, warned: [80], paused: false }, null, NOW)).toMatchObject({
      tone: 'breach',
      label: 'SLA breached 5m 00s ago',
    });
    // The node may not have reported the breach yet: past the target is a breach all the same.
    expect(slaView({ target: at(-1000), breached: false, warned: [], paused: false }, null, NOW)).toMatchObject({ tone: 'breach' });
    expect(slaView({ target: at(-MIN), breached: false, warned: [], paused: true, remainingMinutes: 125 }, null, NOW)).toMatchObject({
      tone: 'paused',
      label: 'SLA paused · 2h 05m left',
    });
  });

  it('falls back to the due date: amber within four hours, red when overdue; nothing without either', () => {
    expect(slaView(null, at(3 * 86_400_000 + 2 * 3_600_000), NOW)).toMatchObject({ tone: 'ok', label: 'Due in 3d 2h' });
    expect(slaView(null, at(3 * 3_600_000), NOW)).toMatchObject({ tone: 'warn', label: 'Due in 3h 00m' });
    expect(slaView(null, at(-45_000), NOW)).toMatchObject({ tone: 'breach', label: 'Overdue by 45s' });
    expect(slaView(null, null, NOW)).toBeNull();
    expect(slaView({ target: 'not a date' }, null, NOW)).toBeNull();
    expect(slaView('garbage', undefined, NOW)).toBeNull();
  });

  it('formats spans coarsely far away and by the second close up', () => {
    expect(formatSpan(2 * 86_400_000 + 5 * 3_600_000 + 59 * MIN)).toBe('2d 5h');
    expect(formatSpan(3_600_000 + 5 * MIN)).toBe('1h 05m');
    expect(formatSpan(61_000)).toBe('1m 01s');
    expect(formatSpan(-9_000)).toBe('9s');
  });
});

describe('<SlaBadge>', () => {
  it('counts down live and turns red at the target', () => {
    render(<SlaBadge sla={{ target: at(62_000), breached: false, warned: [80], paused: false }} dueAt={null} />);
    expect(badge().textContent).toContain('SLA 1m 02s left');
    expect(badge().getAttribute('data-tone')).toBe('warn');
    act(() => {
      vi.advanceTimersByTime(3_000);
    });
    expect(badge().textContent).toContain('SLA 59s left');
    act(() => {
      vi.advanceTimersByTime(60_000);
    });
    expect(badge().getAttribute('data-tone')).toBe('breach');
    expect(badge().className).toContain('sla-breach');
    expect(badge().textContent).toContain('SLA breached 1s ago');
  });

  it('tells screen readers the full sentence and renders nothing without a deadline', () => {
    render(<SlaBadge sla={null} dueAt={at(-2 * 3_600_000)} />);
    expect(badge().textContent).toContain('Due 2h 00m ago.');
    cleanup();
    const { container } = render(<SlaBadge sla={null} dueAt={null} />);
    expect(container.textContent).toBe('');
  });
});
