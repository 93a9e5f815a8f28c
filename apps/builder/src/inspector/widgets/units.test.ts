import { describe, expect, it } from 'vitest';
import { unitLabel } from './units.ts';

describe('business time units', () => {
  it('read after their amount, singular for exactly one', () => {
    expect(unitLabel('days', 1)).toBe('business day');
    expect(unitLabel('days', 3)).toBe('business days');
    expect(unitLabel('hours', 0.5)).toBe('business hours');
    expect(unitLabel('minutes', undefined)).toBe('business minutes');
  });

  it('word a unit they do not know plainly rather than hiding it', () => {
    expect(unitLabel('calendar_weeks', 2)).toBe('calendar weeks');
  });
});
