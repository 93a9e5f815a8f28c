import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SessionUser } from '../api/context.ts';
import { hashToken } from '../api/context.ts';
import type { Db } from '../db/client.ts';
import type { AuthConfig } from './config.ts';
import { csrfTokenFor } from './csrf.ts';

/**
 * Browser sessions. The cookie holds a random 256-bit secret; the database holds only its sha256,
 * so neither a leaked table nor a log line with a row in it can be turned into a session. Over
 * https the cookies carry the `__Host-` prefix (Secure, Path=/, no Domain: no subdomain can set
 * or shadow them).
 */
export const SESSION_COOKIE = 'tw_session';
export const CSRF_COOKIE = 'tw_csrf';
const SECURE_PREFIX = '__Host-';

export function newSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Cookies from a Cookie header; malformed pairs are skipped, the first of duplicate names wins. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header || header.length > 16_384) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

export interface CookieOptions {
  readonly httpOnly: boolean;
  readonly secure: boolean;
  /** 0 deletes the cookie. */
  readonly maxAgeSeconds: number;
}

export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`, 'SameSite=Lax'];
  if (o.httpOnly) parts.push('HttpOnly');
  if (o.secure) parts.push('Secure');
  return parts.join('; ');
}

const cookieName = (base: string, secure: boolean) => (secure ? `${SECURE_PREFIX}${base}` : base);

/** The session cookie (httpOnly) and the CSRF token cookie the builder reads (not httpOnly). */
export function sessionCookies(secret: string, secure: boolean, maxAgeSeconds: number): string[] {
  return [
    serializeCookie(cookieName(SESSION_COOKIE, secure), secret, { httpOnly: true, secure, maxAgeSeconds }),
    serializeCookie(cookieName(CSRF_COOKIE, secure), csrfTokenFor(secret), { httpOnly: false, secure, maxAgeSeconds }),
  ];
}

/** Deletes both cookies, in the variant this request uses. */
export function clearedSessionCookies(secure: boolean): string[] {
  return [
    serializeCookie(cookieName(SESSION_COOKIE, secure), '', { httpOnly: true, secure, maxAgeSeconds: 0 }),
    serializeCookie(cookieName(CSRF_COOKIE, secure), '', { httpOnly: false, secure, maxAgeSeconds: 0 }),
  ];
}

/** The session secret from a Cookie header: the `__Host-` variant first. */
export function sessionSecretFrom(cookieHeader: string | undefined): string | undefined {
  const cookies = parseCookies(cookieHeader);
  const secret = cookies.get(`${SECURE_PREFIX}${SESSION_COOKIE}`) ?? cookies.get(SESSION_COOKIE);
  // A real secret is 43 characters; anything far off is not worth a database lookup.
  return secret && secret.length >= 20 && secret.length <= 200 ? secret : undefined;
}

/** Whether this request's cookies get `Secure` (and the `__Host-` prefix). */
export function cookiesSecure(req: IncomingMessage, config: AuthConfig): boolean {
  if (config.cookieSecure !== 'auto') return config.cookieSecure === 'always';
  if ((req.socket as { encrypted?: boolean }).encrypted) return true;
  if (!config.trustProxy) return false;
  const proto = req.headers['x-forwarded-proto'];
  return typeof proto === 'string' && proto.split(',')[0]?.trim().toLowerCase() === 'https';
}

/**
 * The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For entry
 * (the one that proxy added; earlier entries are whatever the client claimed).
 */
export function clientIp(req: IncomingMessage, config: AuthConfig): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (config.trustProxy && typeof forwarded === 'string') {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last.slice(0, 100);
  }
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export interface SessionMeta {
  readonly ip: string;
  readonly userAgent: string;
}

export async function createSession(
  db: Db,
  userId: string,
  meta: SessionMeta,
  ttlMs: number,
  now = new Date(),
): Promise<{ secret: string; id: string; expiresAt: Date }> {
  const secret = newSessionSecret();
  const expiresAt = new Date(now.getTime() + ttlMs);
  // Housekeeping on the way: this user's expired sessions go.
  await db.session.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  const row = await db.session.create({
    data: { tokenHash: hashToken(secret), userId, expiresAt, ip: meta.ip.slice(0, 100), userAgent: meta.userAgent.slice(0, 500) },
    select: { id: true },
  });
  return { secret, id: row.id, expiresAt };
}

/** The session and its user, or null when unknown, expired, or the user is disabled. */
export async function findSession(db: Db, secret: string, now = new Date()): Promise<{ id: string; user: SessionUser } | null> {
  const row = await db.session.findUnique({
    where: { tokenHash: hashToken(secret) },
    select: { id: true, expiresAt: true, user: { select: { id: true, email: true, roles: true, disabledAt: true } } },
  });
  if (!row || row.expiresAt <= now || row.user.disabledAt) return null;
  const { disabledAt: _disabled, ...user } = row.user;
  return { id: row.id, user };
}

/** Deletes the session the secret belongs to; returns whose it was. */
export async function endSession(db: Db, secret: string): Promise<{ id: string; userId: string } | null> {
  const row = await db.session.findUnique({ where: { tokenHash: hashToken(secret) }, select: { id: true, userId: true } });
  if (!row) return null;
  await db.session.deleteMany({ where: { id: row.id } });
  return row;
}
