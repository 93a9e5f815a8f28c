import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext, type SessionUser } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { procedurePaths } from '../support/procedures.ts';
import { createTestDatabase, createUser, startLocalTemporal, type TestDatabase, type TestRole } from '../support/platform.ts';

/**
 * The authorization matrix: every procedure called as every role and anonymously. The expected
 * table is written out here on purpose (not derived from the code), so a change to who may do
 * what shows up as a failing test someone has to agree with.
 */
const ROLES: TestRole[] = ['admin', 'process_owner', 'staff', 'manager', 'auditor', 'developer'];
const everyone = ROLES;
const expected: Record<string, readonly TestRole[]> = {
  'auth.me': everyone,
  'auth.changePassword': everyone,
  'users.list': ['admin'],
  'users.create': ['admin'],
  'users.update': ['admin'],
  'users.setPassword': ['admin'],
  'groups.list': ['admin', 'manager'],
  'groups.create': ['admin'],
  'groups.update': ['admin'],
  'groups.addMember': ['admin', 'manager'],
  'groups.removeMember': ['admin', 'manager'],
  'catalog.nodeTypes': everyone,
  'flows.list': everyone,
  'flows.get': everyone,
  'flows.versions': everyone,
  'flows.version': everyone,
  'flows.validate': everyone,
  'flows.create': ['admin', 'process_owner'],
  'flows.saveDraft': ['admin', 'process_owner'],
  'flows.publish': ['admin', 'process_owner'],
  'flows.archive': ['admin', 'process_owner'],
  'runs.start': ['admin', 'process_owner', 'manager'],
  'runs.cancel': ['admin', 'process_owner', 'manager'],
  'runs.list': ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
  'runs.get': ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
  'notifications.mine': everyone,
  'notifications.markRead': everyone,
  'notifications.preferences': everyone,
  'notifications.setPreferences': everyone,
  'notifications.deliveries': ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
  'documents.list': ['admin', 'process_owner', 'manager', 'staff', 'auditor'],
  'documents.get': ['admin', 'process_owner', 'manager', 'staff', 'auditor'],
  'documentTemplates.list': ['admin', 'process_owner', 'manager', 'auditor'],
  'documentTemplates.get': ['admin', 'process_owner', 'manager', 'auditor'],
  'documentTemplates.save': ['admin', 'process_owner'],
  'documentTemplates.preview': ['admin', 'process_owner'],
  'calendars.list': everyone,
  'calendars.get': everyone,
  'calendars.preview': everyone,
  'calendars.create': ['admin', 'process_owner'],
  'calendars.update': ['admin', 'process_owner'],
  'calendars.remove': ['admin', 'process_owner'],
  'events.list': ['admin', 'process_owner', 'auditor', 'developer'],
  'apiKeys.create': ['admin', 'developer'],
  'apiKeys.list': ['admin', 'developer'],
  'apiKeys.revoke': ['admin', 'developer'],
  'secrets.list': ['admin', 'developer'],
  'secrets.set': ['admin', 'developer'],
  'secrets.remove': ['admin', 'developer'],
  'customers.search': ['admin', 'process_owner', 'manager', 'staff', 'auditor'],
  'customers.get': ['admin', 'process_owner', 'manager', 'staff', 'auditor'],
  'tasks.list': ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  'tasks.get': ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  'tasks.claim': ['admin', 'process_owner', 'manager', 'staff'],
  'tasks.complete': ['admin', 'process_owner', 'manager', 'staff'],
  'tasks.inbox': ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  'tasks.counts': ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  'tasks.timeline': ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  'tasks.comments': ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  'tasks.attachments': ['admin', 'process_owner', 'manager', 'auditor', 'staff'],
  'tasks.comment': ['admin', 'process_owner', 'manager', 'staff'],
  'tasks.unclaim': ['admin', 'process_owner', 'manager', 'staff'],
  'tasks.delegates': ['admin', 'process_owner', 'manager', 'staff'],
  'tasks.delegate': ['admin', 'process_owner', 'manager', 'staff'],
  'tasks.reassign': ['admin', 'manager'],
  'tasks.setPriority': ['admin', 'manager'],
  'directory.users': ['admin', 'process_owner', 'manager'],
  'directory.groups': ['admin', 'process_owner', 'manager'],
  'audit.search': ['admin', 'auditor'],
  'audit.userActivity': ['admin', 'auditor'],
  'audit.runTimeline': ['admin', 'auditor', 'process_owner', 'manager'],
  'audit.verify': ['admin', 'auditor'],
};

