import { describe, expect, it } from 'vitest';
import { csrfTokenFor, csrfTokenMatches, isCrossSite, isSafeMethod } from './csrf.ts';
import { newSessionSecret } from './session.ts';

describe('CSRF tokens', () => {
  it('are bound to the session: stable for one, different for another, and reveal nothing of it', () => {
    const a = newSessionSecret();
    const b = newSessionSecret();
    expect(csrfTokenFor(a)).toBe(csrfTokenFor(a));
    expect(csrfTokenFor(a)).not.toBe(csrfTokenFor(b));
    expect(csrfTokenFor(a)).not.toContain(a);
    expect(csrfTokenFor(a)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('match only the exact token of the same session', () => {
    const secret = newSessionSecret();
    const token = csrfTokenFor(secret);
    expect(csrfTokenMatches(secret, token)).toBe(true);
    expect(csrfTokenMatches(secret, csrfTokenFor(newSessionSecret()))).toBe(false);
    expect(csrfTokenMatches(secret, `${token}x`)).toBe(false);
    expect(csrfTokenMatches(secret, token.slice(0, -1))).toBe(false);
    expect(csrfTokenMatches(secret, '')).toBe(false);
    expect(csrfTokenMatches(secret, undefined)).toBe(false);
    // A repeated header arrives as an array: refused rather than guessed at.
    expect(csrfTokenMatches(secret, [token, token])).toBe(false);
    // The session secret itself is not the token (it is never readable by the page anyway).
    expect(csrfTokenMatches(secret, secret)).toBe(false);
  });

  it('are needed for every method but GET, HEAD and OPTIONS', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS']) expect(isSafeMethod(m)).toBe(true);
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', undefined, 'get']) expect(isSafeMethod(m)).toBe(false);
  });

  it('cross-site and same-site (sibling subdomain) browser requests are recognised; others are not', () => {
    expect(isCrossSite({ 'sec-fetch-site': 'cross-site' })).toBe(true);
    expect(isCrossSite({ 'sec-fetch-site': 'same-site' })).toBe(true);
    expect(isCrossSite({ 'sec-fetch-site': 'same-origin' })).toBe(false);
    expect(isCrossSite({ 'sec-fetch-site': 'none' })).toBe(false);
    expect(isCrossSite({})).toBe(false);
  });
});
