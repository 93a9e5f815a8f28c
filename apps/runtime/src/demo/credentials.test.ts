import { describe, expect, it } from 'vitest';
import { mergeCredentials, parseCredentials } from './credentials.ts';

describe('demo credentials file', () => {
  it('reads the older token-only format and skips what it cannot read', () => {
    expect(parseCredentials('[{"email":"a@x","token":"tw_1"},{"nope":1},42]')).toEqual([{ email: 'a@x', token: 'tw_1' }]);
    expect(parseCredentials('not json')).toEqual([]);
    expect(parseCredentials('{"email":"a@x"}')).toEqual([]);
    expect(parseCredentials(undefined)).toEqual([]);
  });

  it('adds passwords beside the tokens a first start saved, keeping every token', () => {
    const before = [
      { email: 'admin@trackway.local', token: 'tw_a' },
      { email: 'events API key', token: 'twk_k' },
    ];
    const after = mergeCredentials(before, [
      { email: 'admin@trackway.local', password: 'pw-a' },
      { email: 'staff@trackway.local', token: 'tw_s', password: 'pw-s' },
    ]);
    expect(after).toEqual([
      { email: 'admin@trackway.local', token: 'tw_a', password: 'pw-a' },
      { email: 'events API key', token: 'twk_k' },
      { email: 'staff@trackway.local', token: 'tw_s', password: 'pw-s' },
    ]);
    expect(before[0]).toEqual({ email: 'admin@trackway.local', token: 'tw_a' });
  });
});
