import { describe, expect, it } from 'vitest';
import { parseRunInput } from './TestRunDialog.tsx';

const fields = [
  { name: 'amount', type: 'number' as const, required: true },
  { name: 'due', type: 'date' as const, required: false },
  { name: 'vip', type: 'boolean' as const, required: false },
  { name: 'tags', type: 'array' as const, required: false },
];

describe('test-run input form', () => {
  it('types what was typed and checks it with the shared validateRunInput', () => {
    expect(parseRunInput(fields, { amount: '250', due: '2026-11-23', vip: true, tags: '["a"]' })).toEqual({
      input: { amount: 250, due: '2026-11-23', vip: true, tags: ['a'] },
      problems: new Map(),
    });
    const bad = parseRunInput(fields, { amount: '', due: 'tomorrow', tags: '[oops' });
    expect(Object.fromEntries(bad.problems)).toEqual({
      amount: 'is required',
      due: expect.stringContaining('must be an ISO date'),
      tags: 'must be JSON ([ … ])',
    });
  });
});
