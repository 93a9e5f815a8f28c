import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext, type SessionUser } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
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
  'catalog.nodeTypes': everyone,
  'flows.list': everyone,
  'flows.get': everyone,
  'flows.versions': everyone,
  'flows.validate': everyone,
  'flows.create': ['admin', 'process_owner'],
  'flows.saveDraft': ['admin', 'process_owner'],
  'flows.publish': ['admin', 'process_owner'],
  'flows.archive': ['admin', 'process_owner'],
  'runs.start': ['admin', 'process_owner', 'manager'],
  'runs.cancel': ['admin', 'process_owner', 'manager'],
  'runs.list': ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
  'runs.get': ['admin', 'process_owner', 'manager', 'auditor', 'developer'],
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
  'catalog.nodeTypes': (c) => c.catalog.nodeTypes(),
  'flows.list': (c) => c.flows.list(),
  'flows.get': (c) => c.flows.get({ id: missing }),
  'flows.versions': (c) => c.flows.versions({ id: missing }),
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

function procedurePaths(record: object, prefix = ''): string[] {
  return Object.entries(record).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !('_def' in value && (value as { _def: { procedure?: boolean } })._def.procedure)) {
      return procedurePaths(value as object, path);
    }
    return [path];
  });
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
