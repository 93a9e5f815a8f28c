import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCustomers } from '../../customers/seed.ts';
import { createPrisma, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { createInnerContext, type SessionUser } from '../context.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';

let database: TestDatabase;
let db: Db;

function callerFor(user: SessionUser) {
  // The customers router never touches Temporal.
  return createCallerFactory(appRouter)(createInnerContext({ db, temporal: undefined as never, taskQueue: 'none' }, user));
}
let caller: ReturnType<typeof callerFor>;

beforeAll(async () => {
  database = await createTestDatabase('customers_api');
  await migrate(database.url);
  db = createPrisma(database.url);
  const staff = await db.user.create({
    data: { email: 'staff@trackway.local', displayName: 'Sam Staff', roles: ['staff'] },
    select: { id: true, email: true, roles: true },
  });
  await seedCustomers(db);
  caller = callerFor(staff);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

async function codeOf(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return { code: (error as TRPCError).code, message: (error as TRPCError).message };
}

describe('customers.search', () => {
  it('finds by name, phone digits and e-mail, with contacts but no history', async () => {
    const { items } = await caller.customers.search({ query: '030 1234567' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ name: 'Anna Schmidt', tier: 'gold', externalRef: 'CRM-1001' });
    expect(items[0]?.contacts.map((c) => c.value)).toEqual(['anna.schmidt@example.com', '+49301234567']);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['contacts', 'externalRef', 'id', 'name', 'segment', 'tier', 'timeZone']);
    expect((await caller.customers.search({ query: 'logistik', limit: 5 })).items.map((c) => c.name)).toEqual(['Nordlicht Logistik AG']);
  });

  it('takes SQL wildcards literally', async () => {
    expect((await caller.customers.search({ query: '%%' })).items).toEqual([]);
    expect((await caller.customers.search({ query: '__' })).items).toEqual([]);
  });

  it.each([
    [{ query: ' a ' }, 'BAD_REQUEST'],
    [{ query: 'x'.repeat(201) }, 'BAD_REQUEST'],
    [{ query: 'anna', limit: 0 }, 'BAD_REQUEST'],
    [{ query: 'anna', limit: 101 }, 'BAD_REQUEST'],
    [{ query: 'an\u0000na' }, 'BAD_REQUEST'],
  ])('refuses %j', async (input, code) => {
    expect((await codeOf(caller.customers.search(input))).code).toBe(code);
  });
});

describe('customers.get', () => {
  it('returns the profile', async () => {
    const anna = await db.customer.findUniqueOrThrow({ where: { externalRef: 'CRM-1001' } });
    const profile = await caller.customers.get({ id: anna.id });
    expect(profile).toMatchObject({ name: 'Anna Schmidt', tier: 'gold', accountManager: null });
    expect(profile.openProblems).toHaveLength(2);
  });

  it('answers NOT_FOUND for an unknown id and BAD_REQUEST for a malformed one', async () => {
    expect(await codeOf(caller.customers.get({ id: '00000000-0000-4000-8000-000000000000' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'Customer "00000000-0000-4000-8000-000000000000" does not exist.',
    });
    expect((await codeOf(caller.customers.get({ id: 'CRM-1001' }))).code).toBe('BAD_REQUEST');
  });
});
