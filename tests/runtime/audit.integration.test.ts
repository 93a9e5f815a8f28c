import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { CSV_COLUMNS } from '../../apps/runtime/src/audit/export-http.ts';
import { apiClient, expectApiError, waitFor, type ApiClient } from '../support/api-client.ts';
import { branchingFlow, definition, e, n, waitingFlow } from '../support/flows.ts';
import { createTestDatabase, createUser, interpreterBundle, startLocalTemporal, type TestDatabase } from '../support/platform.ts';

/** The audit trail over HTTP on the real spine: API, Temporal dev server, worker, Postgres. */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: ApiServer;
let worker: Worker;
let running: Promise<void>;
let owner: ApiClient;
let auditor: ApiClient;
let staff: ApiClient;
let ownerUser: { id: string; email: string };
const tokens: Record<string, string> = {};
const taskQueue = 'audit-integration';
/** start -> 1 s timer -> end: a run with a timer and the run-end activity. */
const shortWait = definition(
  'short-wait',
  [n('start', 'start'), n('wait', 'delay', { amount: 1, unit: 'seconds' }), n('end', 'end')],
  [e('start', 'wait'), e('wait', 'end')],
);

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('audit_api')]);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await interpreterBundle(),
    activities: createActivities({ db: database.db }),
  });
  running = worker.run();
  api = await startApiServer({ db: database.db, temporal: env.client, taskQueue }, { host: '127.0.0.1', port: 0 });
  const o = await createUser(database.db, ['process_owner']);
  const a = await createUser(database.db, ['auditor']);
  const s = await createUser(database.db, ['staff']);
  ownerUser = o;
  Object.assign(tokens, { owner: o.token, auditor: a.token, staff: s.token });
  owner = apiClient(api.url, o.token);
  auditor = apiClient(api.url, a.token);
  staff = apiClient(api.url, s.token);
});

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

async function finished(runId: string) {
  return waitFor(async () => {
    const run = await owner.runs.get.query({ id: runId });
    return run.status === 'running' ? undefined : run;
  }, `run ${runId} to end`);
}