let env: TestWorkflowEnvironment;
let database: TestDatabase;
const users = new Map<TestRole, SessionUser>();
const missing = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('authz')]);
  for (const role of ROLES) users.set(role, await createUser(database.db, [role]));
});

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

const callerFactory = createCallerFactory(appRouter);
type Caller = ReturnType<typeof callerFactory>;
/** Minimal inputs: valid in shape, pointing at nothing, so an allowed call fails later (NOT_FOUND) or succeeds. */
const calls: Record<string, (c: Caller) => Promise<unknown>> = {
  'auth.me': (c) => c.auth.me(),
  // Test users have no password: allowed callers get BAD_REQUEST ("no password yet"), nothing changes.
  'auth.changePassword': (c) => c.auth.changePassword({ currentPassword: 'not a password', newPassword: 'a new password 123' }),
  'users.list': (c) => c.users.list(),
  'users.create': (c) =>
    c.users.create({ email: `authz-${Math.random().toString(36).slice(2, 10)}@test.local`, displayName: 'x', roles: ['staff'] }),
  'users.update': (c) => c.users.update({ id: missing, displayName: 'x' }),
  'users.setPassword': (c) => c.users.setPassword({ id: missing, password: 'a new password 123' }),
  'groups.list': (c) => c.groups.list(),
  'groups.create': (c) => c.groups.create({ key: `authz-${Math.random().toString(36).slice(2, 10)}`, name: 'x' }),
  'groups.update': (c) => c.groups.update({ key: 'missing-group', name: 'x' }),
  'groups.addMember': (c) => c.groups.addMember({ groupKey: 'missing-group', userId: missing }),
  'groups.removeMember': (c) => c.groups.removeMember({ groupKey: 'missing-group', userId: missing }),
  'catalog.nodeTypes': (c) => c.catalog.nodeTypes(),
  'flows.list': (c) => c.flows.list(),
  'flows.get': (c) => c.flows.get({ id: missing }),
  'flows.versions': (c) => c.flows.versions({ id: missing }),
  'flows.version': (c) => c.flows.version({ id: missing, version: 1 }),
  'flows.validate': (c) => c.flows.validate({ definition: {} }),
  'flows.create': (c) => c.flows.create({ key: `authz-${Math.random().toString(36).slice(2, 10)}`, name: 'x' }),
  'flows.saveDraft': (c) =>
    c.flows.saveDraft({ id: missing, revision: 1, definition: { schemaVersion: 1, metadata: { name: 'x' }, nodes: [] } }),
  'flows.publish': (c) => c.flows.publish({ id: missing }),
  'flows.archive': (c) => c.flows.archive({ id: missing }),
  'runs.start': (c) => c.runs.start({ flowId: missing, input: {} }),
  'runs.cancel': (c) => c.runs.cancel({ id: missing }),
  'runs.list': (c) => c.runs.list(),
  'runs.get': (c) => c.runs.get({ id: missing }),
  'notifications.mine': (c) => c.notifications.mine(),
  'notifications.markRead': (c) => c.notifications.markRead({ ids: [missing] }),
  'notifications.preferences': (c) => c.notifications.preferences(),
  'notifications.setPreferences': (c) => c.notifications.setPreferences({ preferences: { 'sla.warning': { inApp: true, email: true } } }),
  'notifications.deliveries': (c) => c.notifications.deliveries({ runId: missing }),
  'documents.list': (c) => c.documents.list({ runId: missing }),
  'documents.get': (c) => c.documents.get({ id: missing }),
  'documentTemplates.list': (c) => c.documentTemplates.list(),
  'documentTemplates.get': (c) => c.documentTemplates.get({ key: 'missing-template' }),
  // expectedVersion of a template that does not exist: allowed callers get NOT_FOUND, nothing is written.
  'documentTemplates.save': (c) =>
    c.documentTemplates.save({ key: 'missing-template', name: 'x', body: '<p>{{x}}</p>', expectedVersion: 1 }),
  'documentTemplates.preview': (c) => c.documentTemplates.preview({ body: '<p>{{x}}</p>', fields: { x: 1 } }),
  'calendars.list': (c) => c.calendars.list(),
  'calendars.get': (c) => c.calendars.get({ key: 'missing-calendar' }),
  'calendars.preview': (c) =>
    c.calendars.preview({
      definition: { timeZone: 'UTC', weekly: { mon: [{ start: '09:00', end: '17:00' }] } },
      from: '2026-03-02T09:00:00Z',
      amount: 1,
      unit: 'hours',
    }),
  'calendars.create': (c) =>
    c.calendars.create({
      key: `authz-${Math.random().toString(36).slice(2, 10)}`,
      name: 'x',
      definition: { timeZone: 'UTC', weekly: { mon: [{ start: '09:00', end: '17:00' }] } },
    }),
  'calendars.update': (c) => c.calendars.update({ key: 'missing-calendar', revision: 1, name: 'x' }),
  'calendars.remove': (c) => c.calendars.remove({ key: 'missing-calendar' }),
  'events.list': (c) => c.events.list(),
  'apiKeys.create': (c) => c.apiKeys.create({ name: 'authz', eventTypes: ['authz.test'] }),
  'apiKeys.list': (c) => c.apiKeys.list(),
  'apiKeys.revoke': (c) => c.apiKeys.revoke({ id: missing }),
  // No secrets key in these services: allowed callers get PRECONDITION_FAILED, nothing is stored.
  'secrets.list': (c) => c.secrets.list(),
  'secrets.set': (c) => c.secrets.set({ name: 'authz-secret', value: 'authz-value' }),
  'secrets.remove': (c) => c.secrets.remove({ name: 'missing-secret' }),
  'customers.search': (c) => c.customers.search({ query: 'anna' }),
  'customers.get': (c) => c.customers.get({ id: missing }),
  'tasks.list': (c) => c.tasks.list(),
  'tasks.get': (c) => c.tasks.get({ id: missing }),
  'tasks.claim': (c) => c.tasks.claim({ id: missing }),
  'tasks.complete': (c) => c.tasks.complete({ id: missing, outcome: 'approved' }),
  'tasks.inbox': (c) => c.tasks.inbox({ view: 'mine' }),
  'tasks.counts': (c) => c.tasks.counts(),
  'tasks.timeline': (c) => c.tasks.timeline({ id: missing }),
  'tasks.comments': (c) => c.tasks.comments({ id: missing }),
  'tasks.attachments': (c) => c.tasks.attachments({ id: missing }),
  'tasks.comment': (c) => c.tasks.comment({ id: missing, body: 'authz' }),
  'tasks.unclaim': (c) => c.tasks.unclaim({ id: missing }),
  'tasks.delegates': (c) => c.tasks.delegates({ id: missing }),
  'tasks.delegate': (c) => c.tasks.delegate({ id: missing, userId: missing }),
  'tasks.reassign': (c) => c.tasks.reassign({ id: missing, to: { kind: 'group', group: 'authz' } }),
  'tasks.setPriority': (c) => c.tasks.setPriority({ id: missing, priority: 3 }),
  'directory.users': (c) => c.directory.users(),
  'directory.groups': (c) => c.directory.groups(),
  'audit.search': (c) => c.audit.search({ action: 'flow.*' }),
  'audit.userActivity': (c) => c.audit.userActivity({ userId: missing }),
  'audit.runTimeline': (c) => c.audit.runTimeline({ runId: missing }),
  'audit.verify': (c) => c.audit.verify(),
};

