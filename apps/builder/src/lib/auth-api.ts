import type { Me } from './api-types.ts';
import { csrfToken } from './session.ts';

/**
 * Password sign-in and sign-out go to plain HTTP routes (/api/auth/*), not tRPC: they set and
 * clear the session cookies. See the runtime's auth/auth-http.ts.
 */
export type SignInResult = { ok: true; user: Me } | { ok: false; message: string };

const UNREACHABLE = 'The server cannot be reached. Check that Trackway is running.';

export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetch('/api/auth/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, message: UNREACHABLE };
  }
  const body = (await response.json().catch(() => null)) as { user?: Me; error?: string } | null;
  if (response.ok && body?.user) return { ok: true, user: body.user };
  return { ok: false, message: body?.error ?? `Signing in failed (HTTP ${response.status}).` };
}

/** Ends the browser session on the server (which also clears its cookies). */
export async function signOutSession(): Promise<void> {
  const csrf = csrfToken();
  await fetch('/api/auth/signout', {
    method: 'POST',
    headers: csrf ? { 'x-csrf-token': csrf } : {},
    credentials: 'same-origin',
  });
}
