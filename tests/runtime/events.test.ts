import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { apiClient, expectApiError, waitFor, type ApiClient } from '../support/api-client.ts';
import { definition, e, n } from '../support/flows.ts';
import { createTestDatabase, createUser, interpreterBundle, startLocalTemporal, type TestDatabase } from '../support/platform.ts';

/** Scenario 5 over HTTP: external systems post events that start flows and reach waiting runs. */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: ApiServer;
let worker: Worker;
let running: Promise<void>;
let owner: ApiClient;
let developer: ApiClient;
let warehouseKey: string;
const taskQueue = 'events-api';

interface EventReply {
  id: string;
  duplicate: boolean;
  delivered: string[];
  started: string[];
  refused: Array<{ target: string; reason: string }>;
  matched: number;
}

async function post(body: unknown, headers: Record<string, string> = { authorization: `ApiKey ${warehouseKey}` }) {
  const res = await fetch(`${api.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as EventReply & { error: string; code: string } };
}

async function publishedFlow(key: string, def: unknown) {
  const created = await owner.flows.create.mutate({ key, name: key });
  await owner.flows.saveDraft.mutate({ id: created.id, revision: created.draftRevision, definition: def as never });
  await owner.flows.publish.mutate({ id: created.id });
  return created.id;
}

/** Events the workflow itself says it received (the interpreter buffers them in RunState.events). */
async function eventsInRun(workflowId: string) {
  const state = await env.client.workflow.getHandle(workflowId).query(runStateQuery);
  return state.events ?? [];
}

async function signalCount(workflowId: string) {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'event').length;
}

/** start(business key = invoice id) -> wait an hour -> end: a run sitting there when the event comes. */
const waitingInvoiceFlow = definition(
  'waiting invoice',
  [n('start', 'start', { businessKey: 'input.invoiceId' }), n('wait', 'delay', { amount: 1, unit: 'hours' }), n('end', 'end')],
  [e('start', 'wait'), e('wait', 'end')],
  { input: { fields: [{ name: 'invoiceId', type: 'string', required: true }] } },
);

async function waitingRun(flowId: string, invoiceId: string) {
  const run = await owner.runs.start.mutate({ flowId, input: { invoiceId } });
  await waitFor(async () => {
    const r = await owner.runs.get.query({ id: run.id });
    return r.live?.steps.wait?.status === 'waiting' ? r : undefined;
  }, `run ${run.workflowId} to wait`);
  return run;
}

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('events')]);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await interpreterBundle(),
    activities: createActivities({ db: database.db }),
  });
  running = worker.run();
  api = await startApiServer({ db: database.db, temporal: env.client, taskQueue }, { host: '127.0.0.1', port: 0 });
  owner = apiClient(api.url, (await createUser(database.db, ['process_owner'])).token);
  developer = apiClient(api.url, (await createUser(database.db, ['developer'])).token);
  warehouseKey = (
    await developer.apiKeys.create.mutate({ name: 'Warehouse', eventTypes: ['goods.arrived', 'payment.received', 'nobody.listens'] })
  ).key;
});

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

describe('an event starts the flows configured to start on it', () => {
  it('starts a run with the payload as input and the event business key, and records the delivery', async () => {
    const flowId = await publishedFlow(
      'reservations',
      definition(
        'reservations',
        [
          n('start', 'start', { startOn: { eventType: 'goods.arrived' } }),
          n('end', 'end', { output: '{ "sku": input.sku, "qty": input.qty }' }),
        ],
        [e('start', 'end')],
        {
          input: {
            fields: [
              { name: 'sku', type: 'string', required: true },
              { name: 'qty', type: 'number', required: true },
            ],
          },
        },
      ),
    );
    const reply = await post({ type: 'goods.arrived', businessKey: 'ORDER-1', payload: { sku: 'CHAIR-7', qty: 2 } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ duplicate: false, delivered: [], started: ['reservations:ORDER-1'], refused: [], matched: 1 });

    const run = await database.db.run.findUniqueOrThrow({ where: { workflowId: 'reservations:ORDER-1' } });
    expect(run).toMatchObject({ flowId, businessKey: 'ORDER-1', input: { sku: 'CHAIR-7', qty: 2 } });
    const ended = await waitFor(async () => {
      const r = await owner.runs.get.query({ id: run.id });
      return r.status === 'running' ? undefined : r;
    }, 'the started run to end');
    expect(ended).toMatchObject({ status: 'completed', output: { sku: 'CHAIR-7', qty: 2 } });
    const stored = await database.db.event.findUniqueOrThrow({ where: { id: reply.body.id } });
    expect(stored).toMatchObject({ type: 'goods.arrived', businessKey: 'ORDER-1', deliveredTo: ['reservations:ORDER-1'] });

    // A second event for the same case is refused by the one start rule: one run per business key.
    const again = await post({ type: 'goods.arrived', businessKey: 'ORDER-1', payload: { sku: 'CHAIR-7', qty: 2 } });
    expect(again.body).toMatchObject({ started: [], matched: 0 });
    expect(again.body.refused).toEqual([{ target: 'reservations', reason: expect.stringContaining('already exists') as string }]);
    // A payload that does not fit the flow's input starts nothing and says why.
    const misfit = await post({ type: 'goods.arrived', businessKey: 'ORDER-2', payload: { sku: 7 } });
    expect(misfit.body.started).toEqual([]);
    expect(misfit.body.refused[0]?.reason).toContain('Input rejected');
    expect(await database.db.run.count({ where: { flowId } })).toBe(1);
  });
});

describe('an event reaches the running runs with its business key', () => {
  it('signals the waiting run, which records the event', async () => {
    const flowId = await publishedFlow('invoices', waitingInvoiceFlow);
    const run = await waitingRun(flowId, 'INV-7');
    await waitingRun(flowId, 'INV-8');

    const reply = await post({ type: 'payment.received', businessKey: 'INV-7', payload: { amount: 120 } }, { 'x-api-key': warehouseKey });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ delivered: ['invoices:INV-7'], started: [], matched: 1 });

    const received = await waitFor(async () => {
      const events = await eventsInRun(run.workflowId);
      return events.length > 0 ? events : undefined;
    }, 'the run to record the event');
    expect(received).toEqual([
      expect.objectContaining({ id: reply.body.id, type: 'payment.received', businessKey: 'INV-7', payload: { amount: 120 } }),
    ]);
    expect(await eventsInRun('invoices:INV-8')).toEqual([]);

    const listed = await owner.events.list.query({ businessKey: 'INV-7' });
    expect(listed.items).toEqual([expect.objectContaining({ id: reply.body.id, deliveredTo: ['invoices:INV-7'] })]);
  });

  it('the same idempotency key twice is recorded and delivered once', async () => {
    const flowId = await publishedFlow('invoices-twice', waitingInvoiceFlow);
    const run = await waitingRun(flowId, 'INV-9');
    const body = { type: 'payment.received', businessKey: 'INV-9', payload: { amount: 5 }, idempotencyKey: 'bank-tx-42' };
    const first = await post(body);
    const second = await post(body);
    expect(first.body).toMatchObject({ duplicate: false, delivered: [run.workflowId] });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: first.body.id, duplicate: true, delivered: [], started: [] });
    expect(await database.db.event.count({ where: { businessKey: 'INV-9' } })).toBe(1);
    await waitFor(async () => ((await eventsInRun(run.workflowId)).length > 0 ? true : undefined), 'the event to arrive');
    expect(await eventsInRun(run.workflowId)).toHaveLength(1);
    expect(await signalCount(run.workflowId)).toBe(1);

    // Reusing the key for a different event is a mistake worth saying, not a silent duplicate.
    const reused = await post({ ...body, businessKey: 'INV-10' });
    expect(reused.status).toBe(409);
    expect(reused.body.error).toContain('bank-tx-42');
    expect(await database.db.event.count({ where: { businessKey: 'INV-10' } })).toBe(0);
  });

  it('an event that matches nothing is stored, delivered nowhere, and the reply says so', async () => {
    const reply = await post({ type: 'nobody.listens', businessKey: 'NOTHING-1' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ duplicate: false, delivered: [], started: [], refused: [], matched: 0 });
    const stored = await database.db.event.findUniqueOrThrow({ where: { id: reply.body.id } });
    expect(stored).toMatchObject({ payload: {}, deliveredTo: [] });
  });
});

describe('the events API refuses what it cannot accept, and stores nothing', () => {
  it('401 for an unknown or revoked key, 403 for an event type the key may not post', async () => {
    const before = await database.db.event.count();
    const event = { type: 'payment.received', businessKey: 'INV-1' };
    const unknown = await post(event, { authorization: 'ApiKey twk_not-a-key' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toContain('API key');
    expect((await post(event, {})).status).toBe(401);
    // A user's bearer token is not an API key.
    expect((await post(event, { authorization: 'Bearer twk_whatever' })).status).toBe(401);

    const created = await developer.apiKeys.create.mutate({ name: 'Old ERP', eventTypes: ['*'] });
    expect((await post({ ...event, type: 'anything.at.all' }, { authorization: `ApiKey ${created.key}` })).status).toBe(200);
    await developer.apiKeys.revoke.mutate({ id: created.id });
    expect((await post(event, { authorization: `ApiKey ${created.key}` })).status).toBe(401);
    expect((await expectApiError(developer.apiKeys.revoke.mutate({ id: created.id }))).code).toBe('CONFLICT');

    const forbidden = await post({ type: 'goods.returned', businessKey: 'X-1' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toContain('goods.returned');
    expect(await database.db.event.count()).toBe(before + 1);
  });

  it('400 with a specific message for malformed bodies, 413 beyond 256 KB, 405 for other methods', async () => {
    const before = await database.db.event.count();
    const notJson = await post('{"type": "payment.received",');
    expect(notJson).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
    expect(notJson.body.error).toContain('not valid JSON');

    const cases: Array<[unknown, string]> = [
      [{ type: 'payment.received' }, 'businessKey'],
      [{ type: 'payment received', businessKey: 'A' }, 'type'],
      [{ type: 'payment.received', businessKey: 'has space' }, 'businessKey: no spaces'],
      [{ type: 'payment.received', businessKey: 'A', payload: [1, 2] }, 'payload: must be a JSON object'],
      [{ type: 'payment.received', businessKey: 'A', extra: true }, 'extra'],
      [{ type: 'payment.received', businessKey: 'A\u0000' }, 'NUL'],
      [[], '(body)'],
    ];
    for (const [body, mentions] of cases) {
      const reply = await post(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error, JSON.stringify(body)).toContain(mentions);
    }
    const deep = `${'['.repeat(5000)}1${']'.repeat(5000)}`;
    const tooDeep = await post(`{"type":"payment.received","businessKey":"A","payload":{"deep":${deep}}}`);
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.body.error).toContain('nests deeper');

    const huge = await post({ type: 'payment.received', businessKey: 'A', payload: { blob: 'x'.repeat(300 * 1024) } });
    expect(huge.status).toBe(413);
    const get = await fetch(`${api.url}/api/events`, { headers: { authorization: `ApiKey ${warehouseKey}` } });
    expect(get.status).toBe(405);
    expect(await database.db.event.count()).toBe(before);
  });

  it('API keys: shown once, listed without their hash, managed by admins and developers only', async () => {
    const listed = await developer.apiKeys.list.query();
    expect(listed.length).toBeGreaterThan(0);
    for (const key of listed) expect(Object.keys(key).sort()).toEqual(['createdAt', 'createdBy', 'eventTypes', 'id', 'name', 'revokedAt']);
    expect(JSON.stringify(listed)).not.toContain(warehouseKey);
    expect((await expectApiError(owner.apiKeys.create.mutate({ name: 'x', eventTypes: ['*'] }))).code).toBe('FORBIDDEN');
    const badType = await expectApiError(developer.apiKeys.create.mutate({ name: 'x', eventTypes: ['not valid'] }));
    expect(badType.code).toBe('BAD_REQUEST');
  });
});
