import { describe, expect, it } from 'vitest';
import { normalisePayload } from './entry.ts';
import { isSecretKey, redactSecrets } from './redact-secrets.ts';

describe('secrets never reach the log', () => {
  it('recognises secret-named keys in any spelling', () => {
    for (const key of [
      'password',
      'Password',
      'passwd',
      'newPassword',
      'secret',
      'clientSecret',
      'client_secret',
      'token',
      'accessToken',
      'refresh-token',
      'apiKey',
      'api_key',
      'X-Api-Key',
      'authorization',
      'Authorisation',
      'credentials',
      'privateKey',
      'cookie',
      'Set-Cookie',
    ])
      expect(isSecretKey(key), key).toBe(true);
    for (const key of ['name', 'email', 'passport', 'amount', 'keyboard', 'author', 'description', 'bypass'])
      expect(isSecretKey(key), key).toBe(false);
  });

  it('replaces their values at any depth, in lists too, and leaves the rest alone', () => {
    const input = {
      user: { name: 'Anna', password: 'p' },
      calls: [{ headers: { Authorization: 'Bearer t' } }, { token: { nested: 1 } }],
      n: 1,
    };
    expect(redactSecrets(input)).toEqual({
      user: { name: 'Anna', password: '[redacted]' },
      calls: [{ headers: { Authorization: '[redacted]' } }, { token: '[redacted]' }],
      n: 1,
    });
    expect(input.user.password).toBe('p');
  });

  it('normalises payloads to the JSON jsonb gives back, and cuts oversized ones to a stub', () => {
    expect(normalisePayload(undefined)).toBeNull();
    expect(normalisePayload({ at: new Date('2026-01-02T03:04:05Z'), skip: undefined, big: 10n })).toEqual({
      at: '2026-01-02T03:04:05.000Z',
      big: '10',
    });
    expect(normalisePayload({ text: 'x'.repeat(300_000) })).toEqual({ truncated: true, bytes: 300_011 });
  });
});
