import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../apps/runtime/src/auth/password.ts';
import { DEMO_USERS, seedDemo, type SeedResult } from '../../apps/runtime/src/demo/seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/platform.ts';

/** What `npm start` seeds for signing in: one account per role, with passwords and groups. */
let database: TestDatabase;
let first: SeedResult;

beforeAll(async () => {
  database = await createTestDatabase('demo_accounts');
  first = await seedDemo(database.db);
});

afterAll(async () => {
  await database?.drop();
});

describe('demo accounts', () => {
  it('one account per role, each with a generated password (stored as argon2id) and an API token', async () => {
    expect(first.newPasswords.map((p) => p.email)).toEqual(DEMO_USERS.map((u) => u.email));
    expect(first.newTokens.map((t) => t.email)).toEqual(expect.arrayContaining(DEMO_USERS.map((u) => u.email)));
    const roles = new Set(DEMO_USERS.flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual(['admin', 'auditor', 'developer', 'manager', 'process_owner', 'staff']);
    for (const { email, password } of first.newPasswords) {
      const row = await database.db.user.findUniqueOrThrow({ where: { email } });
      expect(row.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(row.passwordHash, password)).toBe(true);
    }
    expect(new Set(first.newPasswords.map((p) => p.password)).size).toBe(DEMO_USERS.length);
  });

  it('groups: support has the staff member, shift-leads and sales-heads the manager', async () => {
    const groups = await database.db.group.findMany({
      where: { key: { in: ['support', 'shift-leads', 'sales-heads'] } },
      select: { key: true, members: { select: { user: { select: { email: true } } } } },
      orderBy: { key: 'asc' },
    });
    expect(groups.map((g) => [g.key, g.members.map((m) => m.user.email)])).toEqual([
      ['sales-heads', ['manager@trackway.local']],
      ['shift-leads', ['manager@trackway.local']],
      ['support', ['staff@trackway.local']],
    ]);
  });

  it('a re-start changes nothing: no new passwords or tokens, the old ones still valid', async () => {
    const hashes = await database.db.user.findMany({
      select: { email: true, passwordHash: true, tokenHash: true },
      orderBy: { email: 'asc' },
    });
    const again = await seedDemo(database.db);
    expect(again).toEqual({ newTokens: [], newPasswords: [] });
    expect(
      await database.db.user.findMany({ select: { email: true, passwordHash: true, tokenHash: true }, orderBy: { email: 'asc' } }),
    ).toEqual(hashes);
    expect(await database.db.groupMember.count({ where: { group: { key: 'support' } } })).toBe(1);
  });

  it('a demo account from before passwords existed gets one on the next start (its token is kept)', async () => {
    const before = await database.db.user.update({
      where: { email: 'auditor@trackway.local' },
      data: { passwordHash: null },
      select: { tokenHash: true },
    });
    const again = await seedDemo(database.db);
    expect(again.newTokens).toEqual([]);
    expect(again.newPasswords.map((p) => p.email)).toEqual(['auditor@trackway.local']);
    const row = await database.db.user.findUniqueOrThrow({ where: { email: 'auditor@trackway.local' } });
    expect(row.tokenHash).toBe(before.tokenHash);
    expect(await verifyPassword(row.passwordHash, again.newPasswords[0]?.password ?? '')).toBe(true);
  });
});
