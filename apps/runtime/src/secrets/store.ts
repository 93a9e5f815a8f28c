import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

/** A Prisma client, or a transaction's, so a change commits together with its audit entry. */
export type SecretsDb = Db | Prisma.TransactionClient;
import { SecretKeyError, type Keyring } from './keyring.ts';

/** Secrets longer than this are refused (tokens and keys, not files). */
export const SECRET_VALUE_MAX = 8_192;
/** Shorter values would make redaction hide ordinary words in logs and outputs. */
export const SECRET_VALUE_MIN = 4;

/** What lists of secrets show: never the value, never the ciphertext. */
export const secretSummarySelect = {
  name: true,
  keyId: true,
  createdAt: true,
  updatedAt: true,
  updatedBy: true,
} satisfies Prisma.SecretSelect;

export interface SecretStore {
  list(): Promise<Array<Prisma.SecretGetPayload<{ select: typeof secretSummarySelect }>>>;
  /** Creates or replaces; returns whether it was created. */
  set(name: string, value: string, updatedBy: string | null): Promise<{ created: boolean }>;
  /** Returns false when there was no such secret. */
  remove(name: string): Promise<boolean>;
  /** The value, for activities only; undefined when no secret has that name. */
  get(name: string): Promise<string | undefined>;
  /** Re-encrypts every value not yet under the current key; returns how many were. */
  rotate(): Promise<{ reencrypted: number; total: number }>;
}

export function createSecretStore(db: SecretsDb, keyring: Keyring | undefined): SecretStore {
  const ring = (): Keyring => {
    if (!keyring) throw new SecretKeyError('Secrets are not configured: set TRACKWAY_SECRETS_KEY (32 random bytes in base64).');
    return keyring;
  };
  return {
    list: () => db.secret.findMany({ select: secretSummarySelect, orderBy: { name: 'asc' } }),
    async set(name, value, updatedBy) {
      const sealed = ring().seal(name, value);
      const data = {
        ...sealed,
        nonce: Buffer.from(sealed.nonce),
        ciphertext: Buffer.from(sealed.ciphertext),
        tag: Buffer.from(sealed.tag),
        updatedBy,
      };
      const existing = await db.secret.findUnique({ where: { name }, select: { id: true } });
      await db.secret.upsert({ where: { name }, create: { name, ...data }, update: data, select: { id: true } });
      return { created: !existing };
    },
    async remove(name) {
      const { count } = await db.secret.deleteMany({ where: { name } });
      return count > 0;
    },
    async get(name) {
      const row = await db.secret.findUnique({ where: { name }, select: { nonce: true, ciphertext: true, tag: true, keyId: true } });
      return row ? ring().open(name, row) : undefined;
    },
    async rotate() {
      const keys = ring();
      const rows = await db.secret.findMany({
        select: { id: true, name: true, nonce: true, ciphertext: true, tag: true, keyId: true, updatedAt: true },
      });
      let reencrypted = 0;
      for (const row of rows) {
        if (row.keyId === keys.currentKeyId) continue;
        const sealed = keys.seal(row.name, keys.open(row.name, row));
        // Only if nobody replaced the value meanwhile (it would already be under the current key).
        const { count } = await db.secret.updateMany({
          where: { id: row.id, keyId: row.keyId },
          // The value did not change, so neither does updatedAt.
          data: {
            nonce: Buffer.from(sealed.nonce),
            ciphertext: Buffer.from(sealed.ciphertext),
            tag: Buffer.from(sealed.tag),
            keyId: sealed.keyId,
            updatedAt: row.updatedAt,
          },
        });
        reencrypted += count;
      }
      return { reencrypted, total: rows.length };
    },
  };
}
