import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type Db } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../db/test-database.ts';
import { createInnerContext, type SessionUser } from '../context.ts';
import { appRouter } from '../router.ts';
import { createCallerFactory } from '../trpc.ts';
import { emptyDefinition } from './flows.ts';

const callerFactory = createCallerFactory(appRouter);
let database: TestDatabase;
let db: Db;
let owner: SessionUser;
let caller: ReturnType<typeof callerFactory>;
let flowId: string;

async function failure(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  database = await createTestDatabase('flow_version');
  await migrate(database.url);
  db = createPrisma(database.url);
  owner = await db.user.create({
    data: { email: 'owner@example.test', displayName: 'Owner', roles: ['process_owner'] },
    select: { id: true, email: true, roles: true },
  });
  // Publishing and reading versions never touch Temporal.
  caller = callerFactory(createInnerContext({ db, temporal: undefined as never, taskQueue: 'none' }, owner));
  const flow = await caller.flows.create({ key: 'refunds', name: 'Refunds' });
  flowId = flow.id;
  await caller.flows.publish({ id: flowId, note: 'first' });
  const renamed = { ...emptyDefinition('Refunds'), metadata: { name: 'Refunds v2', description: '', tags: [] } };
  await caller.flows.saveDraft({ id: flowId, revision: flow.draftRevision, definition: renamed });
  await caller.flows.publish({ id: flowId, note: 'renamed' });
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
}, 60_000);

describe('flows.version', () => {
  it('returns one published version with its definition, note, publisher and hash', async () => {
    const [latest] = await caller.flows.versions({ id: flowId });
    const first = await caller.flows.version({ id: flowId, version: 1 });
    const second = await caller.flows.version({ id: flowId, version: 2 });
    expect(first).toMatchObject({ version: 1, note: 'first', publishedBy: owner.id });
    expect((first.definition as { metadata: { name: string } }).metadata.name).toBe('Refunds');
    expect((second.definition as { metadata: { name: string } }).metadata.name).toBe('Refunds v2');
    expect(second.contentHash).toBe(latest?.contentHash);
    expect(second.publishedAt).toBeInstanceOf(Date);
    expect(Object.keys(second).sort()).toEqual(['contentHash', 'definition', 'note', 'publishedAt', 'publishedBy', 'version']);
  });

  it('says which of flow or version does not exist', async () => {
    const noVersion = await failure(caller.flows.version({ id: flowId, version: 3 }));
    expect(noVersion.code).toBe('NOT_FOUND');
    expect(noVersion.message).toBe(`Flow "${flowId}" has no published version 3.`);
    const missing = '00000000-0000-4000-8000-000000000000';
    const noFlow = await failure(caller.flows.version({ id: missing, version: 1 }));
    expect(noFlow.code).toBe('NOT_FOUND');
    expect(noFlow.message).toBe(`Flow "${missing}" does not exist.`);
  });

  it('refuses version numbers that cannot exist as client errors, not database failures', async () => {
    for (const version of [0, -1, 1.5, 2 ** 31]) {
      expect((await failure(caller.flows.version({ id: flowId, version }))).code).toBe('BAD_REQUEST');
    }
  });
});
