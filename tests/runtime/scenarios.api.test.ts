import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { seedDemo } from '../../apps/runtime/src/demo/seed.ts';
import { recordHistory } from '../support/histories.ts';
import { apiClient, expectApiError, waitFor, type ApiClient } from '../support/api-client.ts';
import { createTestDatabase, interpreterBundle, startLocalTemporal, type TestDatabase } from '../support/platform.ts';

/**
 * Scenarios 1-3 end to end as their users meet them: external systems post events with the seeded
 * API key, staff and managers work tasks through the API; real dev server, worker and Postgres,
 * the seeded flows and data. Dates lie in the past where the calendar would otherwise make a test
 * wait for days (the time-skipping tests cover the waiting).
 */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: ApiServer;
let worker: Worker;
let running: Promise<void>;
const clients = new Map<string, ApiClient>();
let apiKey: string;
const taskQueue = 'scenarios-api';
const ANNA = 'anna.schmidt@example.com';

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('scenarios_api')]);
  const { newTokens } = await seedDemo(database.db);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await interpreterBundle(),
    activities: createActivities({ db: database.db }),
  });
  running = worker.run();
  api = await startApiServer({ db: database.db, temporal: env.client, taskQueue }, { host: '127.0.0.1', port: 0 });
  for (const { email, token } of newTokens) {
    if (email === 'events API key') apiKey = token;
    else clients.set(email, apiClient(api.url, token));
  }
});

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

const as = (email: string) => clients.get(email) as ApiClient;
const owner = () => as('owner@trackway.local');

async function postEvent(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${api.url}/api/events`, {
    method: 'POST',
    headers: { authorization: `ApiKey ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function runOf(workflowId: string) {
  return waitFor(
    async () => (await owner().runs.list.query({})).items?.find((r: { workflowId: string }) => r.workflowId === workflowId),
    workflowId,
  );
}

async function ended(runId: string) {
  return waitFor(async () => {
    const run = await owner().runs.get.query({ id: runId });
    return run.status === 'running' ? undefined : run;
  }, `run ${runId} to end`);
}

const openTask = (client: ApiClient, runId: string) =>
  waitFor(async () => (await client.tasks.list.query({ runId, status: 'open' }))[0], `an open task of run ${runId}`);

async function accountManagerOf(email: string): Promise<string> {
  const contact = await database.db.customerContact.findFirstOrThrow({ where: { value: email }, include: { customer: true } });
  const manager = await database.db.user.findUniqueOrThrow({ where: { id: contact.customer.accountManagerId! } });
  return manager.email;
}

describe('scenario 1 through the events API', () => {
  it('an overdue invoice gets its account manager a task at once; the payment event stops the run and closes the task', async () => {
    const issued = await postEvent({
      type: 'invoice.issued',
      businessKey: 'INV-API-1',
      payload: { invoiceId: 'INV-API-1', customerEmail: ANNA, amount: 640, dueDate: '2026-01-05' },
    });
    expect(issued.status).toBe(200);
    expect(issued.json.started).toEqual(['overdue-receivables:INV-API-1']);
    const run = await runOf('overdue-receivables:INV-API-1');
    const accountManager = as(await accountManagerOf(ANNA));
    const task = await openTask(accountManager, run.id);
    expect(task.title).toContain('INV-API-1');
    // The customer's profile travels with the task.
    expect(task.context).toMatchObject({ value: { name: 'Anna Schmidt', tier: 'gold' } });

    const paid = await postEvent({ type: 'payment.received', businessKey: 'INV-API-1', payload: { amount: 640 } });
    expect(paid.json.delivered).toEqual(['overdue-receivables:INV-API-1']);
    const done = await ended(run.id);
    expect(done).toMatchObject({ status: 'completed', output: { invoice: 'INV-API-1', paid: true } });
    await recordHistory(env.client, 'scenario-1-paid', run.workflowId);
    expect((await accountManager.tasks.get.query({ id: task.id })).status).toBe('cancelled');
    const late = await expectApiError(accountManager.tasks.complete.mutate({ id: task.id, outcome: 'arranged', data: { agreement: 'x' } }));
    expect(late.code).toBe('CONFLICT');

    const stray = await postEvent({ type: 'payment.received', businessKey: 'INV-NOBODY', payload: {} });
    expect(stray.json).toMatchObject({ matched: 0, delivered: [], started: [] });
  });
});

describe('scenario 2 through the events API and the inbox', () => {
  it('an e-mail request is triaged by support, checked against the form, completed once, and closed with an act of work', async () => {
    const received = await postEvent({
      type: 'request.received',
      businessKey: 'REQ-API-1',
      payload: { requestId: 'REQ-API-1', email: ANNA, text: 'Please resend my last invoice.', category: 'Billing', priority: 'low' },
    });
    expect(received.json.started).toEqual(['incoming-request:REQ-API-1']);
    const run = await runOf('incoming-request:REQ-API-1');
    const staff = as('staff@trackway.local');
    const task = await openTask(staff, run.id);
    expect(task).toMatchObject({ groupKey: 'support', title: 'Billing for Anna Schmidt (gold)' });
    await waitFor(
      async () => ((await staff.tasks.get.query({ id: task.id })).sla as { rule?: string } | null)?.rule,
      'the SLA state on the task',
    );
    expect((await staff.tasks.get.query({ id: task.id })).sla).toMatchObject({
      rule: 'gold',
      goal: { amount: 4, unit: 'hours' },
      breached: false,
    });

    await staff.tasks.claim.mutate({ id: task.id });
    const badForm = await expectApiError(staff.tasks.complete.mutate({ id: task.id, outcome: 'resolved', data: {} }));
    expect(badForm).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('resolution is required') });
    const badOutcome = await expectApiError(staff.tasks.complete.mutate({ id: task.id, outcome: 'ignored', data: { resolution: 'x' } }));
    expect(badOutcome.code).toBe('BAD_REQUEST');
    expect((await staff.tasks.get.query({ id: task.id })).status).toBe('open');

    const results = await Promise.allSettled([
      staff.tasks.complete.mutate({ id: task.id, outcome: 'resolved', data: { resolution: 'Invoice resent.' } }),
      staff.tasks.complete.mutate({ id: task.id, outcome: 'resolved', data: { resolution: 'Invoice resent twice.' } }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);

    const done = await ended(run.id);
    expect(done).toMatchObject({ status: 'completed', output: { request: 'REQ-API-1', sla: { breached: false } } });
    await recordHistory(env.client, 'scenario-2-request', run.workflowId);

    // The auditor sees who did what under which version, and what the system did on its own.
    const auditor = as('auditor@trackway.local');
    const entries = (await auditor.audit.search.query({ runId: run.id, limit: 200 })).items;
    const actions = entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['run.start', 'step.start', 'step.finish', 'task.create', 'task.complete', 'run.completed']),
    );
    const completion = entries.find((e: { action: string }) => e.action === 'task.complete') as {
      actor: string;
      flowVersionId: string;
      payload: unknown;
    };
    const staffUser = await database.db.user.findUniqueOrThrow({ where: { email: 'staff@trackway.local' } });
    expect(completion).toMatchObject({ actor: staffUser.id, payload: { outcome: 'resolved' } });
    expect(completion.flowVersionId).toBe((await owner().runs.get.query({ id: run.id })).flowVersion.id);
    expect(await auditor.audit.verify.query()).toMatchObject({ ok: true });
    const documents = await staff.documents.list.query({ runId: run.id });
    expect(documents).toHaveLength(1);
    const pdf = await fetch(`${api.url}/api/documents/${documents[0]!.id}/pdf`, { headers: { authorization: 'Bearer nope' } });
    expect(pdf.status).toBe(401);
  });
});

