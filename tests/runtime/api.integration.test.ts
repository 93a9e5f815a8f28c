import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { apiClient, expectApiError, waitFor, type ApiClient } from '../support/api-client.ts';
import { branchingFlow, definition, e, n, waitingFlow } from '../support/flows.ts';
import { createTestDatabase, createUser, interpreterBundle, startLocalTemporal, type TestDatabase } from '../support/platform.ts';
import { recordHistory as saveHistory } from '../support/histories.ts';

/** The whole spine over HTTP: real API, real Temporal dev server, real worker, real Postgres. */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: ApiServer;
let worker: Worker;
let running: Promise<void>;
let owner: ApiClient;
let staff: ApiClient;
let anonymous: ApiClient;
const taskQueue = 'api-integration';

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('api')]);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await interpreterBundle(),
    activities: createActivities({ db: database.db }),
  });
  running = worker.run();
  api = await startApiServer({ db: database.db, temporal: env.client, taskQueue }, { host: '127.0.0.1', port: 0 });
  owner = apiClient(api.url, (await createUser(database.db, ['process_owner'])).token);
  staff = apiClient(api.url, (await createUser(database.db, ['staff'])).token);
  anonymous = apiClient(api.url);
});

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

async function publishedFlow(key: string, def: unknown) {
  const created = await owner.flows.create.mutate({ key, name: key });
  await owner.flows.saveDraft.mutate({ id: created.id, revision: created.draftRevision, definition: def as never });
  const version = await owner.flows.publish.mutate({ id: created.id, note: 'first' });
  return { id: created.id, version };
}

const recordHistory = (name: string, workflowId: string) => saveHistory(env.client, name, workflowId);

async function finished(runId: string) {
  return waitFor(async () => {
    const run = await owner.runs.get.query({ id: runId });
    return run.status === 'running' ? undefined : run;
  }, `run ${runId} to end`);
}

