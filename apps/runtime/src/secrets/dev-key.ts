import fs from 'node:fs';
import path from 'node:path';
import { generateKey, parseKey, SECRETS_KEY_ENV } from './keyring.ts';

/**
 * The secrets key of a local installation when TRACKWAY_SECRETS_KEY is not set: generated once and
 * kept in `<dataDir>/secrets.key` (readable by its owner only), so `npm start` works out of the box
 * and secrets stay readable across restarts. Production sets the variable instead.
 */
export function devSecretsKey(dataDir: string): { key: string; created: boolean } {
  const file = path.join(dataDir, 'secrets.key');
  if (fs.existsSync(file)) {
    const key = fs.readFileSync(file, 'utf8').trim();
    parseKey(key, `${file} (the generated ${SECRETS_KEY_ENV})`);
    return { key, created: false };
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = generateKey();
  fs.writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, created: true };
}
