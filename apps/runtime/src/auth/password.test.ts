import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, needsRehash, NewPasswordSchema, verifyPassword } from './password.ts';

describe('passwords', () => {
  it('are hashed with argon2id (19 MiB, 2 passes) into a salted PHC string that verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false);
    expect(await verifyPassword(stored, 'Correct horse battery staple')).toBe(false);
    // A fresh salt every time.
    expect(await hashPassword('correct horse battery staple')).not.toBe(stored);
  });

  it('a missing or malformed stored hash is a mismatch, never an exception', async () => {
    expect(await verifyPassword(null, 'anything at all')).toBe(false);
    expect(await verifyPassword(undefined, '')).toBe(false);
    expect(await verifyPassword('$argon2id$garbage', 'anything at all')).toBe(false);
    expect(await verifyPassword('plain-text-password', 'plain-text-password')).toBe(false);
  });

  it('takes about as long for an unknown account as for a wrong password', async () => {
    const stored = await hashPassword('some long password');
    await verifyPassword(null, 'warm up the dummy hash');
    const time = async (f: () => Promise<unknown>) => {
      const start = performance.now();
      for (let i = 0; i < 5; i++) await f();
      return performance.now() - start;
    };
    const known = await time(() => verifyPassword(stored, 'wrong password here'));
    const unknown = await time(() => verifyPassword(null, 'wrong password here'));
    // Same KDF work in both; a skipped check would be orders of magnitude faster.
    expect(unknown).toBeGreaterThan(known * 0.3);
  });

  it('asks for a rehash when the stored parameters are weaker than today', async () => {
    expect(needsRehash(await hashPassword('a password of length'))).toBe(false);
    expect(needsRehash(await hash('a password of length', { memoryCost: 4096, timeCost: 1, parallelism: 1 }))).toBe(true);
    expect(needsRehash('not a hash')).toBe(true);
  });

  it('policy: at least 12 characters, at most 256, spaces count and nothing is trimmed', () => {
    expect(NewPasswordSchema.safeParse('short pw').error?.issues[0]?.message).toBe('use at least 12 characters');
    expect(NewPasswordSchema.safeParse('x'.repeat(257)).error?.issues[0]?.message).toBe('use at most 256 characters');
    expect(NewPasswordSchema.parse('  twelve chr  ')).toBe('  twelve chr  ');
  });

  it('generated passwords are long, unambiguous and different each time', () => {
    const seen = new Set(Array.from({ length: 200 }, generatePassword));
    expect(seen.size).toBe(200);
    for (const p of seen) {
      expect(p).toMatch(/^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){3}$/);
      expect(NewPasswordSchema.safeParse(p).success).toBe(true);
    }
  });
});
