import { afterEach, describe, expect, it } from 'vitest';
import { csrfToken, session } from './session.ts';

afterEach(() => {
  document.cookie = 'tw_csrf=; Max-Age=0; Path=/';
  session.signOut();
});

describe('browser session state', () => {
  it('reads the CSRF token from its cookie; without it there is no browser session', () => {
    expect(csrfToken()).toBeNull();
    expect(session.usesCookie()).toBe(false);
    document.cookie = 'other=1; Path=/';
    document.cookie = 'tw_csrf=abc-123_x; Path=/';
    expect(csrfToken()).toBe('abc-123_x');
    expect(session.usesCookie()).toBe(true);
  });

  it('an API token wins over a cookie session', () => {
    document.cookie = 'tw_csrf=abc; Path=/';
    session.signIn('tw_token');
    expect(session.usesCookie()).toBe(false);
  });

  it('signing out forgets the CSRF cookie and keeps the reason for the sign-in screen', () => {
    document.cookie = 'tw_csrf=abc; Path=/';
    let changes = 0;
    const unsubscribe = session.subscribe(() => changes++);
    session.signOut('Your session has ended. Sign in again.');
    unsubscribe();
    expect(csrfToken()).toBeNull();
    expect(session.lastReason()).toBe('Your session has ended. Sign in again.');
    expect(changes).toBe(1);
  });
});