async function exportText(query: string, token: string | null = tokens.auditor ?? null) {
  const response = await fetch(`${api.url}/api/audit/export?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

describe('flow changes are recorded', () => {
  it('create, summarised draft saves, publish with the diff against the previous version, archive', async () => {
    const flow = await owner.flows.create.mutate({ key: 'audited', name: 'Audited' });
    const saved = await owner.flows.saveDraft.mutate({ id: flow.id, revision: flow.draftRevision, definition: branchingFlow as never });
    const v1 = await owner.flows.publish.mutate({ id: flow.id, note: 'first' });
    const changed = structuredClone(branchingFlow) as { nodes: Array<{ id: string; config: Record<string, unknown> }> };
    changed.nodes.find((n) => n.id === 'big')!.config.expression = 'input.amount >= 5000';
    await owner.flows.saveDraft.mutate({ id: flow.id, revision: saved.revision, definition: changed as never });
    const v2 = await owner.flows.publish.mutate({ id: flow.id, note: 'raise the bar' });
    // A stale save changes nothing and records nothing.
    await expectApiError(owner.flows.saveDraft.mutate({ id: flow.id, revision: 1, definition: branchingFlow as never }));
    // So does a revision beyond what the database can hold (refused up front, not a 500).
    expect(
      (await expectApiError(owner.flows.saveDraft.mutate({ id: flow.id, revision: 2 ** 31, definition: branchingFlow as never }))).code,
    ).toBe('BAD_REQUEST');
    await owner.flows.archive.mutate({ id: flow.id });

    const { items } = await auditor.audit.search.query({ flowId: flow.id });
    expect(items.map((e) => e.action)).toEqual([
      'flow.archive',
      'flow.publish',
      'flow.save_draft',
      'flow.publish',
      'flow.save_draft',
      'flow.create',
    ]);
    expect(items.every((e) => e.actor === ownerUser.id && e.actorLabel === ownerUser.email)).toBe(true);
    const [, publish2, save2, publish1, save1] = items;
    expect(save1!.payload).toMatchObject({ revision: 2, changes: { nodes: { added: 3, removed: 0 }, edges: { added: 5, removed: 1 } } });
    expect(save2!.payload).toMatchObject({ revision: 3, changes: { nodes: { added: 0, removed: 0, changed: 1 } } });
    expect(publish1).toMatchObject({ flowVersionId: v1.id, payload: { version: 1, previousVersion: null, note: 'first' } });
    expect(publish2).toMatchObject({
      flowVersionId: v2.id,
      payload: {
        version: 2,
        previousVersion: 1,
        changes: {
          nodes: {
            added: [],
            removed: [],
            changed: [
              { id: 'big', fields: [{ path: 'config.expression', before: 'input.amount >= 1000', after: 'input.amount >= 5000' }] },
            ],
          },
          edges: { added: [], removed: [], changed: [] },
        },
      },
    });
    await owner.flows.archive.mutate({ id: flow.id, archived: false });
  });
});

describe('run timeline', () => {
  it('merges run.start with the workflow history of a real run, in time order', async () => {
    const created = await owner.flows.create.mutate({ key: 'timeline', name: 'Timeline' });
    await owner.flows.saveDraft.mutate({ id: created.id, revision: created.draftRevision, definition: shortWait as never });
    const version = await owner.flows.publish.mutate({ id: created.id });
    const run = await owner.runs.start.mutate({ flowId: created.id, input: {} });
    expect((await finished(run.id)).status).toBe('completed');

    const timeline = await owner.audit.runTimeline.query({ runId: run.id });
    expect(timeline.history.status).toBe('ok');
    expect(timeline.run).toMatchObject({ id: run.id, workflowId: run.workflowId, status: 'completed', flowVersion: { version: 1 } });
    const labels = timeline.items.map((i) =>
      i.source === 'audit'
        ? `audit:${i.action}`
        : i.kind === 'activity.scheduled' || i.kind === 'activity.completed'
          ? `${i.kind}:${i.detail.activity}`
          : i.kind,
    );
    const at = (label: string) => {
      const index = labels.indexOf(label);
      expect(index, `${label} in ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [
      at('audit:run.start'),
      at('workflow.started'),
      at('timer.started'),
      at('timer.fired'),
      at('activity.scheduled:recordRunEnd'),
      at('activity.completed:recordRunEnd'),
      at('workflow.completed'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const times = timeline.items.map((i) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const start = timeline.items.find((i) => i.source === 'audit' && i.action === 'run.start');
    expect(start).toMatchObject({
      actor: ownerUser.id,
      flowId: created.id,
      flowVersionId: version.id,
      payload: { workflowId: run.workflowId, version: 1 },
    });
    expect(timeline.items.find((i) => i.source === 'temporal' && i.kind === 'timer.started')).toMatchObject({ detail: { seconds: 1 } });
  });

  it('records a cancel request with its reason, and the timeline shows the cancellation', async () => {
    const created = await owner.flows.create.mutate({ key: 'cancelled', name: 'Cancelled' });
    await owner.flows.saveDraft.mutate({ id: created.id, revision: created.draftRevision, definition: waitingFlow(3600) as never });
    await owner.flows.publish.mutate({ id: created.id });
    const run = await owner.runs.start.mutate({ flowId: created.id, input: {} });
    // The run writes its audit entries before it waits; cancel once its timer is running.
    await waitFor(
      async () =>
        (await owner.audit.runTimeline.query({ runId: run.id })).items.some((i) => i.source === 'temporal' && i.kind === 'timer.started')
          ? true
          : undefined,
      'the wait',
    );
    await owner.runs.cancel.mutate({ id: run.id, reason: 'customer withdrew' });
    expect((await finished(run.id)).status).toBe('cancelled');
    // The Run row is written just before the workflow closes: wait for the close in its history.
    const items = await waitFor(async () => {
      const timeline = await owner.audit.runTimeline.query({ runId: run.id });
      return timeline.items.some((i) => i.source === 'temporal' && i.kind === 'workflow.cancelled') ? timeline.items : undefined;
    }, 'the cancelled workflow');
    const kinds = items.map((i) => (i.source === 'audit' ? i.action : i.kind));
    expect(kinds.indexOf('run.cancel')).toBeGreaterThan(kinds.indexOf('timer.started'));
    expect(kinds).toEqual(expect.arrayContaining(['workflow.cancel_requested', 'timer.cancelled', 'workflow.cancelled']));
    expect(items.find((i) => i.source === 'audit' && i.action === 'run.cancel')).toMatchObject({
      payload: { reason: 'customer withdrew' },
    });
  });

  it('refuses unknown runs and callers without the role', async () => {
    expect((await expectApiError(auditor.audit.runTimeline.query({ runId: '00000000-0000-4000-8000-000000000000' }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await expectApiError(staff.audit.runTimeline.query({ runId: '00000000-0000-4000-8000-000000000000' }))).code).toBe('FORBIDDEN');
  });
});

describe('search, user activity and verify', () => {
  it('filters by action prefix, actor (id or e-mail) and time, pages by seq, and checks its input', async () => {
    const byPrefix = await auditor.audit.search.query({ action: 'run.*' });
    expect(byPrefix.items.length).toBeGreaterThanOrEqual(3);
    expect(byPrefix.items.every((e) => e.action.startsWith('run.'))).toBe(true);
    const byEmail = await auditor.audit.search.query({ actor: ownerUser.email, limit: 200 });
    const byId = await auditor.audit.search.query({ actor: ownerUser.id, limit: 200 });
    expect(byEmail.items.map((e) => e.seq)).toEqual(byId.items.map((e) => e.seq));

    const pages: number[] = [];
    let cursor: number | undefined;
    do {
      const page = await auditor.audit.search.query({ limit: 3, ...(cursor ? { cursor } : {}) });
      pages.push(...page.items.map((e) => e.seq));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const total = (await auditor.audit.verify.query()) as { ok: boolean; count: number };
    expect(total.ok).toBe(true);
    expect(pages).toEqual(Array.from({ length: total.count }, (_, i) => total.count - i));

    const future = await auditor.audit.search.query({ from: new Date(Date.now() + 60_000).toISOString() });
    expect(future.items).toEqual([]);
    const reversed = await expectApiError(auditor.audit.search.query({ from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }));
    expect(reversed).toMatchObject({ code: 'BAD_REQUEST' });
    expect(reversed.message).toContain('"from"');
    expect((await expectApiError(auditor.audit.search.query({ action: 'DROP TABLE' }))).code).toBe('BAD_REQUEST');
    expect((await expectApiError(owner.audit.search.query({}))).code).toBe('FORBIDDEN');
  });

  it('lists one user activity', async () => {
    const activity = await auditor.audit.userActivity.query({ userId: ownerUser.id, limit: 200 });
    expect(activity.user.email).toBe(ownerUser.email);
    expect(activity.items.length).toBeGreaterThan(5);
    expect(activity.items.every((e) => e.actor === ownerUser.id)).toBe(true);
    expect((await expectApiError(auditor.audit.userActivity.query({ userId: '00000000-0000-4000-8000-000000000000' }))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('request ids', () => {
  /** A tRPC mutation over plain HTTP, to see the response headers the client library hides. */
  async function post(procedure: string, input: unknown) {
    const response = await fetch(`${api.url}/trpc/${procedure}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.owner}`, 'content-type': 'application/json', 'x-request-id': 'chosen-by-the-caller' },
      body: JSON.stringify(input),
    });
    expect(response.status).toBe(200);
    return {
      requestId: response.headers.get('x-request-id'),
      data: ((await response.json()) as { result: { data: { id: string } } }).result.data,
    };
  }

  it('every response names its request, and the audit entries a request wrote are found by that id', async () => {
    const created = await post('flows.create', { key: 'request-ids', name: 'Request ids' });
    // Generated by the server, never taken from the caller.
    expect(created.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const flow = await owner.flows.get.query({ id: created.data.id });
    await owner.flows.saveDraft.mutate({ id: flow.id, revision: flow.draftRevision, definition: shortWait as never });
    await owner.flows.publish.mutate({ id: flow.id, note: 'v1' });
    const started = await post('runs.start', { flowId: flow.id, input: {} });
    expect(started.requestId).not.toBe(created.requestId);

    const byCreate = await auditor.audit.search.query({ requestId: created.requestId as string });
    expect(byCreate.items.map((i) => [i.action, i.subjectId, i.requestId])).toEqual([['flow.create', flow.id, created.requestId]]);
    const byStart = await auditor.audit.search.query({ requestId: started.requestId as string });
    expect(byStart.items.map((i) => [i.action, i.runId])).toEqual([['run.start', started.data.id]]);
    // Entries the workflow writes belong to no request.
    await finished(started.data.id);
    const ofRun = await auditor.audit.search.query({ runId: started.data.id, action: 'run.*' });
    expect(ofRun.items.find((i) => i.action === 'run.completed')?.requestId).toBeNull();
    const refused = await expectApiError(auditor.audit.search.query({ requestId: 'chosen-by-the-caller' }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toContain('must be a UUID');
  });
});

describe('export over HTTP', () => {
  it('streams CSV and JSON of a filtered range, identical to what search shows', async () => {
    const searched = await auditor.audit.search.query({ action: 'flow.*', limit: 200 });
    const json = await exportText('format=json&action=flow.*');
    expect(json.status).toBe(200);
    expect(json.type).toContain('application/json');
    const exported = JSON.parse(json.text) as Array<{ seq: number; hash: string; payload: unknown }>;
    expect(exported.map((e) => e.seq)).toEqual(searched.items.map((e) => e.seq).reverse());
    expect(exported).toEqual([...searched.items].reverse());

    const csv = await exportText('format=csv&action=flow.*');
    expect(csv.status).toBe(200);
    expect(csv.type).toContain('text/csv');
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(exported.length + 1);
    expect(lines[1]).toContain(exported[0]!.hash);

    const empty = await exportText('format=json&from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z');
    expect(JSON.parse(empty.text)).toEqual([]);
  });

  it('answers who may export and what a valid request is, with a specific message', async () => {
    expect((await exportText('format=csv', null)).status).toBe(401);
    const forbidden = await exportText('format=csv', tokens.staff ?? null);
    expect(forbidden.status).toBe(403);
    expect(forbidden.text).toContain('admin, auditor');
    for (const [query, message] of [
      ['format=xml', 'format'],
      ['', 'format'],
      ['format=csv&from=yesterday', 'from'],
      ['format=csv&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', '"from"'],
      ['format=csv&runId=1', 'runId'],
      ['format=csv&colour=red', 'colour'],
      ['format=csv&format=json', 'more than once'],
    ] as const) {
      const answer = await exportText(query);
      expect(answer.status, query).toBe(400);
      expect((JSON.parse(answer.text) as { error: string }).error, query).toContain(message);
    }
    expect(
      (await fetch(`${api.url}/api/audit/export?format=csv`, { method: 'POST', headers: { authorization: `Bearer ${tokens.auditor}` } }))
        .status,
    ).toBe(405);
  });
});
