import { describe, expect, it } from 'vitest';
import { createKeyring, generateKey, keyringFromEnv, SecretKeyError } from './keyring.ts';

describe('secrets keyring (AES-256-GCM)', () => {
  const key = generateKey();

  it('encrypts to a fresh nonce every time and decrypts back', () => {
    const ring = createKeyring(key);
    const a = ring.seal('crm-token', 'tok_123456');
    const b = ring.seal('crm-token', 'tok_123456');
    expect(Buffer.from(a.ciphertext).toString('utf8')).not.toContain('tok_123456');
    expect(Buffer.from(a.nonce).equals(Buffer.from(b.nonce))).toBe(false);
    expect(a.keyId).toBe(ring.currentKeyId);
    expect(ring.open('crm-token', a)).toBe('tok_123456');
  });

  it('refuses a value moved to another name, or changed', () => {
    const ring = createKeyring(key);
    const sealed = ring.seal('crm-token', 'tok_123456');
    expect(() => ring.open('other-token', sealed)).toThrow(SecretKeyError);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => ring.open('crm-token', { ...sealed, ciphertext: flipped })).toThrow('does not decrypt');
  });

  it('decrypts with a previous key after rotation and says which key is missing otherwise', () => {
    const old = createKeyring(key);
    const sealed = old.seal('crm-token', 'tok_123456');
    const rotated = createKeyring(generateKey(), [key]);
    expect(rotated.currentKeyId).not.toBe(old.currentKeyId);
    expect(rotated.open('crm-token', sealed)).toBe('tok_123456');
    expect(() => createKeyring(generateKey()).open('crm-token', sealed)).toThrow(`encrypted with key ${old.currentKeyId}`);
  });

  it('accepts only 32-byte base64 keys, naming the variable', () => {
    expect(() => createKeyring('too-short')).toThrow('TRACKWAY_SECRETS_KEY must be 32 random bytes in base64');
    expect(() => createKeyring(key, [Buffer.alloc(16).toString('base64')])).toThrow('TRACKWAY_SECRETS_KEY_PREVIOUS');
    expect(keyringFromEnv({})).toBeUndefined();
    expect(keyringFromEnv({ TRACKWAY_SECRETS_KEY: key, TRACKWAY_SECRETS_KEY_PREVIOUS: ` ${generateKey()} , ` })?.currentKeyId).toBe(
      createKeyring(key).currentKeyId,
    );
  });
});
