import { useSyncExternalStore } from 'react';

/**
 * The signed-in token. Kept in sessionStorage: it survives a reload but not closing the tab, and
 * is never shared with other tabs' sessions.
 */
const KEY = 'trackway.token';
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
  signOut(reason?: string): void {
    current = null;
    signOutReason = reason ?? null;
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