describe('scenario 3 through the inbox', () => {
  it('only managers see the review; the manager removes personal fields; the final and its changes are kept', async () => {
    const flow = (await owner().flows.list.query({ search: 'invoice-document-review' })).find(
      (f: { key: string }) => f.key === 'invoice-document-review',
    )!;
    const started = await owner().runs.start.mutate({
      flowId: flow.id,
      input: {
        invoiceId: 'INV-API-3',
        customerEmail: ANNA,
        amount: 99,
        dueDate: '2027-02-01',
        postalAddress: 'Hauptstr. 1',
        personalPhone: '+49 170 7654321',
      },
    });
    const manager = as('manager@trackway.local');
    const task = await openTask(manager, started.id);
    const staffView = await expectApiError(as('staff@trackway.local').tasks.get.query({ id: task.id }));
    expect(staffView.code).toBe('NOT_FOUND');

    const draftFields = (task.context as { document: { fields: Record<string, unknown> } }).document.fields;
    const { postalAddress: _address, personalPhone: _phone, ...kept } = draftFields;
    await manager.tasks.complete.mutate({ id: task.id, outcome: 'approved', data: kept });
    const done = await ended(started.id);
    const output = done.output as { final: string; changes: Array<{ field: string; change: string }> };
    expect(output.changes.map((c) => `${c.field}:${c.change}`).sort()).toEqual(['personalPhone:removed', 'postalAddress:removed']);
    await recordHistory(env.client, 'scenario-3-review', started.workflowId);
    const final = await manager.documents.get.query({ id: output.final });
    expect(final).toMatchObject({ stage: 'final' });
    expect(final.html).not.toContain('+49 170 7654321');
  });
});
