import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import { createHttpContext, createInnerContext, type Context, type Services } from '../api/context.ts';
import { requestIdOf } from '../api/request-id.ts';
import { CSRF_HEADER, csrfTokenMatches, isCrossSite, isSafeMethod } from './csrf.ts';
import { findSession, sessionSecretFrom } from './session.ts';

export const CSRF_REFUSED =
  'This request needs the CSRF token of your session in the X-CSRF-Token header (the builder sends it; reload the page or sign in again).';

/** Refused with 403: a cookie-authenticated change without proof that our own page sent it. */
export class CsrfError extends TRPCError {
  constructor() {
    super({ code: 'FORBIDDEN', message: CSRF_REFUSED });
  }
}

/**
 * The caller of an HTTP request. An Authorization header wins (API clients and tests: bearer
 * tokens, which a browser never attaches on its own, so they need no CSRF proof). Otherwise the
 * session cookie; then every request that may change something (not GET/HEAD/OPTIONS) must carry
 * the session's CSRF token, or it is refused with CsrfError — never silently treated as anonymous.
 */
export async function createRequestContext(services: Services, req: IncomingMessage): Promise<Context> {
  return { ...(await callerContext(services, req)), requestId: requestIdOf(req) };
}

async function callerContext(services: Services, req: IncomingMessage): Promise<Context> {
  const authorization = req.headers.authorization;
  if (authorization) return createHttpContext(services, authorization);
  const secret = sessionSecretFrom(req.headers.cookie);
  if (!secret) return createInnerContext(services, null);
  const session = await findSession(services.db, secret);
  if (!session) return createInnerContext(services, null);
  if (!isSafeMethod(req.method) && (isCrossSite(req.headers) || !csrfTokenMatches(secret, req.headers[CSRF_HEADER]))) {
    throw new CsrfError();
  }
  return { ...createInnerContext(services, session.user), session: { id: session.id } };
}
