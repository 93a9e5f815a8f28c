import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { z } from 'zod';

/**
 * argon2id with OWASP's baseline (19 MiB, 2 passes, 1 lane): ~20 ms here, and memory-hard, so
 * guessing on GPUs costs what it costs on the server. Hashes are PHC strings carrying their own
 * parameters and salt; raising these later rehashes each password at its next sign-in.
 */
export const ARGON2_OPTIONS: Options = {
  // Algorithm is a const enum in the package's types, which isolatedModules cannot inline.
  algorithm: 2 as Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Password policy (NIST 800-63B style: length, not composition rules). Never trimmed: spaces count. */
export const NewPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `use at most ${MAX_PASSWORD_LENGTH} characters`);

/** A password being checked (sign-in, current password): any length up to the maximum. */
export const GivenPasswordSchema = z.string().min(1, 'enter the password').max(MAX_PASSWORD_LENGTH, 'this is longer than any password');

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * True when `password` matches `passwordHash`. With no hash (unknown account, or one without a
 * password) a dummy hash is verified instead and the answer is false, so the time taken does not
 * tell whether the account exists. A malformed stored hash is a mismatch, never an exception.
 */
export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** True when the stored hash was made with weaker (or different) parameters than today's. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const o = parseOptions(passwordHash);
    return (
      o.algorithm !== ARGON2_OPTIONS.algorithm ||
      o.memoryCost !== ARGON2_OPTIONS.memoryCost ||
      o.timeCost !== ARGON2_OPTIONS.timeCost ||
      o.parallelism !== ARGON2_OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}

/** 32 letters and digits without look-alikes (0/O, 1/l/I); 256 is a multiple of 32, so no bias. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A random password like `k7mqz-3hx9p-wrt4a-bn2cd` (100 bits), for demo accounts and resets. */
export function generatePassword(): string {
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length] as string);
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}
