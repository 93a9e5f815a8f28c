import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { createInnerContext, type SessionUser } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { rebuildTaskTable } from '../../apps/runtime/src/tasks/rebuild.ts';
import { taskSearchText } from '../../apps/runtime/src/tasks/search-text.ts';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { waitFor } from '../support/api-client.ts';
import { definition, e, n } from '../support/flows.ts';
import {
  createTestDatabase,
  createUser,
  interpreterBundle,
  startLocalTemporal,
  type TestDatabase,
  type TestRole,
} from '../support/platform.ts';

/**
 * The staff inbox on real parts: Postgres, the Temporal dev server and a worker. Views, filters,
 * sorts and keyset pages against a model computed in the test; every action; the integrity rules
 * (one owner among 16 claimers, one completion among many, a refused completion writes nothing);
 * attachments over HTTP; and rebuilding the task table from the workflows.
 */
const root = path.resolve(import.meta.dirname, '..', '..');
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let worker: Worker;
let running: Promise<void>;
let api: ApiServer;
const taskQueue = `inbox-${randomUUID()}`;
const callerFactory = createCallerFactory(appRouter);
type Caller = ReturnType<typeof callerFactory>;
type Person = SessionUser & { token: string; caller: Caller };

let admin: Person;
let manager: Person;
let auditor: Person;
let anna: Person; // support
let ben: Person; // support
let olga: Person; // billing: another group
let flowId: string;
const customerId = randomUUID();

async function person(roles: TestRole[], groups: string[] = [], name?: string): Promise<Person> {
  const user = await createUser(database.db, roles, name ? `${name}-${randomUUID().slice(0, 6)}@inbox.test` : undefined);
  for (const key of groups) {
    const group = await database.db.group.findUniqueOrThrow({ where: { key } });
    await database.db.groupMember.create({ data: { groupId: group.id, userId: user.id } });
  }
  const session = { id: user.id, email: user.email, roles: user.roles };
  return {
    ...session,
    token: user.token,
    caller: callerFactory(createInnerContext({ db: database.db, temporal: env.client, taskQueue }, session)),
  };
}

const approval = definition(
  'Refund approval',
  [
    n('start', 'start', { businessKey: 'input.caseId' }),
    n('approve', 'human-task', {
      title: 'Approve refund for {{ input.caseId }}',
      assignee: { kind: 'group', group: 'support' },
      form: [
        { name: 'amount', type: 'number', required: true, label: 'Amount' },
        { name: 'comment', type: 'string' },
      ],
      customer: 'input.customerId',
    }),
    n('yes', 'end', { output: '{ "decision": "approved" }' }),
    n('no', 'end', { output: '{ "decision": "rejected" }' }),
  ],
  [e('start', 'approve'), e('approve', 'yes', 'approved'), e('approve', 'no', 'rejected')],
  {
    input: {
      fields: [
        { name: 'caseId', type: 'string', required: true },
        { name: 'customerId', type: 'string' },
      ],
    },
  },
);

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('inbox')]);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await interpreterBundle(),
    activities: createActivities({ db: database.db }),
  });
  running = worker.run();
  api = await startApiServer({ db: database.db, temporal: env.client, taskQueue }, { host: '127.0.0.1', port: 0 });
  for (const [key, name] of [
    ['support', 'Support'],
    ['billing', 'Billing'],
  ]) {
    await database.db.group.create({ data: { key: key as string, name: name as string } });
  }
  await database.db.customer.create({ data: { id: customerId, name: 'Grünwald Bäckerei GmbH' } });
  admin = await person(['admin']);
  manager = await person(['manager'], [], 'manager');
  auditor = await person(['auditor']);
  anna = await person(['staff'], ['support'], 'anna');
  ben = await person(['staff'], ['support'], 'ben');
  olga = await person(['staff'], ['billing'], 'olga');
  const flow = await admin.caller.flows.create({ key: 'inbox-approval', name: 'Refund approval' });
  await admin.caller.flows.saveDraft({ id: flow.id, revision: flow.draftRevision, definition: approval as never });
  await admin.caller.flows.publish({ id: flow.id });
  flowId = flow.id;
});

afterAll(async () => {
  await api?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
  await database?.drop();
});

