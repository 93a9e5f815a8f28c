import { describe, expect, it } from 'vitest';
import { accountKey, createSignInLimiter, ipKey, memoryAttemptStore, type Admission } from './rate-limit.ts';

const limits = { maxFailuresPerAccount: 5, maxFailuresPerIp: 8, windowMs: 15 * 60_000 };

function setup() {
  let now = Date.parse('2026-03-02T09:00:00Z');
  const store = memoryAttemptStore();
  const limiter = createSignInLimiter(store, limits, () => new Date(now));
  const fail = async (email: string, ip = '203.0.113.1') => {
    const a = await limiter.begin(email, ip);
    if (a.allowed) await a.failed();
    return a;
  };
  return { store, limiter, fail, advance: (ms: number) => (now += ms) };
}

const refused = (a: Admission) => (a.allowed ? null : a.retryAfterSeconds);

describe('sign-in rate limit', () => {
  it('allows 5 failures per account, refuses the 6th, and lets one through again when the oldest leaves the window', async () => {
    const { fail, advance } = setup();
    for (let i = 0; i < 5; i++) {
      expect((await fail('sam@example.com')).allowed).toBe(true);
      advance(60_000);
    }
    // 5 minutes after the first failure: 10 minutes until it leaves the 15-minute window.
    expect(refused(await fail('sam@example.com'))).toBe(10 * 60);
    expect(refused(await fail('SAM@example.com '))).toBe(10 * 60);
    advance(10 * 60_000);
    expect((await fail('sam@example.com')).allowed).toBe(true);
    expect(refused(await fail('sam@example.com'))).toBeGreaterThan(0);
  });

  it('counts unknown accounts exactly like real ones (a lockout tells nothing)', async () => {
    const { fail } = setup();
    for (let i = 0; i < 5; i++) await fail('nobody@example.com');
    expect(refused(await fail('nobody@example.com'))).toBe(15 * 60);
  });

  it('refused attempts do not extend the lockout', async () => {
    const { fail, advance } = setup();
    for (let i = 0; i < 5; i++) await fail('sam@example.com');
    for (let i = 0; i < 20; i++) {
      advance(30_000);
      expect((await fail('sam@example.com')).allowed).toBe(false);
    }
    advance(5 * 60_000);
    expect((await fail('sam@example.com')).allowed).toBe(true);
  });

  it('a success clears the account (not the address) and does not count', async () => {
    const { limiter, fail, store } = setup();
    for (let i = 0; i < 4; i++) await fail('sam@example.com');
    const ok = await limiter.begin('sam@example.com', '203.0.113.1');
    expect(ok.allowed).toBe(true);
    if (ok.allowed) await ok.succeeded();
    // The 4 address entries stay; the account starts over.
    expect(store.size()).toBe(4);
    for (let i = 0; i < 4; i++) expect((await fail('sam@example.com')).allowed).toBe(true);
  });

  it('limits one address trying many accounts', async () => {
    const { fail } = setup();
    for (let i = 0; i < 8; i++) expect((await fail(`user${i}@example.com`, '198.51.100.7')).allowed).toBe(true);
    expect((await fail('user99@example.com', '198.51.100.7')).allowed).toBe(false);
    expect((await fail('user99@example.com', '198.51.100.8')).allowed).toBe(true);
  });

  it('parallel guesses cannot all slip past the count', async () => {
    const { limiter } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => limiter.begin('sam@example.com', '203.0.113.1')));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('without an address only the account counts (password changes)', async () => {
    const { limiter, store } = setup();
    const a = await limiter.begin('sam@example.com', undefined);
    expect(a.allowed).toBe(true);
    expect(store.size()).toBe(1);
  });

  it('keys are hashes: what was typed is never stored', () => {
    expect(accountKey('Sam@Example.com ')).toBe(accountKey('sam@example.com'));
    expect(accountKey('sam@example.com')).toMatch(/^[0-9a-f]{64}$/);
    expect(ipKey('203.0.113.1')).not.toBe(accountKey('203.0.113.1'));
  });
});
