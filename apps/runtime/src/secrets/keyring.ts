import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * The keys secrets are encrypted with: AES-256-GCM from Node's crypto. The current key
 * (TRACKWAY_SECRETS_KEY) encrypts; it and any previous keys (TRACKWAY_SECRETS_KEY_PREVIOUS,
 * comma-separated) decrypt, so a key can be replaced without downtime and `npm run secrets:rotate`
 * re-encrypts at leisure. Each row records the id of the key that encrypted it.
 */
export const SECRETS_KEY_ENV = 'TRACKWAY_SECRETS_KEY';
export const SECRETS_PREVIOUS_KEYS_ENV = 'TRACKWAY_SECRETS_KEY_PREVIOUS';

export interface Sealed {
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
  readonly keyId: string;
}

export interface Keyring {
  /** Id of the key new values are encrypted with. */
  readonly currentKeyId: string;
  seal(name: string, value: string): Sealed;
  /** Throws SecretKeyError when the key is not configured or the value was tampered with. */
  open(name: string, sealed: Sealed): string;
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** First 16 hex digits of the key's sha256: names a key without revealing it. */
export function keyIdOf(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function parseKey(text: string, variable: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  // Buffer.from ignores what is not base64; a round trip proves the text was a key.
  if (key.length !== 32 || key.toString('base64').replace(/=+$/, '') !== trimmed.replace(/=+$/, '')) {
    throw new SecretKeyError(`${variable} must be 32 random bytes in base64 (e.g. \`openssl rand -base64 32\`).`);
  }
  return key;
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}

export function createKeyring(current: string, previous: readonly string[] = []): Keyring {
  const currentKey = parseKey(current, SECRETS_KEY_ENV);
  const keys = new Map<string, Buffer>([[keyIdOf(currentKey), currentKey]]);
  for (const text of previous) {
    const key = parseKey(text, SECRETS_PREVIOUS_KEYS_ENV);
    keys.set(keyIdOf(key), key);
  }
  const currentKeyId = keyIdOf(currentKey);
  return {
    currentKeyId,
    seal(name, value) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, nonce);
      // The name is authenticated with the value: a value copied onto another row does not decrypt.
      cipher.setAAD(Buffer.from(name, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
      return { nonce, ciphertext, tag: cipher.getAuthTag(), keyId: currentKeyId };
    },
    open(name, sealed) {
      const key = keys.get(sealed.keyId);
      if (!key) {
        throw new SecretKeyError(
          `Secret "${name}" was encrypted with key ${sealed.keyId}, which is neither ${SECRETS_KEY_ENV} nor in ${SECRETS_PREVIOUS_KEYS_ENV}.`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce);
        decipher.setAAD(Buffer.from(name, 'utf8'));
        decipher.setAuthTag(sealed.tag);
        return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError(`Secret "${name}" does not decrypt: it was changed outside Trackway or belongs to another name.`);
      }
    },
  };
}

/** The keyring from the environment; undefined when no key is configured (secrets are then unavailable). */
export function keyringFromEnv(env: Record<string, string | undefined> = process.env): Keyring | undefined {
  const current = env[SECRETS_KEY_ENV];
  if (!current) return undefined;
  const previous = (env[SECRETS_PREVIOUS_KEYS_ENV] ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  return createKeyring(current, previous);
}
