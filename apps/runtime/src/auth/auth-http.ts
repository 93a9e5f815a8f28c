import { readBodyUpTo } from '../api/http-body.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Services } from '../api/context.ts';
import { requestIdOf } from '../api/request-id.ts';
import { findUnstorableText } from '../api/storable-text.ts';
import { fieldPath } from '../calendars/calendar-definition.ts';
import { ANONYMOUS_ACTOR, auditAuthEvent } from './audit.ts';
import { DEFAULT_AUTH_CONFIG } from './config.ts';
import { CSRF_HEADER, csrfTokenFor, csrfTokenMatches, isCrossSite } from './csrf.ts';
import { GivenPasswordSchema, hashPassword, needsRehash, verifyPassword } from './password.ts';
import { createSignInLimiter, prismaAttemptStore } from './rate-limit.ts';
import { CSRF_REFUSED } from './request-context.ts';
import {
  clearedSessionCookies,
  clientIp,
  cookiesSecure,
  createSession,
  endSession,
  findSession,
  sessionCookies,
  sessionSecretFrom,
} from './session.ts';

/**
 * Sign-in and sign-out are plain HTTP routes, not tRPC procedures: they set and clear cookies and
 * answer 401/403/429 with Retry-After, which is direct here and roundabout through tRPC's batch
 * responses. Everything else about the account (auth.me, auth.changePassword) is tRPC.
 *
 *   POST /api/auth/signin   {"email","password"} -> 200 {user, csrfToken} + session cookies
 *   POST /api/auth/signout  (X-CSRF-Token)       -> 200 {signedOut: true}, cookies cleared
 */
export const AUTH_PREFIX = '/api/auth/';
export const SIGNIN_PATH = '/api/auth/signin';
export const SIGNOUT_PATH = '/api/auth/signout';

const MAX_BODY_BYTES = 8 * 1024;

/** The one answer for an unknown e-mail, a wrong password and an account without a password. */
export const WRONG_CREDENTIALS = 'The e-mail address or the password is not right.';
export const ACCOUNT_DISABLED = 'This account is disabled. Ask an administrator to enable it.';

const SignInSchema = z.object({
  email: z
    .string('enter your e-mail address')
    .trim()
    .toLowerCase()
    .max(320, 'at most 320 characters')
    .pipe(z.email('enter an e-mail address')),
  password: z.string('enter your password').pipe(GivenPasswordSchema),
});

type Reply = { status: number; body: unknown; headers?: Record<string, string | string[]> };

const refuse = (status: number, code: string, message: string, headers?: Record<string, string | string[]>): Reply => ({
  status,
  body: { error: message, code },
  headers,
});