async function codeOf(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** Starts a run of the approval flow and waits for its task row. */
async function openTask(caseId = `C-${randomUUID().slice(0, 8)}`) {
  const run = await admin.caller.runs.start({ flowId, input: { caseId, customerId } });
  const task = await waitFor(
    async () => (await database.db.task.findFirst({ where: { runId: run.id } })) ?? undefined,
    `task of ${caseId}`,
  );
  return { run, task, caseId };
}

const runStatus = (runId: string) =>
  waitFor(async () => {
    const row = await database.db.run.findUniqueOrThrow({ where: { id: runId } });
    return row.status === 'running' ? undefined : row.status;
  }, `run ${runId} to end`);

/** What people did to a task, from the audit log (entries the workflows write themselves are left out). */
const auditActions = async (taskId: string) =>
  (
    await database.db.auditEntry.findMany({
      where: { subjectId: taskId, actor: { not: 'system' } },
      orderBy: { seq: 'asc' },
      select: { action: true, actor: true },
    })
  ).map((a) => `${a.action}:${a.actor}`);

describe('views and access', () => {
  it('shows a group task in the group queue of its members only; others cannot see or open it', async () => {
    const { task, caseId } = await openTask();
    expect(task).toMatchObject({ title: `Approve refund for ${caseId}`, groupKey: 'support', flowId, customerId, status: 'open' });

    const annaQueue = await anna.caller.tasks.inbox({ view: 'group', filters: { status: 'open', search: caseId } });
    expect(annaQueue.items.map((t) => t.id)).toEqual([task.id]);
    expect(annaQueue.items[0]).toMatchObject({ flowName: 'Refund approval', customerName: 'Grünwald Bäckerei GmbH', claimedBy: null });

    expect((await olga.caller.tasks.inbox({ view: 'group', filters: { status: 'open', search: caseId } })).items).toEqual([]);
    expect((await olga.caller.tasks.inbox({ view: 'mine' })).items).toEqual([]);
    expect(await codeOf(olga.caller.tasks.get({ id: task.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await codeOf(olga.caller.tasks.claim({ id: task.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await codeOf(olga.caller.tasks.timeline({ id: task.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await codeOf(olga.caller.tasks.comment({ id: task.id, body: 'hi' }))).toMatchObject({ code: 'NOT_FOUND' });

    expect(await codeOf(anna.caller.tasks.inbox({ view: 'team' }))).toMatchObject({ code: 'FORBIDDEN' });
    const team = await manager.caller.tasks.inbox({ view: 'team', filters: { status: 'open', search: caseId } });
    expect(team.items.map((t) => t.id)).toEqual([task.id]);
    expect((await auditor.caller.tasks.get({ id: task.id })).can).toMatchObject({ claim: false, comment: false, manage: false });

    const detail = await anna.caller.tasks.get({ id: task.id });
    expect(detail.can).toEqual({ claim: true, unclaim: false, complete: true, delegate: true, comment: true, attach: true, manage: false });
    expect(detail.form).toEqual([
      { name: 'amount', type: 'number', required: true, label: 'Amount' },
      { name: 'comment', type: 'string', required: false },
    ]);
    const timeline = await anna.caller.tasks.timeline({ id: task.id });
    expect(timeline.steps?.map((s) => [s.nodeId, s.status])).toEqual([
      ['start', 'completed'],
      ['approve', 'waiting'],
    ]);
  });

  it('counts open tasks per view, each view only for those who may use it', async () => {
    const before = await anna.caller.tasks.counts();
    expect(before.team).toBeUndefined();
    const { task } = await openTask();
    const after = await anna.caller.tasks.counts();
    expect(after.group?.count).toBe((before.group?.count ?? 0) + 1);
    await anna.caller.tasks.claim({ id: task.id });
    const claimed = await anna.caller.tasks.counts();
    expect(claimed.group?.count).toBe(before.group?.count);
    expect(claimed.mine?.count).toBe((before.mine?.count ?? 0) + 1);
    expect((await manager.caller.tasks.counts()).team?.count).toBeGreaterThanOrEqual(1);
  });
});

describe('claiming', () => {
  it('gives one owner among 16 concurrent claimers, and the others a clear conflict', async () => {
    const { task } = await openTask();
    const claimers = await Promise.all(Array.from({ length: 16 }, (_, i) => person(['staff'], ['support'], `claimer${i}`)));
    const results = await Promise.allSettled(claimers.map((c) => c.caller.tasks.claim({ id: task.id })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [claimers[i] as Person] : []));
    expect(won).toHaveLength(1);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as TRPCError);
    expect(lost).toHaveLength(15);
    for (const error of lost) expect(error).toMatchObject({ code: 'CONFLICT', message: 'Someone else claimed the task first.' });
    const row = await database.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.claimedBy).toBe(won[0]?.id);
    expect(await auditActions(task.id)).toEqual([`task.claim:${won[0]?.id}`]);
  });

  it('moves a claimed task from the group queue to the claimer; only the holder or a manager releases it', async () => {
    const { task, caseId } = await openTask();
    await anna.caller.tasks.claim({ id: task.id });
    expect((await ben.caller.tasks.inbox({ view: 'group', filters: { status: 'open', search: caseId } })).items).toEqual([]);
    expect((await anna.caller.tasks.inbox({ view: 'mine', filters: { status: 'open', search: caseId } })).items.map((t) => t.id)).toEqual([
      task.id,
    ]);
    expect(await codeOf(ben.caller.tasks.claim({ id: task.id }))).toMatchObject({ code: 'CONFLICT' });
    expect(await codeOf(ben.caller.tasks.unclaim({ id: task.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await codeOf(ben.caller.tasks.complete({ id: task.id, outcome: 'approved', data: { amount: 1 } }))).toMatchObject({
      code: 'CONFLICT',
    });
    await anna.caller.tasks.unclaim({ id: task.id });
    expect(await codeOf(anna.caller.tasks.unclaim({ id: task.id }))).toMatchObject({
      code: 'CONFLICT',
      message: 'Nobody has claimed this task.',
    });
    expect((await ben.caller.tasks.inbox({ view: 'group', filters: { status: 'open', search: caseId } })).items.map((t) => t.id)).toEqual([
      task.id,
    ]);
    await ben.caller.tasks.claim({ id: task.id });
    await manager.caller.tasks.unclaim({ id: task.id });
    expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).claimedBy).toBeNull();
    expect(await auditActions(task.id)).toEqual([
      `task.claim:${anna.id}`,
      `task.unclaim:${anna.id}`,
      `task.claim:${ben.id}`,
      `task.unclaim:${manager.id}`,
    ]);
  });
});

describe('completing', () => {
  it('a completion the workflow refuses leaves no partial write', async () => {
    const { task } = await openTask();
    await anna.caller.tasks.claim({ id: task.id });
    const before = await database.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(await codeOf(anna.caller.tasks.complete({ id: task.id, outcome: 'approved', data: { amount: 'lots' } }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'Form rejected: amount must be a number.',
    });
    expect(await codeOf(anna.caller.tasks.complete({ id: task.id, outcome: 'maybe', data: { amount: 1 } }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('"maybe" is not an outcome of this task'),
    });
    expect(await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).toEqual(before);
    expect(await auditActions(task.id)).toEqual([`task.claim:${anna.id}`]);
  });

  it('parallel completions give one success and clear conflicts; the run moves on', async () => {
    const { task, run } = await openTask();
    await anna.caller.tasks.claim({ id: task.id });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? anna : manager).caller.tasks.complete({ id: task.id, outcome: i % 3 ? 'approved' : 'rejected', data: { amount: i } }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toMatchObject({ code: 'CONFLICT' });
        expect((r.reason as Error).message).toMatch(/already completed|cannot be completed again/);
      }
    }
    expect(await runStatus(run.id)).toBe('completed');
    const row = await database.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.status).toBe('completed');
    expect((await auditActions(task.id)).filter((a) => a.startsWith('task.complete'))).toHaveLength(1);
    expect(await codeOf(anna.caller.tasks.claim({ id: task.id }))).toMatchObject({ code: 'CONFLICT', message: 'The task is completed.' });
  });
});

describe('handing work on', () => {
  it('delegates to a colleague who may work the task (through the workflow); not to an outsider', async () => {
    const { task } = await openTask();
    await anna.caller.tasks.claim({ id: task.id });
    const delegates = await anna.caller.tasks.delegates({ id: task.id });
    expect(delegates.map((d) => d.id)).toContain(ben.id);
    expect(delegates.map((d) => d.id)).not.toContain(olga.id);
    expect(delegates.map((d) => d.id)).not.toContain(anna.id);
    expect(await codeOf(anna.caller.tasks.delegate({ id: task.id, userId: olga.id }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(await codeOf(ben.caller.tasks.delegate({ id: task.id, userId: ben.id }))).toMatchObject({ code: 'FORBIDDEN' });
    await anna.caller.tasks.delegate({ id: task.id, userId: ben.id });
    const row = await database.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row).toMatchObject({ assigneeId: ben.id, groupKey: null, claimedBy: null });
    const state = await env.client.workflow.getHandle(row.workflowId).query(runStateQuery);
    expect(state.tasks?.[task.id]?.assignee).toEqual({ kind: 'user', email: ben.email });
    expect((await ben.caller.tasks.inbox({ view: 'mine' })).items.map((t) => t.id)).toContain(task.id);
    expect(await codeOf(anna.caller.tasks.get({ id: task.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a manager reassigns to another group (workflow and row agree) and changes the priority', async () => {
    const { task, caseId } = await openTask();
    await anna.caller.tasks.claim({ id: task.id });
    expect(await codeOf(manager.caller.tasks.reassign({ id: task.id, to: { kind: 'group', group: 'nope' } }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'No group has the key "nope".',
    });
    await manager.caller.tasks.reassign({ id: task.id, to: { kind: 'group', group: 'billing' } });
    const row = await database.db.task.findUniqueOrThrow({ where: { id: task.id } });
    expect(row).toMatchObject({ groupKey: 'billing', assigneeId: null, claimedBy: null });
    expect((await env.client.workflow.getHandle(row.workflowId).query(runStateQuery)).tasks?.[task.id]?.assignee).toEqual({
      kind: 'group',
      group: 'billing',
    });
    expect((await olga.caller.tasks.inbox({ view: 'group', filters: { status: 'open', search: caseId } })).items.map((t) => t.id)).toEqual([
      task.id,
    ]);
    expect(await codeOf(anna.caller.tasks.get({ id: task.id }))).toMatchObject({ code: 'NOT_FOUND' });

    const changed = await manager.caller.tasks.setPriority({ id: task.id, priority: 4 });
    expect(changed.through).toBe('workflow');
    expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).priority).toBe(4);
    expect((await env.client.workflow.getHandle(row.workflowId).query(runStateQuery)).tasks?.[task.id]?.priority).toBe(4);
    await manager.caller.tasks.reassign({ id: task.id, to: { kind: 'user', userId: olga.id } });
    expect(await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ assigneeId: olga.id, groupKey: null });
    await olga.caller.tasks.complete({ id: task.id, outcome: 'rejected', data: { amount: 0 } });
    expect(await codeOf(manager.caller.tasks.reassign({ id: task.id, to: { kind: 'group', group: 'support' } }))).toMatchObject({
      code: 'CONFLICT',
    });
    expect(await codeOf(manager.caller.tasks.setPriority({ id: task.id, priority: 1 }))).toMatchObject({ code: 'CONFLICT' });
    expect((await auditActions(task.id)).map((a) => a.split(':')[0])).toEqual([
      'task.claim',
      'task.reassign',
      'task.priority',
      'task.reassign',
      'task.complete',
    ]);
  });
});

describe('comments and attachments', () => {
  it('comments are for those who may work the task, and are listed in order', async () => {
    const { task } = await openTask();
    expect(await codeOf(anna.caller.tasks.comment({ id: task.id, body: '   ' }))).toMatchObject({ code: 'BAD_REQUEST' });
    await anna.caller.tasks.comment({ id: task.id, body: 'Called the customer, waiting for the receipt.' });
    await ben.caller.tasks.comment({ id: task.id, body: 'Receipt is in the documents.' });
    const comments = await manager.caller.tasks.comments({ id: task.id });
    expect(comments.map((c) => [c.authorId, c.body])).toEqual([
      [anna.id, 'Called the customer, waiting for the receipt.'],
      [ben.id, 'Receipt is in the documents.'],
    ]);
    expect(await codeOf(olga.caller.tasks.comments({ id: task.id }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('attaches files checked by content and size; downloads only for those who see the task', async () => {
    const { task } = await openTask();
    const url = `${api.url}/api/tasks/${task.id}/attachments`;
    const upload = (token: string | null, name: string, body: Uint8Array<ArrayBuffer>) =>
      fetch(url, {
        method: 'POST',
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          'x-file-name': encodeURIComponent(name),
          'content-type': 'application/octet-stream',
        },
        body,
      });
    const pdf = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

    const ok = await upload(anna.token, 'Quittung März.pdf', pdf);
    expect(ok.status).toBe(201);
    const stored = (await ok.json()) as { id: string; contentType: string; size: number };
    expect(stored).toMatchObject({ contentType: 'application/pdf', size: pdf.length });

    const wrongType = await upload(anna.token, 'receipt.pdf', png);
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { error: string }).error).toContain('its content is a PNG image');
    expect((await upload(anna.token, 'tool.exe', new Uint8Array([0x4d, 0x5a, 1, 2]))).status).toBe(415);
    expect((await upload(anna.token, 'page.html', new TextEncoder().encode('<script>alert(1)</script>'))).status).toBe(415);
    expect((await upload(anna.token, 'empty.txt', new Uint8Array())).status).toBe(400);
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(pdf);
    expect((await upload(anna.token, 'big.pdf', big)).status).toBe(413);
    expect((await upload(null, 'receipt.pdf', pdf)).status).toBe(401);
    expect((await upload(olga.token, 'receipt.pdf', pdf)).status).toBe(404);
    expect((await upload(auditor.token, 'receipt.pdf', pdf)).status).toBe(403);

    const list = await ben.caller.tasks.attachments({ id: task.id });
    expect(list.map((a) => [a.fileName, a.uploadedBy])).toEqual([['Quittung März.pdf', anna.id]]);
    const download = await fetch(`${url}/${stored.id}`, { headers: { authorization: `Bearer ${ben.token}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''Quittung%20M%C3%A4rz.pdf");
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(pdf);
    expect((await fetch(`${url}/${stored.id}`, { headers: { authorization: `Bearer ${olga.token}` } })).status).toBe(404);
    expect((await fetch(`${url}/${stored.id}`)).status).toBe(401);
    expect(await database.db.taskAttachment.count({ where: { taskId: task.id } })).toBe(1);
    expect(await auditActions(task.id)).toEqual([`task.attach:${anna.id}`]);
  });
});

describe('filters, sorts and keyset pages', () => {
  type Row = {
    id: string;
    priority: number;
    createdAt: Date;
    dueAt: Date | null;
    groupKey: string;
    title: string;
    sla: unknown;
    claimedBy: string | null;
  };
  const rows: Row[] = [];
  const otherFlow = randomUUID();

  beforeAll(async () => {
    const base = Date.parse('2026-01-05T08:00:00Z');
    const sla = (i: number) =>
      i % 5 === 0
        ? null
        : {
            breached: i % 5 === 1,
            warned: i % 5 === 2 ? [80] : i % 5 === 1 ? [80] : [],
            paused: i % 5 === 3,
            target: '2026-02-01T00:00:00Z',
          };
    for (let i = 0; i < 90; i++) {
      const row: Row = {
        id: randomUUID(),
        priority: (i % 4) + 1,
        // Many ties in created_at: the id breaks them.
        createdAt: new Date(base + Math.floor(i / 3) * 60_000),
        dueAt: i % 7 === 0 ? null : new Date(base + ((i * 37) % 50) * 3_600_000),
        groupKey: i % 3 === 0 ? 'billing' : 'support',
        title: i % 10 === 0 ? `Kündigung prüfen ${i}` : `Synthetic case ${i}`,
        sla: sla(i),
        claimedBy: i % 11 === 0 ? ben.id : null,
      };
      rows.push(row);
    }
    await database.db.task.createMany({
      data: rows.map((r, i) => ({
        id: r.id,
        dedupeKey: `synthetic/${r.id}`,
        runId: randomUUID(),
        flowId: i % 2 ? otherFlow : flowId,
        workflowId: `synthetic:${r.id}`,
        nodeId: 'approve',
        title: r.title,
        searchText: taskSearchText(r.title, i % 4 === 0 ? 'Grünwald Bäckerei GmbH' : null),
        form: [],
        outcomes: ['done'],
        groupKey: r.groupKey,
        priority: r.priority,
        createdAt: r.createdAt,
        dueAt: r.dueAt,
        claimedBy: r.claimedBy,
        customerId: i % 4 === 0 ? customerId : null,
        ...(r.sla ? { sla: r.sla as object } : {}),
      })),
    });
  });

  const cmp = {
    priority: (a: Row, b: Row) => b.priority - a.priority || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
    due: (a: Row, b: Row) =>
      (a.dueAt === null ? 1 : 0) - (b.dueAt === null ? 1 : 0) ||
      (a.dueAt?.getTime() ?? 0) - (b.dueAt?.getTime() ?? 0) ||
      a.id.localeCompare(b.id),
    created: (a: Row, b: Row) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id),
  };

  async function allPages(caller: Caller, input: Parameters<Caller['tasks']['inbox']>[0] & object): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await caller.tasks.inbox({ ...input, limit: 7, ...(cursor ? { cursor } : {}) });
      ids.push(...page.items.map((t) => t.id));
      if (!page.nextCursor) return ids;
      cursor = page.nextCursor;
    }
    throw new Error('too many pages');
  }

  const synthetic = { search: 'ynthetic' };
  it.each(['priority', 'due', 'created'] as const)('pages through the group queue sorted by %s without gaps or repeats', async (sort) => {
    const expected = rows.filter((r) => r.groupKey === 'support' && r.claimedBy === null && r.title.includes('ynthetic')).sort(cmp[sort]);
    expect(await allPages(anna.caller, { view: 'group', sort, filters: { status: 'open', ...synthetic } })).toEqual(
      expected.map((r) => r.id),
    );
  });

  it('team view with every filter agrees with the model', async () => {
    const from = new Date(Date.parse('2026-01-05T08:00:00Z') + 5 * 3_600_000);
    const to = new Date(Date.parse('2026-01-05T08:00:00Z') + 30 * 3_600_000);
    const inWindow = (r: Row) => r.dueAt !== null && r.dueAt >= from && r.dueAt < to;
    const cases: Array<[object, (r: Row, i: number) => boolean]> = [
      [{ priorities: [3, 4] }, (r) => r.priority >= 3],
      [{ dueFrom: from.toISOString(), dueTo: to.toISOString() }, inWindow],
      [{ flowId }, (_r, i) => i % 2 === 0],
      [{ customerId }, (_r, i) => i % 4 === 0],
      [{ sla: 'breached' }, (r) => (r.sla as { breached?: boolean } | null)?.breached === true],
      [
        { sla: 'warned' },
        (r) => r.sla !== null && !(r.sla as { breached: boolean }).breached && (r.sla as { warned: number[] }).warned.length > 0,
      ],
      [{ sla: 'paused' }, (r) => (r.sla as { paused?: boolean } | null)?.paused === true],
      [{ sla: 'none' }, (r) => r.sla === null],
      [
        { sla: 'ok' },
        (r) => r.sla !== null && !(r.sla as { breached: boolean }).breached && (r.sla as { warned: number[] }).warned.length === 0,
      ],
      [
        { priorities: [2], sla: 'ok', flowId },
        (r, i) =>
          r.priority === 2 &&
          i % 2 === 0 &&
          r.sla !== null &&
          !(r.sla as { breached: boolean }).breached &&
          (r.sla as { warned: number[] }).warned.length === 0,
      ],
    ];
    for (const [filter, keep] of cases) {
      const expected = rows.filter((r, i) => keep(r, i) && r.title.includes('ynthetic')).sort(cmp.priority);
      const got = await allPages(manager.caller, { view: 'team', sort: 'priority', filters: { status: 'open', ...synthetic, ...filter } });
      expect(got, JSON.stringify(filter)).toEqual(expected.map((r) => r.id));
    }
  });

  it('searches titles and customer names (case-insensitive, substrings, % and _ taken literally)', async () => {
    const titles = await manager.caller.tasks.inbox({ view: 'team', filters: { status: 'open', search: 'KUNDIGUNG' }, limit: 100 });
    expect(titles.items.map((t) => t.id).sort()).toEqual(
      rows
        .filter((r) => r.title.startsWith('Kündigung'))
        .map((r) => r.id)
        .sort(),
    );
    const byCustomer = await manager.caller.tasks.inbox({
      view: 'team',
      filters: { status: 'open', search: 'GRÜNWALD BÄCKEREI' },
      limit: 100,
    });
    expect(byCustomer.items.length).toBeGreaterThanOrEqual(rows.filter((_r, i) => i % 4 === 0).length);
    expect(byCustomer.items.every((t) => t.customerId === customerId)).toBe(true);
    expect((await manager.caller.tasks.inbox({ view: 'team', filters: { status: 'open', search: '%' } })).items).toEqual([]);
    expect((await manager.caller.tasks.inbox({ view: 'team', filters: { status: 'open', search: 'Synthetic_case' } })).items).toEqual([]);
  });

  it('refuses cursors it did not give out, and a cursor of another sort', async () => {
    const page = await anna.caller.tasks.inbox({ view: 'group', sort: 'due', filters: { status: 'open', ...synthetic }, limit: 3 });
    expect(page.nextCursor).not.toBeNull();
    expect(await codeOf(anna.caller.tasks.inbox({ view: 'group', sort: 'priority', cursor: page.nextCursor as string }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('belongs to the "due" sort'),
    });
    expect(await codeOf(anna.caller.tasks.inbox({ view: 'group', cursor: 'not-a-cursor' }))).toMatchObject({ code: 'BAD_REQUEST' });
    expect(
      await codeOf(
        anna.caller.tasks.inbox({
          view: 'group',
          filters: { status: 'open', dueFrom: '2026-02-01T00:00:00Z', dueTo: '2026-01-01T00:00:00Z' },
        }),
      ),
    ).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('rebuilding the task table from the workflows', () => {
  it('re-inserts a deleted row, corrects a drifted one and closes rows of runs that ended', async () => {
    const lost = await openTask();
    const drifted = await openTask();
    await database.db.task.delete({ where: { id: lost.task.id } });
    await database.db.task.update({ where: { id: drifted.task.id }, data: { groupKey: 'billing', priority: 1, status: 'cancelled' } });
    const staleBefore = await database.db.task.count({ where: { status: 'open', workflowId: { startsWith: 'synthetic:' } } });
    expect(staleBefore).toBeGreaterThan(0);

    const report = await rebuildTaskTable({ db: database.db, temporal: env.client });
    expect(report.problems).toEqual([]);
    expect(report.inserted).toBe(1);
    expect(report.updated).toBeGreaterThanOrEqual(1);
    expect(report.closedStale).toBe(staleBefore);

    const back = await database.db.task.findUniqueOrThrow({ where: { id: lost.task.id } });
    expect(back).toMatchObject({
      runId: lost.run.id,
      nodeId: 'approve',
      dedupeKey: lost.task.dedupeKey,
      groupKey: 'support',
      status: 'open',
      priority: 2,
      form: lost.task.form,
      outcomes: lost.task.outcomes,
      flowId,
    });
    // The title is a template the workflow rendered and does not keep: until TaskState carries it, the node's label stands in.
    expect([lost.task.title, 'approve']).toContain(back.title);
    // The workflow's clock, a moment before the activity wrote the original row.
    expect(Math.abs(back.createdAt.getTime() - lost.task.createdAt.getTime())).toBeLessThan(5_000);
    expect(await database.db.task.findUniqueOrThrow({ where: { id: drifted.task.id } })).toMatchObject({
      groupKey: 'support',
      priority: 2,
      status: 'open',
    });

    // The rebuilt row is the real thing: completing it through the API moves the run on.
    await anna.caller.tasks.complete({ id: lost.task.id, outcome: 'approved', data: { amount: 5 } });
    expect(await runStatus(lost.run.id)).toBe('completed');
  });

  it('npm run tasks:rebuild does the same from the command line', async () => {
    const { task, run } = await openTask();
    await database.db.task.delete({ where: { id: task.id } });
    const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'tasks:rebuild', '--', '--workflow', run.workflowId], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, TEMPORAL_ADDRESS: env.address, TRACKWAY_QUIET: '' },
    });
    expect(stdout).toContain('1 inserted');
    expect(await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ runId: run.id, status: 'open' });
  });
});
