import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { createInnerContext, hashToken, type SessionUser } from '../context.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';

const callerFactory = createCallerFactory(appRouter);
let database: TestDatabase;
let db: Db;
let caller: ReturnType<typeof callerFactory>;

beforeAll(async () => {
  database = await createTestDatabase('directory');
  await migrate(database.url);
  db = createPrisma(database.url);
  const owner = await db.user.create({
    data: { email: 'olga@example.test', displayName: 'Olga Owner', roles: ['process_owner'], tokenHash: hashToken('secret-owner') },
    select: { id: true, email: true, roles: true },
  });
  const dana = await db.user.create({
    data: { email: 'dana@example.test', displayName: 'Dana Reyes', roles: ['staff'], tokenHash: hashToken('secret-dana') },
  });
  const sam = await db.user.create({ data: { email: 'sam.lee@example.test', displayName: 'Sam Lee', roles: ['staff', 'manager'] } });
  await db.group.create({ data: { key: 'support', name: 'Support', members: { create: [{ userId: dana.id }, { userId: sam.id }] } } });
  await db.group.create({ data: { key: 'billing', name: 'Billing' } });
  // The router never touches Temporal.
  caller = callerFactory(createInnerContext({ db, temporal: undefined as never, taskQueue: 'none' }, owner as SessionUser));
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe('directory.users', () => {
  it('lists people by name with exactly the fields a picker needs, never a token hash', async () => {
    const users = await caller.directory.users();
    expect(users.map((u) => u.displayName)).toEqual(['Dana Reyes', 'Olga Owner', 'Sam Lee']);
    for (const user of users) expect(Object.keys(user).sort()).toEqual(['displayName', 'email', 'id', 'roles']);
    expect(JSON.stringify(users)).not.toContain(hashToken('secret-dana'));
    expect(users.find((u) => u.displayName === 'Sam Lee')?.roles).toEqual(['staff', 'manager']);
  });

  it('searches names and e-mail addresses case-insensitively and honours the limit', async () => {
    expect((await caller.directory.users({ search: 'REYES' })).map((u) => u.email)).toEqual(['dana@example.test']);
    expect((await caller.directory.users({ search: 'sam.lee@' })).map((u) => u.displayName)).toEqual(['Sam Lee']);
    // LIKE wildcards are searched for literally, not interpreted.
    expect(await caller.directory.users({ search: '%' })).toEqual([]);
    expect(await caller.directory.users({ search: 'sam_lee' })).toEqual([]);
    expect(await caller.directory.users({ search: '\\' })).toEqual([]);
    expect(await caller.directory.users({ limit: 1 })).toHaveLength(1);
  });

  it('refuses a bad limit as a client error naming the field', async () => {
    const error = await caller.directory.users({ limit: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('BAD_REQUEST');
    expect((error as TRPCError).message).toContain('limit');
  });
});

describe('directory.groups', () => {
  it('lists groups by name with their member count', async () => {
    expect(await caller.directory.groups()).toEqual([
      { key: 'billing', name: 'Billing', memberCount: 0 },
      { key: 'support', name: 'Support', memberCount: 2 },
    ]);
  });
});
