import { spawnSync } from 'node:child_process';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext, type SessionUser } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { createKeyring, generateKey, type Keyring } from '../../apps/runtime/src/secrets/keyring.ts';
import { createSecretStore } from '../../apps/runtime/src/secrets/store.ts';
import { fromRoot } from '../../scripts/lib/paths.ts';
import { createTestDatabase, createUser, type TestDatabase } from '../support/platform.ts';

/** Named secrets: encrypted at rest, set and removed through the API, never shown, rotated to a new key. */
let database: TestDatabase;
let developer: SessionUser;
const KEY_A = generateKey();
const KEY_B = generateKey();
const callerFactory = createCallerFactory(appRouter);
// Temporal is not used by the secrets procedures.
const api = (keyring: Keyring | undefined) =>
  callerFactory(
    createInnerContext(
      { db: database.db, temporal: undefined as never, taskQueue: 'secrets', ...(keyring ? { secretsKeyring: keyring } : {}) },
      developer,
    ),
  );

beforeAll(async () => {
  database = await createTestDatabase('secrets');
  developer = await createUser(database.db, ['developer']);
});

afterAll(async () => {
  await database?.drop();
});

async function refusal(call: Promise<unknown>): Promise<[string, string]> {
  const error = await call.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TRPCError);
  return [(error as TRPCError).code, (error as TRPCError).message];
}

describe('secrets API', () => {
  const ring = createKeyring(KEY_A);

  it('sets, replaces, lists (names and dates only) and removes, auditing names only', async () => {
    expect(await api(ring).secrets.set({ name: 'crm-token', value: 'tok-first-1' })).toEqual({ name: 'crm-token', created: true });
    expect(await api(ring).secrets.set({ name: 'crm-token', value: 'tok-second-2' })).toEqual({ name: 'crm-token', created: false });
    await api(ring).secrets.set({ name: 'mail-password', value: 'hunter2-long' });
    const listed = await api(ring).secrets.list();
    expect(listed.map((s) => s.name)).toEqual(['crm-token', 'mail-password']);
    expect(Object.keys(listed[0] ?? {}).sort()).toEqual(['createdAt', 'name', 'updatedAt']);
    expect(await createSecretStore(database.db, ring).get('crm-token')).toBe('tok-second-2');

    expect(await api(ring).secrets.remove({ name: 'mail-password' })).toEqual({ name: 'mail-password' });
    expect(await refusal(api(ring).secrets.remove({ name: 'mail-password' }))).toEqual([
      'NOT_FOUND',
      'Secret "mail-password" does not exist.',
    ]);

    const audit = await database.db.auditEntry.findMany({
      where: { subjectType: 'secret' },
      orderBy: { seq: 'asc' },
      select: { action: true, payload: true },
    });
    expect(audit.map((a) => a.action)).toEqual(['secret.set', 'secret.set', 'secret.set', 'secret.remove']);
    const everything = JSON.stringify([listed, audit]);
    for (const value of ['tok-first-1', 'tok-second-2', 'hunter2-long']) expect(everything).not.toContain(value);
  });

  it('stores only ciphertext', async () => {
    // Bytes as text ("escape": printable bytes as they are), so a plaintext value would show.
    const [row] = await database.db.$queryRaw<Array<{ row: string }>>`
      SELECT concat_ws(' ', name, key_id, encode(nonce, 'escape'), encode(ciphertext, 'escape'), encode(tag, 'escape')) AS row
      FROM secrets WHERE name = 'crm-token'`;
    expect(row?.row).toContain('crm-token');
    expect(row?.row).not.toContain('tok-second-2');
  });

  it('refuses bad names and values with a specific message, and changes nothing', async () => {
    expect(await refusal(api(ring).secrets.set({ name: 'CRM Token', value: 'abcdef' }))).toEqual([
      'BAD_REQUEST',
      expect.stringContaining('lower-case letters'),
    ]);
    expect(await refusal(api(ring).secrets.set({ name: 'crm-token', value: 'abc' }))).toEqual([
      'BAD_REQUEST',
      expect.stringContaining('at least 4 characters'),
    ]);
    expect(await refusal(api(ring).secrets.set({ name: 'crm-token', value: 'pasted-token\n' }))).toEqual([
      'BAD_REQUEST',
      expect.stringContaining('line breaks at the start or end'),
    ]);
    expect(await createSecretStore(database.db, ring).get('crm-token')).toBe('tok-second-2');
  });

  it('says what to configure when no key is set', async () => {
    expect(await refusal(api(undefined).secrets.set({ name: 'other-token', value: 'abcdef' }))).toEqual([
      'PRECONDITION_FAILED',
      expect.stringContaining('set TRACKWAY_SECRETS_KEY'),
    ]);
    expect(await database.db.secret.count({ where: { name: 'other-token' } })).toBe(0);
  });
});

describe('key rotation', () => {
  it('npm run secrets:rotate re-encrypts every value under the new key; the old key is then no longer needed', async () => {
    await createSecretStore(database.db, createKeyring(KEY_A)).set('rotate-me', 'value-before-rotation', null);
    const result = spawnSync('npx', ['tsx', 'scripts/secrets-rotate.ts'], {
      cwd: fromRoot(),
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: database.url, TRACKWAY_SECRETS_KEY: KEY_B, TRACKWAY_SECRETS_KEY_PREVIOUS: KEY_A },
    });
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/2 of 2 re-encrypted/);

    const onlyB = createSecretStore(database.db, createKeyring(KEY_B));
    expect(await onlyB.get('rotate-me')).toBe('value-before-rotation');
    expect(await onlyB.get('crm-token')).toBe('tok-second-2');
    const keyIds = await database.db.secret.findMany({ select: { keyId: true }, distinct: ['keyId'] });
    expect(keyIds).toEqual([{ keyId: createKeyring(KEY_B).currentKeyId }]);
    await expect(createSecretStore(database.db, createKeyring(KEY_A)).get('rotate-me')).rejects.toThrow(
      `encrypted with key ${createKeyring(KEY_B).currentKeyId}`,
    );
    // Running it again finds nothing to do.
    expect(await onlyB.rotate()).toEqual({ reencrypted: 0, total: 2 });
  });
});
