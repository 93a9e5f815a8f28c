import { TRPCError } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { createInnerContext, type SessionUser } from '../context.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';

let database: TestDatabase;
let db: Db;
const callerFor = (user: SessionUser) =>
  // The router never touches Temporal.
  createCallerFactory(appRouter)(createInnerContext({ db, temporal: undefined as never, taskQueue: 'none' }, user));
let ana: SessionUser;
let bo: SessionUser;
let auditor: SessionUser;
let anaIds: string[];
let boId: string;
let runId: string;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

beforeAll(async () => {
  database = await createTestDatabase('notifications_api');
  await migrate(database.url);
  db = createPrisma(database.url);
  const select = { id: true, email: true, roles: true } as const;
  ana = await db.user.create({ data: { email: 'ana@svc.test', displayName: 'Ana', roles: ['staff'] }, select });
  bo = await db.user.create({ data: { email: 'bo@svc.test', displayName: 'Bo', roles: ['staff'] }, select });
  auditor = await db.user.create({ data: { email: 'al@svc.test', displayName: 'Al', roles: ['auditor'] }, select });
  // Five for Ana, a second apart so the order is certain; one for Bo.
  anaIds = [];
  for (let i = 1; i <= 5; i++) {
    const row = await db.notification.create({
      data: { userId: ana.id, title: `Note ${i}`, body: `body ${i}`, createdAt: new Date(Date.UTC(2026, 0, 1, 9, 0, i)) },
    });
    anaIds.push(row.id);
  }
  boId = (await db.notification.create({ data: { userId: bo.id, title: 'For Bo', body: '' } })).id;

  const flow = await db.flow.create({ data: { key: 'notes', name: 'notes', ownerId: ana.id, draft: {} } });
  const version = await db.flowVersion.create({
    data: { flowId: flow.id, version: 1, definition: {}, plan: {}, contentHash: 'x', publishedBy: ana.id },
  });
  runId = (
    await db.run.create({
      data: { flowId: flow.id, flowVersionId: version.id, workflowId: 'notes:1', businessKey: '1', input: {}, startedBy: ana.id },
    })
  ).id;
  const hook = await db.outbox.create({
    data: {
      dedupeKey: `${runId}/hook/1`,
      runId,
      channel: 'webhook',
      recipient: 'https://user:pw@hooks.example.test/in/abc?token=s3cr3t',
      subject: 'Ticket',
      body: '',
    },
  });
  await db.deliveryAttempt.create({
    data: { outboxId: hook.id, channel: 'webhook', ok: false, detail: 'HTTP 503', createdAt: new Date(Date.UTC(2026, 0, 1, 10)) },
  });
  await db.deliveryAttempt.create({
    data: { outboxId: hook.id, channel: 'webhook', ok: true, detail: 'HTTP 200', createdAt: new Date(Date.UTC(2026, 0, 1, 11)) },
  });
  await db.outbox.create({
    data: { dedupeKey: `${runId}/mail/1`, runId, channel: 'email', recipient: 'c@example.test', subject: 'Mail', body: 'b' },
  });
  await db.outbox.create({
    data: { dedupeKey: 'other-run/x/1', runId: null, channel: 'in_app', recipient: 'ana@svc.test', subject: 'Other', body: '' },
  });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe('notifications.mine', () => {
  it("lists only the caller's notifications, newest first, with the unread count and no other columns", async () => {
    const page = await callerFor(ana).notifications.mine();
    expect(page.items.map((n) => n.title)).toEqual(['Note 5', 'Note 4', 'Note 3', 'Note 2', 'Note 1']);
    expect(page.unreadCount).toBe(5);
    expect(page.nextCursor).toBeNull();
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(['body', 'createdAt', 'id', 'link', 'readAt', 'title']);
    expect((await callerFor(bo).notifications.mine()).items.map((n) => n.id)).toEqual([boId]);
  });

  it('pages with a cursor and refuses a cursor that is not one of the caller’s', async () => {
    const caller = callerFor(ana);
    const first = await caller.notifications.mine({ limit: 2 });
    expect(first.items.map((n) => n.title)).toEqual(['Note 5', 'Note 4']);
    const second = await caller.notifications.mine({ limit: 2, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((n) => n.title)).toEqual(['Note 3', 'Note 2']);
    const third = await caller.notifications.mine({ limit: 2, cursor: second.nextCursor ?? undefined });
    expect(third.items.map((n) => n.title)).toEqual(['Note 1']);
    expect(third.nextCursor).toBeNull();
    expect(await codeOf(caller.notifications.mine({ cursor: boId }))).toBe('NOT_FOUND');
  });
});

describe('notifications.markRead', () => {
  it("marking someone else's notification is NOT_FOUND and changes nothing, not even the caller's own in the same call", async () => {
    const error = await callerFor(ana)
      .notifications.markRead({ ids: [anaIds[0] as string, boId] })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe('NOT_FOUND');
    expect((error as TRPCError).message).toContain(boId);
    expect(await db.notification.count({ where: { readAt: { not: null } } })).toBe(0);
  });

  it('marks the listed ones, then all; unreadOnly follows', async () => {
    const caller = callerFor(ana);
    expect(await caller.notifications.markRead({ ids: [anaIds[0] as string, anaIds[0] as string, anaIds[1] as string] })).toEqual({
      marked: 2,
      unreadCount: 3,
    });
    expect((await caller.notifications.mine({ unreadOnly: true })).items.map((n) => n.title)).toEqual(['Note 5', 'Note 4', 'Note 3']);
    // Marking again is harmless.
    expect((await caller.notifications.markRead({ ids: [anaIds[0] as string] })).marked).toBe(0);
    expect(await caller.notifications.markRead({ all: true })).toEqual({ marked: 3, unreadCount: 0 });
    // Bo's stays unread.
    expect((await callerFor(bo).notifications.mine()).unreadCount).toBe(1);
  });

  it('needs exactly one of ids or all', async () => {
    const caller = callerFor(ana);
    expect(await codeOf(caller.notifications.markRead({} as never))).toBe('BAD_REQUEST');
    expect(await codeOf(caller.notifications.markRead({ ids: [boId], all: true }))).toBe('BAD_REQUEST');
    expect(await codeOf(caller.notifications.markRead({ ids: [] }))).toBe('BAD_REQUEST');
    expect(await codeOf(caller.notifications.markRead({ ids: ['not-a-uuid'] }))).toBe('BAD_REQUEST');
  });
});

describe('notifications.deliveries', () => {
  it("lists a run's messages with their attempts in order; a webhook's credentials stay hidden", async () => {
    const deliveries = await callerFor(auditor).notifications.deliveries({ runId });
    expect(deliveries.map((d) => [d.channel, d.recipient, d.attempts.map((a) => [a.ok, a.detail])])).toEqual([
      [
        'webhook',
        'https://hooks.example.test/in/abc?…',
        [
          [false, 'HTTP 503'],
          [true, 'HTTP 200'],
        ],
      ],
      ['email', 'c@example.test', []],
    ]);
    expect(JSON.stringify(deliveries)).not.toMatch(/s3cr3t|pw@/);
  });

  it('an unknown run is NOT_FOUND', async () => {
    expect(await codeOf(callerFor(auditor).notifications.deliveries({ runId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
  });
});

describe('notifications.preferences', () => {
  it('are the defaults (everything on) until set; setting one kind keeps the others; each user has their own', async () => {
    const on = { inApp: true, email: true };
    expect(await callerFor(ana).notifications.preferences()).toEqual({ 'task.assigned': on, 'task.escalated': on, 'sla.warning': on });
    const after = await callerFor(ana).notifications.setPreferences({ preferences: { 'task.assigned': { inApp: true, email: false } } });
    expect(after).toEqual({ 'task.assigned': { inApp: true, email: false }, 'task.escalated': on, 'sla.warning': on });
    expect(await callerFor(ana).notifications.preferences()).toEqual(after);
    expect((await callerFor(bo).notifications.preferences())['task.assigned']).toEqual(on);
  });

  it('refuse an unknown kind, a missing channel or an empty change as BAD_REQUEST', async () => {
    const set = (preferences: unknown) => callerFor(ana).notifications.setPreferences({ preferences } as never);
    expect(await codeOf(set({ 'task.deleted': { inApp: true, email: true } }))).toBe('BAD_REQUEST');
    expect(await codeOf(set({ 'sla.warning': { inApp: true } }))).toBe('BAD_REQUEST');
    expect(await codeOf(set({}))).toBe('BAD_REQUEST');
  });
});

describe('hostile input', () => {
  it('never produces a server error', async () => {
    const caller = callerFor(ana);
    const procedures = [
      (i: unknown) => caller.notifications.mine(i as never),
      (i: unknown) => caller.notifications.markRead(i as never),
      (i: unknown) => callerFor(auditor).notifications.deliveries(i as never),
    ];
    const input = fc.oneof(
      fc.anything(),
      fc.record({ ids: fc.array(fc.oneof(fc.uuid(), fc.string())), all: fc.anything() }, { requiredKeys: [] }),
      fc.record({ cursor: fc.oneof(fc.uuid(), fc.string()), limit: fc.integer(), unreadOnly: fc.anything() }, { requiredKeys: [] }),
      fc.record({ runId: fc.oneof(fc.uuid(), fc.string({ unit: 'binary' })) }),
    );
    for (const call of procedures) {
      await fc.assert(
        fc.asyncProperty(input, async (value) => {
          try {
            await call(value);
          } catch (error) {
            if (!(error instanceof TRPCError) || error.code === 'INTERNAL_SERVER_ERROR') throw error;
          }
        }),
        { numRuns: 80 },
      );
    }
  });
});
