import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InboxFiltersSchema, InboxInputError, likePattern } from './inbox-query.ts';

const cursor = {
  sort: 'priority' as const,
  id: '3f2a1c9e-8d0b-4b8e-9a51-0f1d2c3b4a59',
  priority: 3,
  createdAt: '2026-03-02T10:00:00.000Z',
  dueAt: null,
};

describe('inbox cursors', () => {
  it('round-trips and is opaque text', () => {
    const text = encodeCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text, 'priority')).toEqual(cursor);
  });

  it('refuses forged, foreign and malformed cursors with a message, not a crash', () => {
    expect(() => decodeCursor(encodeCursor(cursor), 'due')).toThrow(
      new InboxInputError('The cursor belongs to the "priority" sort; start again from the first page.'),
    );
    for (const bad of ['', 'x', Buffer.from('{"s":"priority"}').toString('base64url'), Buffer.from('null').toString('base64url')]) {
      expect(() => decodeCursor(bad, 'priority')).toThrow(InboxInputError);
    }
    const sqlish = Buffer.from(
      JSON.stringify({ ...cursor, s: 'priority', i: "'; drop table tasks; --", p: 1, c: cursor.createdAt, d: null }),
    ).toString('base64url');
    expect(() => decodeCursor(sqlish, 'priority')).toThrow(InboxInputError);
  });
});

describe('inbox filters', () => {
  it("take the user's % and _ literally", () => {
    expect(likePattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
  });

  it('refuse a due window that ends before it starts, and priorities outside 1-4', () => {
    expect(InboxFiltersSchema.safeParse({ dueFrom: '2026-03-02T00:00:00Z', dueTo: '2026-03-01T00:00:00Z' }).success).toBe(false);
    expect(InboxFiltersSchema.safeParse({ priorities: [0] }).success).toBe(false);
    expect(InboxFiltersSchema.parse({})).toEqual({ status: 'open' });
  });
});
