import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../db/test-database.ts';
import { createCustomerDirectory, type CustomerDirectory } from './directory.ts';
import { KNOWN_CUSTOMER, seedCustomers } from './seed.ts';

/** The directory against a real, migrated Postgres database with the demo customers seeded. */
let database: TestDatabase;
let db: Db;
let directory: CustomerDirectory;
let managerId: string;

beforeAll(async () => {
  database = await createTestDatabase('customers');
  await migrate(database.url);
  db = createPrisma(database.url);
  managerId = (await db.user.create({ data: { email: 'manager@trackway.local', displayName: 'Mia Manager', roles: ['manager'] } })).id;
  await db.user.create({ data: { email: 'staff@trackway.local', displayName: 'Sam Staff', roles: ['staff'] } });
  directory = createCustomerDirectory(db);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe('seedCustomers', () => {
  it('creates the demo customers once and leaves them alone on the next call', async () => {
    expect(await seedCustomers(db)).toEqual({ created: 15 });
    expect(await seedCustomers(db)).toEqual({ created: 0 });
    expect(await db.customer.count()).toBe(15);
    const tiers = await db.customer.groupBy({ by: ['tier'], _count: true, orderBy: { tier: 'asc' } });
    expect(tiers.map((t) => t.tier)).toEqual(['gold', 'silver', 'standard']);
    const zones = await db.customer.findMany({ distinct: ['timeZone'], select: { timeZone: true } });
    expect(zones.length).toBeGreaterThanOrEqual(5);
    // Account managers are the staff and manager demo users.
    const managed = await db.customer.findMany({ where: { accountManagerId: { not: null } }, select: { accountManagerId: true } });
    expect(new Set(managed.map((m) => m.accountManagerId)).size).toBe(2);
  });
});

describe('customer directory lookup', () => {
  it.each([
    ['phone', '+49 30 1234567', undefined],
    ['phone', '+49 (30) 123-45-67', undefined],
    ['phone', '030 1234567', 'DE'],
    ['phone', '0049 30 1234567', 'DE'],
    ['email', 'anna.schmidt@example.com', undefined],
    ['email', '  Anna.Schmidt@EXAMPLE.com ', undefined],
    ['id', KNOWN_CUSTOMER.ref, undefined],
  ] as const)('finds Anna Schmidt by %s %j', async (by, value, defaultCountry) => {
    const result = await directory.lookup(by, value, defaultCountry ? { defaultCountry } : {});
    expect(result.found).toBe(true);
    if (!result.found) return;
    expect(result.profile).toMatchObject({
      externalRef: KNOWN_CUSTOMER.ref,
      name: 'Anna Schmidt',
      tier: 'gold',
      segment: 'enterprise',
      timeZone: 'Europe/Berlin',
      accountManager: { id: managerId, email: 'manager@trackway.local', displayName: 'Mia Manager' },
    });
    expect(result.profile.contacts).toEqual([
      { kind: 'email', value: KNOWN_CUSTOMER.email, label: 'main', primary: true },
      { kind: 'phone', value: KNOWN_CUSTOMER.phone, label: 'main', primary: true },
    ]);
  });

  it('finds by our own id as well as by the external reference', async () => {
    const anna = await db.customer.findUniqueOrThrow({ where: { externalRef: KNOWN_CUSTOMER.ref } });
    const result = await directory.lookup('id', anna.id.toUpperCase());
    expect(result.found && result.profile.id).toBe(anna.id);
  });

  it('lists recent requests (kind "request", newest first, at most 10) and open problems of any kind', async () => {
    const anna = await db.customer.findUniqueOrThrow({ where: { externalRef: KNOWN_CUSTOMER.ref } });
    const profile = await directory.profile(anna.id);
    expect(profile?.recentRequests.map((r) => r.subject)).toEqual([
      'Invoice INV-2041 shows the wrong VAT rate',
      'Add a second delivery address',
      'Copy of the framework contract',
    ]);
    expect(profile?.recentRequests[1]).toMatchObject({ status: 'closed', closedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(profile?.openProblems.map((p) => [p.kind, p.subject])).toEqual([
      ['request', 'Invoice INV-2041 shows the wrong VAT rate'],
      ['complaint', 'Delivery arrived two days late'],
    ]);

    const busy = await db.customer.create({ data: { name: 'Busy Caller' } });
    await db.customerInteraction.createMany({
      data: Array.from({ length: 12 }, (_, i) => ({
        customerId: busy.id,
        kind: 'request',
        subject: `request ${i}`,
        status: 'closed',
        createdAt: new Date(Date.UTC(2026, 0, 1 + i)),
      })),
    });
    const busyProfile = await directory.profile(busy.id);
    expect(busyProfile?.recentRequests.map((r) => r.subject)).toEqual(Array.from({ length: 10 }, (_, i) => `request ${11 - i}`));
    expect(busyProfile).toMatchObject({ tier: 'standard', timeZone: 'UTC', accountManager: null, openProblems: [], contacts: [] });
  });

  it.each([
    ['phone', '+49 30 7654321', undefined, 'no customer with phone +49 30 7654321'],
    ['email', 'nobody@example.com', undefined, 'no customer with email nobody@example.com'],
    ['id', 'CRM-9999', undefined, 'no customer with id CRM-9999'],
    ['id', '00000000-0000-4000-8000-000000000000', undefined, 'no customer with id 00000000-0000-4000-8000-000000000000'],
    ['phone', 'call me maybe', 'DE', '"call me maybe" is not a phone number'],
    ['phone', '030 1234567', undefined, '"030 1234567" has no country code (+49...) and no default country is set'],
    ['email', 'anna at example', undefined, '"anna at example" is not an e-mail address'],
  ] as const)('does not find %s %j: %s', async (by, value, defaultCountry, reason) => {
    expect(await directory.lookup(by, value, defaultCountry ? { defaultCountry } : {})).toEqual({
      found: false,
      query: { by, value },
      reason,
    });
  });
});

describe('customer search', () => {
  it.each([
    ['anna', ['Anna Schmidt']],
    ['SCHMIDT', ['Anna Schmidt']],
    ['030 1234567', ['Anna Schmidt']],
    ['anna.schmidt@example', ['Anna Schmidt']],
    ['CRM-1004', ['Nordlicht Logistik AG']],
    ['dental', ['Golden Gate Dental Group', 'Helvetia Dental Praxis']],
    ['no such customer', []],
  ])('%j finds %j', async (query, names) => {
    expect((await directory.search(query, 20)).map((c) => c.name)).toEqual(names);
  });

  it('stops at the limit', async () => {
    expect(await directory.search('example', 3)).toHaveLength(3);
  });
});
