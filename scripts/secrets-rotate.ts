/**
 * `npm run secrets:rotate`: re-encrypts every secret that is not yet under the current key.
 *
 * Rotating a key: set the new key as TRACKWAY_SECRETS_KEY and the old one in
 * TRACKWAY_SECRETS_KEY_PREVIOUS (comma-separated if several), restart the platform (it reads both),
 * run this, then drop the old key. Locally, without TRACKWAY_SECRETS_KEY, the key is the generated
 * one in .data/secrets.key. The database is DATABASE_URL or the embedded one under .data/pg.
 */
import { createPrisma } from '../apps/runtime/src/db/client.ts';
import { devSecretsKey } from '../apps/runtime/src/secrets/dev-key.ts';
import { keyringFromEnv, SECRETS_KEY_ENV } from '../apps/runtime/src/secrets/keyring.ts';
import { createSecretStore } from '../apps/runtime/src/secrets/store.ts';
import { failFromError, step } from './lib/log.ts';
import { fromRoot } from './lib/paths.ts';
import { ensurePostgres } from './lib/postgres.ts';

async function main() {
  const env = { ...process.env };
  if (!env[SECRETS_KEY_ENV]) env[SECRETS_KEY_ENV] = devSecretsKey(fromRoot('.data')).key;
  const keyring = keyringFromEnv(env);
  const pg = await ensurePostgres();
  const db = createPrisma(pg.url);
  try {
    const done = step(`Re-encrypting secrets with key ${keyring?.currentKeyId}`);
    const result = await createSecretStore(db, keyring).rotate();
    done(`${result.reencrypted} of ${result.total} re-encrypted (the others were under this key already)`);
  } finally {
    await db.$disconnect();
    await pg.stop();
  }
}

main().catch((error: unknown) => failFromError(error, 'secrets:rotate'));
