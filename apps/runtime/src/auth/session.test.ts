import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AUTH_CONFIG, loadAuthConfig } from './config.ts';
import { csrfTokenFor } from './csrf.ts';
import {
  clearedSessionCookies,
  clientIp,
  cookiesSecure,
  newSessionSecret,
  parseCookies,
  serializeCookie,
  sessionCookies,
  sessionSecretFrom,
} from './session.ts';

const request = (headers: Record<string, string>, socket: { remoteAddress?: string; encrypted?: boolean } = {}) =>
  ({ headers, socket }) as unknown as IncomingMessage;

describe('session cookies', () => {
  it('secrets are 256 random bits, base64url', () => {
    const secrets = new Set(Array.from({ length: 100 }, newSessionSecret));
    expect(secrets.size).toBe(100);
    for (const s of secrets) expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('the session cookie is httpOnly and SameSite=Lax; the CSRF cookie is readable by the page', () => {
    const secret = newSessionSecret();
    const [session, csrf] = sessionCookies(secret, false, 3600);
    expect(session).toBe(`tw_session=${secret}; Path=/; Max-Age=3600; SameSite=Lax; HttpOnly`);
    expect(csrf).toBe(`tw_csrf=${csrfTokenFor(secret)}; Path=/; Max-Age=3600; SameSite=Lax`);
  });

  it('over https both get Secure and the __Host- prefix', () => {
    const secret = newSessionSecret();
    const [session, csrf] = sessionCookies(secret, true, 60);
    expect(session).toBe(`__Host-tw_session=${secret}; Path=/; Max-Age=60; SameSite=Lax; HttpOnly; Secure`);
    expect(csrf?.startsWith('__Host-tw_csrf=')).toBe(true);
    expect(csrf).toContain('; Secure');
    expect(csrf).not.toContain('HttpOnly');
  });

  it('sign-out clears both with Max-Age=0', () => {
    expect(clearedSessionCookies(false)).toEqual([
      'tw_session=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly',
      'tw_csrf=; Path=/; Max-Age=0; SameSite=Lax',
    ]);
  });

  it('parses Cookie headers leniently: malformed pairs skipped, first duplicate wins, quotes and escapes undone', () => {
    const cookies = parseCookies('a=1; b="two"; =x; junk; c=%E2%9C%93; bad=%E0%A4%A; a=again');
    expect([...cookies]).toEqual([
      ['a', '1'],
      ['b', 'two'],
      ['c', '✓'],
    ]);
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies(`a=${'x'.repeat(20_000)}`).size).toBe(0);
    expect(serializeCookie('n', 'a b;c', { httpOnly: false, secure: false, maxAgeSeconds: -5 })).toBe(
      'n=a%20b%3Bc; Path=/; Max-Age=0; SameSite=Lax',
    );
  });

  it('finds the session secret, preferring the __Host- cookie, ignoring implausible values', () => {
    const a = newSessionSecret();
    const b = newSessionSecret();
    expect(sessionSecretFrom(`tw_session=${a}`)).toBe(a);
    expect(sessionSecretFrom(`tw_session=${a}; __Host-tw_session=${b}`)).toBe(b);
    expect(sessionSecretFrom('tw_session=short')).toBeUndefined();
    expect(sessionSecretFrom(`tw_session=${'x'.repeat(500)}`)).toBeUndefined();
    expect(sessionSecretFrom('other=1')).toBeUndefined();
  });

  it('Secure in auto mode only over https; X-Forwarded-* only believed behind a trusted proxy', () => {
    const auto = DEFAULT_AUTH_CONFIG;
    const proxied = { ...auto, trustProxy: true };
    expect(cookiesSecure(request({}), auto)).toBe(false);
    expect(cookiesSecure(request({}, { encrypted: true }), auto)).toBe(true);
    expect(cookiesSecure(request({ 'x-forwarded-proto': 'https' }), auto)).toBe(false);
    expect(cookiesSecure(request({ 'x-forwarded-proto': 'https' }), proxied)).toBe(true);
    expect(cookiesSecure(request({}), { ...auto, cookieSecure: 'always' })).toBe(true);
    expect(cookiesSecure(request({}, { encrypted: true }), { ...auto, cookieSecure: 'never' })).toBe(false);

    const xff = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' };
    expect(clientIp(request(xff, { remoteAddress: '::ffff:10.0.0.2' }), auto)).toBe('10.0.0.2');
    expect(clientIp(request(xff, { remoteAddress: '10.0.0.2' }), proxied)).toBe('203.0.113.9');
  });

  it('configuration from the environment, with specific messages for bad values', () => {
    expect(loadAuthConfig({})).toEqual(DEFAULT_AUTH_CONFIG);
    expect(
      loadAuthConfig({
        TRACKWAY_SESSION_TTL_HOURS: '8',
        TRACKWAY_COOKIE_SECURE: 'always',
        TRACKWAY_TRUST_PROXY: 'true',
        TRACKWAY_SIGNIN_MAX_FAILURES: '3',
        TRACKWAY_SIGNIN_MAX_FAILURES_PER_IP: '100',
        TRACKWAY_SIGNIN_WINDOW_MINUTES: '30',
      }),
    ).toEqual({
      sessionTtlMs: 8 * 3_600_000,
      cookieSecure: 'always',
      trustProxy: true,
      signIn: { maxFailuresPerAccount: 3, maxFailuresPerIp: 100, windowMs: 30 * 60_000 },
    });
    expect(() => loadAuthConfig({ TRACKWAY_COOKIE_SECURE: 'yes' })).toThrow('TRACKWAY_COOKIE_SECURE: must be auto, always or never');
    expect(() => loadAuthConfig({ TRACKWAY_SESSION_TTL_HOURS: '0' })).toThrow('TRACKWAY_SESSION_TTL_HOURS');
  });
});
