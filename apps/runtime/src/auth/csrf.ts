import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * CSRF protection for cookie-authenticated calls: a synchronizer token bound to the session.
 *
 * The token is HMAC-SHA256(session secret, fixed label). The server derives it from the session
 * cookie on every unsafe request and compares it with the `X-CSRF-Token` header; nothing extra is
 * stored. A page on another site can make the browser send the cookie but cannot read it, nor our
 * responses, so it cannot know the token. The builder learns it from the readable `tw_csrf`
 * cookie set beside the session cookie: unlike a plain double-submit cookie, a cookie planted by
 * a sibling subdomain does not help an attacker, because the header is checked against the
 * session, not against that cookie. As defence in depth, browsers' `Sec-Fetch-Site` header must
 * not say the request came from another site.
 */
export const CSRF_HEADER = 'x-csrf-token';
const LABEL = 'trackway csrf token v1';

export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update(LABEL).digest('base64url');
}

/** Constant-time comparison of the presented header with the session's token. */
export function csrfTokenMatches(sessionSecret: string, presented: string | readonly string[] | undefined): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 200) return false;
  const expected = Buffer.from(csrfTokenFor(sessionSecret));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Methods that must not change anything (tRPC queries are GET): they need no token. */
export function isSafeMethod(method: string | undefined): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * True when a browser says the request was started by another site (or a sibling subdomain).
 * Clients that are not browsers send no Sec-Fetch-Site; they are judged by the token alone.
 */
export function isCrossSite(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}