describe('flows and runs over the API', () => {
  it('saves, publishes, starts, takes the right branch and completes', async () => {
    const flow = await publishedFlow('orders', branchingFlow);
    expect(flow.version).toMatchObject({ version: 1, unchanged: false });

    const big = await owner.runs.start.mutate({ flowId: flow.id, input: { orderId: 'A-1', amount: 5000 } });
    expect(big.workflowId).toBe('orders:A-1');
    const small = await owner.runs.start.mutate({ flowId: flow.id, input: { orderId: 'A-2', amount: 20 } });

    const bigRun = await finished(big.id);
    expect(bigRun.status).toBe('completed');
    expect(bigRun.output).toEqual({ tier: 'gold', amount: 5000 });
    expect(bigRun.live?.steps.big?.port).toBe('true');
    expect(Object.keys(bigRun.live?.steps ?? {}).sort()).toEqual(['big', 'end', 'gold', 'start']);

    const smallRun = await finished(small.id);
    expect(smallRun.output).toEqual({ tier: 'standard', amount: 20 });
    await recordHistory('branching-gold', big.workflowId);
    await recordHistory('branching-standard', small.workflowId);

    const listed = await owner.runs.list.query({ flowId: flow.id });
    expect(listed.items.map((r) => r.id).sort()).toEqual([big.id, small.id].sort());
  });

  it('refuses a duplicate start for the same business key', async () => {
    const flow = await publishedFlow('dupes', branchingFlow);
    await owner.runs.start.mutate({ flowId: flow.id, input: { orderId: 'D-1', amount: 1 } });
    const error = await expectApiError(owner.runs.start.mutate({ flowId: flow.id, input: { orderId: 'D-1', amount: 1 } }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('D-1');
    expect(await database.db.run.count({ where: { businessKey: 'D-1' } })).toBe(1);
  });

  it('cancels a waiting run and leaves it cleanly cancelled', async () => {
    const flow = await publishedFlow('waits', waitingFlow(3600));
    const run = await owner.runs.start.mutate({ flowId: flow.id, input: {} });
    await waitFor(async () => {
      const r = await owner.runs.get.query({ id: run.id });
      return r.live?.steps.wait?.status === 'waiting' ? r : undefined;
    }, 'the run to wait');
    await owner.runs.cancel.mutate({ id: run.id });
    const ended = await finished(run.id);
    expect(ended.status).toBe('cancelled');
    expect(ended.live?.steps.wait?.status).toBe('cancelled');
    expect(ended.live?.steps.tell).toBeUndefined();
    expect(await database.db.outbox.count({ where: { runId: run.id } })).toBe(0);
    await recordHistory('cancelled-wait', run.workflowId);
    const again = await expectApiError(owner.runs.cancel.mutate({ id: run.id }));
    expect(again.code).toBe('CONFLICT');
  });
});

describe('bad input gets a specific error and changes nothing', () => {
  it('asks who is calling and what they may do', async () => {
    expect((await expectApiError(anonymous.flows.list.query())).code).toBe('UNAUTHORIZED');
    expect((await expectApiError(staff.flows.create.mutate({ key: 'nope', name: 'nope' }))).code).toBe('FORBIDDEN');
    expect(await database.db.flow.count({ where: { key: 'nope' } })).toBe(0);
  });

  it('answers unknown ids with NOT_FOUND and malformed ids with field errors', async () => {
    const missing = await expectApiError(owner.flows.get.query({ id: '00000000-0000-4000-8000-000000000000' }));
    expect(missing.code).toBe('NOT_FOUND');
    const malformed = await expectApiError(owner.flows.get.query({ id: 'not-a-uuid' }));
    expect(malformed.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(malformed.zodError)).toContain('UUID');
  });

  it('refuses to publish an invalid flow and returns its diagnostics', async () => {
    const created = await owner.flows.create.mutate({ key: 'broken', name: 'broken' });
    const broken = definition(
      'broken',
      [n('start', 'start'), n('check', 'condition', { expression: 'input.amount >' }), n('end', 'end')],
      [e('start', 'check'), e('check', 'end', 'true')],
    );
    const saved = await owner.flows.saveDraft.mutate({ id: created.id, revision: created.draftRevision, definition: broken as never });
    expect(saved.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['EXPRESSION_INVALID', 'PORT_REQUIRED_UNCONNECTED']));
    const error = await expectApiError(owner.flows.publish.mutate({ id: created.id }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.diagnostics?.map((d) => d.code)).toEqual(expect.arrayContaining(['EXPRESSION_INVALID', 'PORT_REQUIRED_UNCONNECTED']));
    expect(await database.db.flowVersion.count({ where: { flowId: created.id } })).toBe(0);
  });

  it('rejects a structurally malformed definition and a stale revision', async () => {
    const created = await owner.flows.create.mutate({ key: 'stale', name: 'stale' });
    const malformed = await expectApiError(
      owner.flows.saveDraft.mutate({ id: created.id, revision: 1, definition: { schemaVersion: 1, nodes: 'x' } as never }),
    );
    expect(malformed.code).toBe('BAD_REQUEST');
    await owner.flows.saveDraft.mutate({ id: created.id, revision: 1, definition: branchingFlow as never });
    const stale = await expectApiError(owner.flows.saveDraft.mutate({ id: created.id, revision: 1, definition: waitingFlow(1) as never }));
    expect(stale.code).toBe('CONFLICT');
    const flow = await owner.flows.get.query({ id: created.id });
    expect(flow.draftRevision).toBe(2);
    expect((flow.draft as { metadata: { name: string } }).metadata.name).toBe('branching');
  });

  it('rejects run input that does not match the flow and starts nothing', async () => {
    const flow = await publishedFlow('typed', branchingFlow);
    const error = await expectApiError(owner.runs.start.mutate({ flowId: flow.id, input: { orderId: 'T-1', amount: 'lots', extra: 1 } }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toContain('amount must be a number');
    expect(error.message).toContain('extra is not an input');
    expect(await database.db.run.count({ where: { flowId: flow.id } })).toBe(0);
  });
});
