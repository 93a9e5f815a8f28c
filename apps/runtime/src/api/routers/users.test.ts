import type { Client } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../auth/password.ts';
import { createPrisma, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { createInnerContext, type SessionUser } from '../context.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';

let database: TestDatabase;
let db: Db;
const callerFactory = createCallerFactory(appRouter);
type Caller = ReturnType<typeof callerFactory>;
let admin: Caller;
let adminUser: SessionUser;
let n = 0;

const as = (user: SessionUser) => callerFactory(createInnerContext({ db, temporal: {} as Client, taskQueue: 'users-no-worker' }, user));

async function person(roles: SessionUser['roles'][number][]): Promise<SessionUser> {
  return db.user.create({
    data: { email: `p${n++}-${Date.now()}@test.local`, displayName: 'Someone', roles: [...roles] },
    select: { id: true, email: true, roles: true },
  });
}

async function failure(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  database = await createTestDatabase('users_router');
  await migrate(database.url);
  db = createPrisma(database.url);
  adminUser = await person(['admin']);
  admin = as(adminUser);
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe('users', () => {
  it('create normalises the e-mail, hashes an optional password, and never returns a hash', async () => {
    const created = await admin.users.create({
      email: '  New.Person@Example.COM ',
      displayName: ' New Person ',
      roles: ['staff', 'staff', 'auditor'],
      password: 'a long enough password',
    });
    expect(created).toMatchObject({
      email: 'new.person@example.com',
      displayName: 'New Person',
      roles: ['staff', 'auditor'],
      disabled: false,
      hasPassword: true,
      hasApiToken: false,
      groups: [],
    });
    expect(JSON.stringify(created)).not.toMatch(/argon2|passwordHash|tokenHash/);
    const row = await db.user.findUniqueOrThrow({ where: { id: created.id } });
    expect(await verifyPassword(row.passwordHash, 'a long enough password')).toBe(true);

    const duplicate = await failure(admin.users.create({ email: 'NEW.person@example.com', displayName: 'x', roles: ['staff'] }));
    expect(duplicate).toMatchObject({ code: 'CONFLICT', message: 'An account with the e-mail "new.person@example.com" already exists.' });
    const noRoles = await failure(admin.users.create({ email: 'x@example.com', displayName: 'x', roles: [] }));
    expect(noRoles.code).toBe('BAD_REQUEST');
    const badRole = await failure(admin.users.create({ email: 'x@example.com', displayName: 'x', roles: ['root' as never] }));
    expect(badRole.code).toBe('BAD_REQUEST');
    expect(await db.user.count({ where: { email: 'x@example.com' } })).toBe(0);
  });

  it('an admin cannot disable themselves, drop their own admin role, or leave no enabled admin', async () => {
    expect((await failure(admin.users.update({ id: adminUser.id, disabled: true }))).message).toBe('You cannot disable your own account.');
    expect((await failure(admin.users.update({ id: adminUser.id, roles: ['staff'] }))).message).toBe(
      'You cannot remove your own admin role; ask another admin to do it.',
    );
    // The last-admin rule matters when two admins demote each other at once: one wins, one is refused.
    const other = await person(['admin']);
    expect(await db.user.count({ where: { roles: { has: 'admin' }, disabledAt: null } })).toBe(2);
    const results = await Promise.allSettled([
      admin.users.update({ id: other.id, roles: ['manager'] }),
      as(other).users.update({ id: adminUser.id, disabled: true }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as TRPCError).message).toBe('This is the last enabled admin: make someone else an admin first.');
    expect(await db.user.count({ where: { roles: { has: 'admin' }, disabledAt: null } })).toBe(1);
    // Put things back for the next tests.
    await db.user.update({ where: { id: adminUser.id }, data: { disabledAt: null, roles: ['admin'] } });
    await db.user.update({ where: { id: other.id }, data: { roles: ['manager'] } });
  });

  it('update needs at least one change and an existing user', async () => {
    expect((await failure(admin.users.update({ id: adminUser.id }))).code).toBe('BAD_REQUEST');
    expect((await failure(admin.users.update({ id: '00000000-0000-4000-8000-000000000000', displayName: 'x' }))).code).toBe('NOT_FOUND');
  });

  it('list searches by name or e-mail, treating % and _ literally', async () => {
    const u = await admin.users.create({ email: 'percent_sign@example.com', displayName: '100% Staff', roles: ['staff'] });
    expect((await admin.users.list({ search: '100%' })).map((x) => x.id)).toEqual([u.id]);
    expect((await admin.users.list({ search: 'percent_' })).map((x) => x.id)).toEqual([u.id]);
    expect(await admin.users.list({ search: '%%%' })).toEqual([]);
  });
});

describe('groups', () => {
  it('create, rename (key fixed), members added and removed idempotently, shown in users.list', async () => {
    const staff = await person(['staff']);
    const group = await admin.groups.create({ key: 'night-shift', name: 'Night shift' });
    expect(group).toMatchObject({ key: 'night-shift', name: 'Night shift', members: [] });
    expect((await failure(admin.groups.create({ key: 'night-shift', name: 'Again' }))).code).toBe('CONFLICT');
    expect((await failure(admin.groups.create({ key: 'Night Shift', name: 'x' }))).code).toBe('BAD_REQUEST');
    expect((await admin.groups.update({ key: 'night-shift', name: 'Night team' })).name).toBe('Night team');

    const manager = as(await person(['manager']));
    const added = await manager.groups.addMember({ groupKey: 'night-shift', userId: staff.id });
    expect(added.members).toEqual([{ id: staff.id, email: staff.email, displayName: 'Someone', disabled: false }]);
    expect((await manager.groups.addMember({ groupKey: 'night-shift', userId: staff.id })).members).toHaveLength(1);
    const listed = (await admin.users.list({ search: staff.email })).find((u) => u.id === staff.id);
    expect(listed?.groups).toEqual([{ key: 'night-shift', name: 'Night team' }]);

    expect((await manager.groups.removeMember({ groupKey: 'night-shift', userId: staff.id })).members).toEqual([]);
    expect((await manager.groups.removeMember({ groupKey: 'night-shift', userId: staff.id })).members).toEqual([]);

    const audited = await db.auditEntry.findMany({
      where: { subjectId: 'night-shift' },
      orderBy: { seq: 'asc' },
      select: { action: true },
    });
    expect(audited.map((e) => e.action)).toEqual(['group.created', 'group.renamed', 'group.member_added', 'group.member_removed']);
  });

  it('refuses unknown groups and users, and disabled users', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await admin.groups.create({ key: 'refusals', name: 'Refusals' });
    expect((await failure(admin.groups.addMember({ groupKey: 'nope', userId: missing }))).message).toBe('Group "nope" does not exist.');
    expect((await failure(admin.groups.addMember({ groupKey: 'refusals', userId: missing }))).code).toBe('NOT_FOUND');
    const gone = await person(['staff']);
    await admin.users.update({ id: gone.id, disabled: true });
    const refused = await failure(admin.groups.addMember({ groupKey: 'refusals', userId: gone.id }));
    expect(refused).toMatchObject({
      code: 'BAD_REQUEST',
      message: `${gone.email} is disabled; enable the account before adding it to a group.`,
    });
    expect((await admin.groups.list()).find((g) => g.key === 'refusals')?.members).toEqual([]);
  });
});
