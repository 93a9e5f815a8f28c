import { hashToken } from '../api/context.ts';
import type { Db } from '../db/client.ts';
import { newApiKey } from './api-keys.ts';

export const DEMO_API_KEY_NAME = 'Demo external system';

/**
 * A demo key for POST /api/events, returned only when created (it is stored as a hash, so it
 * can be shown only now). Idempotent: does nothing when a key of that name exists.
 */
export async function seedDemoApiKey(db: Db, createdBy: string): Promise<string | undefined> {
  if (await db.apiKey.count({ where: { name: DEMO_API_KEY_NAME } })) return undefined;
  const key = newApiKey();
  await db.apiKey.create({ data: { name: DEMO_API_KEY_NAME, eventTypes: ['*'], keyHash: hashToken(key), createdBy } });
  return key;
}
