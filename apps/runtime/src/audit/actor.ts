import type { SessionUser } from '../api/context.ts';

/**
 * The acting user of an API call as an entry's actor. The e-mail is taken from the session (no
 * lookup); the request id is included when the call came over HTTP.
 */
export function actorOf(ctx: { readonly user: SessionUser; readonly requestId?: string }): {
  actor: string;
  actorLabel: string;
  requestId?: string;
} {
  return { actor: ctx.user.id, actorLabel: ctx.user.email, requestId: ctx.requestId };
}