async function signIn(services: Services, req: IncomingMessage, log?: (line: string) => void): Promise<Reply> {
  const config = services.auth ?? DEFAULT_AUTH_CONFIG;
  if (req.method !== 'POST') return refuse(405, 'METHOD_NOT_SUPPORTED', 'Use POST to sign in.', { allow: 'POST' });
  // A form on another site cannot send JSON, and a script there cannot without a CORS preflight
  // we never grant: this keeps other sites from signing a visitor into an account (login CSRF).
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type !== 'application/json')
    return refuse(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the e-mail and password as JSON (Content-Type: application/json).');
  if (isCrossSite(req.headers))
    return refuse(403, 'FORBIDDEN', 'Sign in on the Trackway page itself; requests from other sites are refused.');

  const body = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (body === null) return refuse(413, 'PAYLOAD_TOO_LARGE', `A sign-in request may be at most ${MAX_BODY_BYTES / 1024} KB.`);
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(400, 'BAD_REQUEST', 'The body is not valid JSON; send {"email": "...", "password": "..."}.');
  }
  const unstorable = findUnstorableText(json);
  if (unstorable !== undefined)
    return refuse(400, 'BAD_REQUEST', `Text at ${unstorable} contains a NUL character or a broken Unicode surrogate.`);
  const parsed = SignInSchema.safeParse(json);
  if (!parsed.success) {
    // Messages name the field and the rule, never the value typed.
    const problems = parsed.error.issues.map((i) => `${fieldPath(i.path) || '(body)'}: ${i.message}`).join('; ');
    return refuse(400, 'BAD_REQUEST', `Sign-in refused: ${problems}.`);
  }
  const { email, password } = parsed.data;
  const ip = clientIp(req, config);

  const limiter = createSignInLimiter(prismaAttemptStore(services.db), config.signIn);
  const admission = await limiter.begin(email, ip);
  if (!admission.allowed) {
    const minutes = Math.ceil(admission.retryAfterSeconds / 60);
    // Not audited one by one: refusals cost no password check, so they can come fast, and each
    // entry takes the audit log's append lock. The failures that led here are audited.
    return refuse(
      429,
      'TOO_MANY_REQUESTS',
      `Too many failed sign-in attempts for this account or from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      { 'retry-after': String(admission.retryAfterSeconds) },
    );
  }

  const user = await services.db.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, roles: true, passwordHash: true, disabledAt: true },
  });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!ok || !user || user.disabledAt) {
    await admission.failed();
    const reason = !user ? 'unknown_account' : !user.passwordHash ? 'no_password' : !ok ? 'wrong_password' : 'disabled';
    await auditAuthEvent(
      services.db,
      {
        actor: ANONYMOUS_ACTOR,
        actorLabel: ANONYMOUS_ACTOR,
        requestId: requestIdOf(req),
        action: 'auth.signin_failed',
        subjectType: 'user',
        subjectId: user?.id ?? email,
        payload: { email, ip, reason },
      },
      log,
    );
    // Only someone who knows the password learns that the account is disabled.
    if (ok && user?.disabledAt) return refuse(403, 'FORBIDDEN', ACCOUNT_DISABLED);
    return refuse(401, 'UNAUTHORIZED', WRONG_CREDENTIALS);
  }
  await admission.succeeded();
  if (user.passwordHash && needsRehash(user.passwordHash)) {
    await services.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  }
  // A new session every time (never reuse one presented with the request: no session fixation).
  const previous = sessionSecretFrom(req.headers.cookie);
  if (previous) await endSession(services.db, previous);
  const session = await createSession(
    services.db,
    user.id,
    { ip, userAgent: String(req.headers['user-agent'] ?? '') },
    config.sessionTtlMs,
  );
  await auditAuthEvent(
    services.db,
    {
      actor: user.id,
      requestId: requestIdOf(req),
      action: 'auth.signin',
      subjectType: 'user',
      subjectId: user.id,
      payload: { ip, sessionId: session.id },
    },
    log,
  );
  const secure = cookiesSecure(req, config);
  return {
    status: 200,
    body: {
      user: { id: user.id, email: user.email, displayName: user.displayName, roles: user.roles },
      csrfToken: csrfTokenFor(session.secret),
      expiresAt: session.expiresAt.toISOString(),
    },
    headers: { 'set-cookie': sessionCookies(session.secret, secure, config.sessionTtlMs / 1000) },
  };
}

async function signOut(services: Services, req: IncomingMessage, log?: (line: string) => void): Promise<Reply> {
  const config = services.auth ?? DEFAULT_AUTH_CONFIG;
  if (req.method !== 'POST') return refuse(405, 'METHOD_NOT_SUPPORTED', 'Use POST to sign out.', { allow: 'POST' });
  const cleared = { 'set-cookie': clearedSessionCookies(cookiesSecure(req, config)) };
  const secret = sessionSecretFrom(req.headers.cookie);
  const session = secret ? await findSession(services.db, secret) : null;
  if (secret && session) {
    // Otherwise any site could sign a visitor out.
    if (isCrossSite(req.headers) || !csrfTokenMatches(secret, req.headers[CSRF_HEADER])) return refuse(403, 'FORBIDDEN', CSRF_REFUSED);
    await endSession(services.db, secret);
    await auditAuthEvent(
      services.db,
      {
        actor: session.user.id,
        requestId: requestIdOf(req),
        action: 'auth.signout',
        subjectType: 'user',
        subjectId: session.user.id,
        payload: { sessionId: session.id },
      },
      log,
    );
  }
  // Without a live session there is nothing to end; the cookies are cleared all the same.
  return { status: 200, body: { signedOut: true }, headers: cleared };
}

/** /api/auth/*: every refusal is a 4xx with JSON `{ error, code }`; passwords are never logged. */
export async function handleAuthRequest(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
  log?: (line: string) => void,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  let reply: Reply;
  try {
    if (path === SIGNIN_PATH) reply = await signIn(services, req, log);
    else if (path === SIGNOUT_PATH) reply = await signOut(services, req, log);
    else reply = refuse(404, 'NOT_FOUND', `No such route: use POST ${SIGNIN_PATH} or POST ${SIGNOUT_PATH}.`);
  } catch (e) {
    log?.(`Auth API error in ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    reply = refuse(500, 'INTERNAL_SERVER_ERROR', 'Signing in or out failed on the server; the server log says why.');
  }
  if (!req.readableEnded) req.resume();
  if (res.headersSent) return;
  res
    .writeHead(reply.status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...reply.headers,
    })
    .end(JSON.stringify(reply.body));
}
