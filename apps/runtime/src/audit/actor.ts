import type { SessionUser } from '../api/context.ts';

/**
 * The acting user of an API call as an entry's actor. The e-mail is taken from the session (no
 * lookup); a request id is included when the context carries one.
 */
export function actorOf(ctx: { readonly user: SessionUser }): { actor: string; actorLabel: string; requestId?: string } {
  const requestId = (ctx as { readonly requestId?: unknown }).requestId;
  return { actor: ctx.user.id, actorLabel: ctx.user.email, ...(typeof requestId === 'string' ? { requestId } : {}) };
}
