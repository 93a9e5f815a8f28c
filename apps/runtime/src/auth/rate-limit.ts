import { createHash } from 'node:crypto';
import type { Db } from '../db/client.ts';

/**
 * Sign-in rate limit: at most N failed attempts per account and M per client address within a
 * sliding window. An attempt is recorded *before* the password is checked (and withdrawn when it
 * succeeds or is refused), so parallel guesses cannot all slip past the count. The account key is
 * the e-mail as typed, whether or not such an account exists, so a lockout answer is the same for
 * both and tells nothing about which accounts exist. Keys are stored as hashes.
 */
export interface AttemptStore {
  /** Records one attempt per key at `now`; returns their ids and, per key, the attempts within the window (oldest first). */
  record(keys: readonly string[], now: Date, windowStart: Date): Promise<{ ids: string[]; inWindow: Date[][] }>;
  /** Withdraws attempts recorded by `record`. */
  remove(ids: readonly string[]): Promise<void>;
  /** Forgets every attempt under the key (after a successful sign-in). */
  clear(key: string): Promise<void>;
}

export interface SignInLimits {
  readonly maxFailuresPerAccount: number;
  readonly maxFailuresPerIp: number;
  readonly windowMs: number;
}

export type Admission =
  | { readonly allowed: true; succeeded(): Promise<void>; failed(): Promise<void> }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

const keyFor = (kind: 'account' | 'ip', value: string) => createHash('sha256').update(`${kind}:${value}`, 'utf8').digest('hex');

export function accountKey(email: string): string {
  return keyFor('account', email.trim().toLowerCase());
}

export function ipKey(ip: string): string {
  return keyFor('ip', ip);
}

export interface SignInLimiter {
  /** Call before checking a password; with `ip` undefined only the account counts (e.g. a password change). */
  begin(email: string, ip: string | undefined): Promise<Admission>;
}

export function createSignInLimiter(store: AttemptStore, limits: SignInLimits, clock: () => Date = () => new Date()): SignInLimiter {
  return {
    async begin(email, ip) {
      const now = clock();
      const account = accountKey(email);
      const keys = ip === undefined ? [account] : [account, ipKey(ip)];
      const maxima = [limits.maxFailuresPerAccount, limits.maxFailuresPerIp];
      const { ids, inWindow } = await store.record(keys, now, new Date(now.getTime() - limits.windowMs));
      // Over the limit when this attempt is beyond it; it then becomes possible again once enough
      // earlier attempts have left the window.
      let retryAt = 0;
      keys.forEach((_, i) => {
        const times = inWindow[i] ?? [];
        const max = maxima[i] as number;
        if (times.length <= max) return;
        const freeing = times[times.length - 1 - max] as Date;
        retryAt = Math.max(retryAt, freeing.getTime() + limits.windowMs);
      });
      if (retryAt > 0) {
        await store.remove(ids);
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - now.getTime()) / 1000)) };
      }
      return {
        allowed: true,
        async succeeded() {
          await store.remove(ids);
          await store.clear(account);
        },
        // The recorded attempt simply stays: it is the failure.
        async failed() {},
      };
    },
  };
}

/** For unit tests and single-process tools. */
export function memoryAttemptStore(): AttemptStore & { size(): number } {
  let next = 0;
  const rows = new Map<string, { key: string; at: Date }>();
  return {
    async record(keys, now, windowStart) {
      for (const [id, row] of rows) if (row.at <= windowStart) rows.delete(id);
      const ids = keys.map((key) => {
        const id = String(next++);
        rows.set(id, { key, at: now });
        return id;
      });
      const inWindow = keys.map((key) =>
        [...rows.values()]
          .filter((r) => r.key === key)
          .map((r) => r.at)
          .sort((a, b) => a.getTime() - b.getTime()),
      );
      return { ids, inWindow };
    },
    async remove(ids) {
      for (const id of ids) rows.delete(id);
    },
    async clear(key) {
      for (const [id, row] of rows) if (row.key === key) rows.delete(id);
    },
    size: () => rows.size,
  };
}

/** Shared by every API process through Postgres, so the limit holds behind a load balancer. */
export function prismaAttemptStore(db: Db): AttemptStore {
  return {
    async record(keys, now, windowStart) {
      // Old attempts are pruned as new ones arrive (indexed on created_at), so the table stays small.
      await db.signInAttempt.deleteMany({ where: { createdAt: { lte: windowStart } } });
      const created = await db.signInAttempt.createManyAndReturn({
        data: keys.map((key) => ({ key, createdAt: now })),
        select: { id: true, key: true },
      });
      const rows = await db.signInAttempt.findMany({
        where: { key: { in: [...keys] }, createdAt: { gt: windowStart } },
        select: { key: true, createdAt: true },
        orderBy: { createdAt: 'asc' },
      });
      return {
        ids: keys.map((key) => created.find((c) => c.key === key)?.id as string),
        inWindow: keys.map((key) => rows.filter((r) => r.key === key).map((r) => r.createdAt)),
      };
    },
    async remove(ids) {
      await db.signInAttempt.deleteMany({ where: { id: { in: [...ids] } } });
    },
    async clear(key) {
      await db.signInAttempt.deleteMany({ where: { key } });
    },
  };
}