async function verdict(call: () => Promise<unknown>): Promise<'allowed' | 'FORBIDDEN' | 'UNAUTHORIZED'> {
  try {
    await call();
    return 'allowed';
  } catch (error) {
    if (error instanceof TRPCError && (error.code === 'FORBIDDEN' || error.code === 'UNAUTHORIZED')) return error.code;
    if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') return 'allowed';
    throw error;
  }
}

describe('authorization matrix', () => {
  it('covers every procedure of the API (health is the only public one)', () => {
    const all = procedurePaths(appRouter._def.procedures).sort();
    expect(all).toEqual([...Object.keys(expected), 'health'].sort());
  });

  it.each(Object.keys(expected))('%s: allowed for exactly its roles, refused for others and for anonymous callers', async (path) => {
    const call = calls[path] as (c: Caller) => Promise<unknown>;
    const services = { db: database.db, temporal: env.client, taskQueue: 'authz-no-worker' };
    expect(await verdict(() => call(callerFactory(createInnerContext(services, null))))).toBe('UNAUTHORIZED');
    for (const role of ROLES) {
      const caller = callerFactory(createInnerContext(services, users.get(role) as SessionUser));
      const want = (expected[path] as readonly TestRole[]).includes(role) ? 'allowed' : 'FORBIDDEN';
      expect(await verdict(() => call(caller)), `${path} as ${role}`).toBe(want);
    }
  });
});
