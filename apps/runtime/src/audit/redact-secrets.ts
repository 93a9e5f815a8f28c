/**
 * Secrets never reach the audit log: values under keys that name a secret are replaced before a
 * payload is hashed or stored. Matched on the key, case-insensitively and ignoring "-"/"_", so
 * `password`, `clientSecret`, `access_token`, `x-api-key` and `Authorization` are all caught.
 */
const SECRET_KEY = /^pass$|password|passwd|passphrase|secret|token|apikey|authori[sz]ation|credential|privatekey|cookie/i;

export const REDACTED_VALUE = '[redacted]';

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.replace(/[-_\s]/g, ''));
}

/** A copy of `value` with secret-named keys' values replaced, at any depth. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = isSecretKey(key) ? REDACTED_VALUE : redactSecrets(item);
    return out;
  }
  return value;
}
