import { z } from 'zod';

/**
 * Sign-in, sessions and the sign-in rate limit. Every value has a safe default; the variables are
 * for operators behind a TLS-terminating proxy or with unusual policies (see README, "Accounts").
 */
export interface AuthConfig {
  /** How long a session lasts after sign-in (absolute; signing in again starts a new one). */
  readonly sessionTtlMs: number;
  /**
   * `auto`: cookies get `Secure` (and the `__Host-` prefix) when the request came over https, read
   * from the socket or, with `trustProxy`, from X-Forwarded-Proto. `always` / `never` force it.
   */
  readonly cookieSecure: 'auto' | 'always' | 'never';
  /** Believe X-Forwarded-For / X-Forwarded-Proto (only behind a proxy that sets them). */
  readonly trustProxy: boolean;
  readonly signIn: {
    /** Failed attempts per account (the e-mail as typed, existing or not) within the window. */
    readonly maxFailuresPerAccount: number;
    /** Failed attempts per client address within the window. */
    readonly maxFailuresPerIp: number;
    readonly windowMs: number;
  };
}

export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  sessionTtlMs: 12 * 60 * 60 * 1000,
  cookieSecure: 'auto',
  trustProxy: false,
  signIn: { maxFailuresPerAccount: 5, maxFailuresPerIp: 30, windowMs: 15 * 60 * 1000 },
};

const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);
const positiveInt = (max: number) => z.preprocess(unsetIfEmpty, z.coerce.number().int('must be a whole number').min(1).max(max).optional());

const AuthEnvSchema = z.object({
  TRACKWAY_SESSION_TTL_HOURS: positiveInt(24 * 90),
  TRACKWAY_COOKIE_SECURE: z.preprocess(unsetIfEmpty, z.enum(['auto', 'always', 'never'], 'must be auto, always or never').optional()),
  TRACKWAY_TRUST_PROXY: z.preprocess(unsetIfEmpty, z.enum(['true', 'false'], 'must be true or false').optional()),
  TRACKWAY_SIGNIN_MAX_FAILURES: positiveInt(1000),
  TRACKWAY_SIGNIN_MAX_FAILURES_PER_IP: positiveInt(100_000),
  TRACKWAY_SIGNIN_WINDOW_MINUTES: positiveInt(24 * 60),
});

export function loadAuthConfig(env: Record<string, string | undefined> = process.env): AuthConfig {
  const parsed = AuthEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid runtime configuration: ${problems}`);
  }
  const e = parsed.data;
  const d = DEFAULT_AUTH_CONFIG;
  return {
    sessionTtlMs: e.TRACKWAY_SESSION_TTL_HOURS ? e.TRACKWAY_SESSION_TTL_HOURS * 3_600_000 : d.sessionTtlMs,
    cookieSecure: e.TRACKWAY_COOKIE_SECURE ?? d.cookieSecure,
    trustProxy: e.TRACKWAY_TRUST_PROXY === 'true',
    signIn: {
      maxFailuresPerAccount: e.TRACKWAY_SIGNIN_MAX_FAILURES ?? d.signIn.maxFailuresPerAccount,
      maxFailuresPerIp: e.TRACKWAY_SIGNIN_MAX_FAILURES_PER_IP ?? d.signIn.maxFailuresPerIp,
      windowMs: e.TRACKWAY_SIGNIN_WINDOW_MINUTES ? e.TRACKWAY_SIGNIN_WINDOW_MINUTES * 60_000 : d.signIn.windowMs,
    },
  };
}
