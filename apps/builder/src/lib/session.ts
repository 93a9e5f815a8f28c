import { useSyncExternalStore } from 'react';

/**
 * Who is signed in, two ways:
 * - a browser session (e-mail + password): the server keeps it in an httpOnly cookie the page
 *   cannot read, beside a readable `tw_csrf` cookie whose token goes into the X-CSRF-Token header
 *   of every call. That cookie's presence is also how the app knows a session may exist.
 * - an API token (the secondary way): kept in sessionStorage, so it survives a reload but not
 *   closing the tab, and is never shared with other tabs' sessions. It wins over a cookie.
 */
const KEY = 'trackway.token';
/** The `__Host-` variant is used over https. */
const CSRF_COOKIES = ['__Host-tw_csrf', 'tw_csrf'] as const;

/** The session's CSRF token from its cookie, or null without a browser session. */
export function csrfToken(): string | null {
  let cookies: string;
  try {
    cookies = document.cookie;
  } catch {
    return null;
  }
  for (const name of CSRF_COOKIES) {
    const pair = cookies.split('; ').find((c) => c.startsWith(`${name}=`));
    const value = pair?.slice(name.length + 1);
    if (value) return decodeURIComponent(value);
  }
  return null;
}

/** Forgets the CSRF cookie (the server clears both on sign-out; this covers a session that ended on its own). */
function dropCsrfCookie(): void {
  try {
    document.cookie = 'tw_csrf=; Max-Age=0; Path=/; SameSite=Lax';
    if (location.protocol === 'https:') document.cookie = '__Host-tw_csrf=; Max-Age=0; Path=/; Secure; SameSite=Lax';
  } catch {
    // no cookies in this environment
  }
}
const listeners = new Set<() => void>();

function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let current: string | null = read();

export const session = {
  token: (): string | null => current,
  signIn(token: string): void {
    current = token;
    try {
      sessionStorage.setItem(KEY, token);
    } catch {
      // Private mode without storage: the session lasts until reload.
    }
    listeners.forEach((l) => l());
  },
  /** After a password sign-in: the server has set the session cookies. */
  signedInWithPassword(): void {
    signOutReason = null;
    listeners.forEach((l) => l());
  },
  /** True when the app runs on a browser session (not a token). */
  usesCookie: (): boolean => current === null && csrfToken() !== null,
  signOut(reason?: string): void {
    current = null;
    signOutReason = reason ?? null;
    dropCsrfCookie();
    try {
      sessionStorage.removeItem(KEY);
    } catch {
      // nothing stored
    }
    listeners.forEach((l) => l());
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  /** Why the last session ended, shown on the sign-in screen (e.g. the token was revoked). */
  lastReason: (): string | null => signOutReason,
};
let signOutReason: string | null = null;

export function useToken(): string | null {
  return useSyncExternalStore(session.subscribe, session.token, session.token);
}

/** Changes whenever the signed-in identity does: "token:…", "cookie:…" or null when signed out. */
function sessionKey(): string | null {
  if (current) return `token:${current}`;
  const csrf = csrfToken();
  return csrf ? `cookie:${csrf}` : null;
}

export function useSessionKey(): string | null {
  return useSyncExternalStore(session.subscribe, sessionKey, sessionKey);
}
