import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import type { CreateTaskInput } from '../../apps/runtime/src/tasks/task-activities.ts';
import { createTestDatabase, createUser, type TestDatabase } from '../support/platform.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

/**
 * Task notices (assignment, escalation, SLA warning) on real parts: Postgres and a real SMTP
 * server, with the task activities called as the worker registers them.
 */
const FROM = 'Trackway <trackway@tasks.test>';

let database: TestDatabase;
let sink: SmtpSink;
type U = { id: string; email: string };
let ana: U, bo: U, cy: U, dee: U;

beforeAll(async () => {
  database = await createTestDatabase('task_notifications');
  sink = await startSmtpSink({ user: 'relay', pass: 'relay-pass' });
  [ana, bo, cy, dee] = await Promise.all([
    createUser(database.db, ['staff'], 'ana@tasks.test'),
    createUser(database.db, ['staff'], 'bo@tasks.test'),
    createUser(database.db, ['staff'], 'cy@tasks.test'),
    createUser(database.db, ['manager'], 'dee@tasks.test'),
  ]);
  await database.db.group.create({
    data: { key: 'support', name: 'Support', members: { create: [{ userId: ana.id }, { userId: bo.id }] } },
  });
  // Bo keeps the bell but wants no assignment mail.
  await database.db.notificationPreference.create({ data: { userId: bo.id, kind: 'task.assigned', inApp: true, email: false } });
});

afterAll(async () => {
  await sink?.close();
  await database?.drop();
});

beforeEach(() => {
  sink.mails.length = 0;
});

function activities(smtp: boolean = true) {
  return createActivities({ db: database.db, notifications: smtp ? { smtp: { url: sink.url, from: FROM } } : {} });
}

function taskInput(extra: Partial<CreateTaskInput> = {}): CreateTaskInput {
  const runId = randomUUID();
  return {
    dedupeKey: `${runId}/review/1`,
    runId,
    workflowId: `wf-${runId}`,
    nodeId: 'review',
    title: `Review invoice ${runId.slice(0, 6)}`,
    assignee: { kind: 'group', group: 'support' },
    form: [],
    outcomes: ['approve'],
    ...extra,
  };
}

async function notificationsOf(taskId: string) {
  return database.db.notification.findMany({ where: { link: `/inbox?task=${taskId}` }, orderBy: { createdAt: 'asc' } });
}

async function outboxOf(taskId: string) {
  return database.db.outbox.findMany({ where: { dedupeKey: { startsWith: `task:${taskId}/` } }, orderBy: { createdAt: 'asc' } });
}

const waitForMail = async (count: number) => {
  // The sink parses asynchronously after acknowledging; give it a moment.
  for (let i = 0; i < 250 && sink.mails.length < count; i++) await new Promise((r) => setTimeout(r, 20));
};

/** task.create sends its notices after it answers (task-activities.ts): wait until both channels have an attempt. */
async function createdNoticesSettled(taskId: string, channels = 2) {
  for (let i = 0; i < 250; i++) {
    const outbox = await outboxOf(taskId);
    const attempts = await database.db.deliveryAttempt.count({ where: { outboxId: { in: outbox.map((o) => o.id) } } });
    if (attempts >= channels) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`notices for task ${taskId} did not settle`);
}

describe('assignment notices', () => {
  it('notify each group member in-app with a link to the task, and by e-mail per preference', async () => {
    const input = taskInput();
    const { taskId } = await activities()['task.create'](input);
    await createdNoticesSettled(taskId);

    const rows = await notificationsOf(taskId);
    expect(rows.map((r) => r.userId).sort()).toEqual([ana.id, bo.id].sort());
    expect(rows[0]).toMatchObject({ title: `New task: ${input.title}`, readAt: null });

    await waitForMail(1);
    // Bo turned assignment e-mail off: only Ana gets a mail.
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]).toMatchObject({ envelopeTo: ['ana@tasks.test'], subject: `New task: ${input.title}` });
    expect(sink.mails[0]?.text).toContain(`/inbox?task=${taskId}`);

    const outbox = await outboxOf(taskId);
    expect(outbox.map((o) => [o.channel, o.runId, o.deliveredAt !== null])).toEqual([
      ['in_app', null, true],
      ['email', null, true],
    ]);
    const attempts = await database.db.deliveryAttempt.findMany({ where: { outboxId: { in: outbox.map((o) => o.id) } } });
    expect(attempts.map((a) => [a.channel, a.ok]).sort()).toEqual([
      ['email', true],
      ['in_app', true],
    ]);
  });

  it('a retried task.create (same dedupe key) sends nothing new', async () => {
    const input = taskInput();
    const first = await activities()['task.create'](input);
    await createdNoticesSettled(first.taskId);
    await waitForMail(1);
    const again = await activities()['task.create'](input);
    expect(again.taskId).toBe(first.taskId);
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.mails).toHaveLength(1);
    expect(await notificationsOf(first.taskId)).toHaveLength(2);
    expect(await outboxOf(first.taskId)).toHaveLength(2);
  });

  it('without SMTP the e-mail is recorded as not sent and the task is still created', async () => {
    const { taskId } = await activities(false)['task.create'](taskInput({ assignee: { kind: 'user', email: 'cy@tasks.test' } }));
    await createdNoticesSettled(taskId);
    const email = (await outboxOf(taskId)).find((o) => o.channel === 'email');
    expect(email?.deliveredAt).toBeNull();
    const attempts = await database.db.deliveryAttempt.findMany({ where: { outboxId: email?.id } });
    expect(attempts).toEqual([expect.objectContaining({ ok: false, detail: expect.stringMatching(/SMTP not configured/) })]);
    expect((await notificationsOf(taskId)).map((n) => n.userId)).toEqual([cy.id]);
  });

  it('an SMTP refusal is recorded and does not fail the activity', async () => {
    const dead = { smtp: { url: 'smtp://relay:wrong@127.0.0.1:1', from: FROM } };
    const { taskId } = await createActivities({ db: database.db, notifications: dead })['task.create'](
      taskInput({ assignee: { kind: 'user', email: 'cy@tasks.test' } }),
    );
    await createdNoticesSettled(taskId);
    const email = (await outboxOf(taskId)).find((o) => o.channel === 'email');
    const attempts = await database.db.deliveryAttempt.findMany({ where: { outboxId: email?.id } });
    expect(attempts).toEqual([expect.objectContaining({ ok: false, detail: expect.stringMatching(/^SMTP: /) })]);
  });
});

describe('reassignment and escalation notices', () => {
  it('a reassignment notifies the new addressees only; a retry of the same update sends nothing', async () => {
    const { taskId } = await activities()['task.create'](taskInput());
    await createdNoticesSettled(taskId);
    await waitForMail(1);
    sink.mails.length = 0;
    const update = { taskId, assignee: { kind: 'user', email: 'cy@tasks.test' } } as const;
    await activities()['task.update'](update);
    await activities()['task.update'](update);
    await waitForMail(1);
    expect(sink.mails.map((m) => m.envelopeTo)).toEqual([['cy@tasks.test']]);
    const cyRows = (await notificationsOf(taskId)).filter((n) => n.userId === cy.id);
    expect(cyRows).toEqual([expect.objectContaining({ title: expect.stringMatching(/^New task: /) })]);
  });

  it('a reassignment that raises the priority is an escalation, subject to its own preference', async () => {
    await database.db.notificationPreference.create({ data: { userId: dee.id, kind: 'task.escalated', inApp: false, email: true } });
    const { taskId } = await activities()['task.create'](taskInput({ assignee: { kind: 'user', email: 'cy@tasks.test' } }));
    await createdNoticesSettled(taskId);
    await waitForMail(1);
    sink.mails.length = 0;
    await activities()['task.update']({ taskId, assignee: { kind: 'role', role: 'manager' }, priority: 4 });
    await waitForMail(1);
    expect(sink.mails).toEqual([
      expect.objectContaining({ envelopeTo: ['dee@tasks.test'], subject: expect.stringMatching(/^Escalated to you: /) }),
    ]);
    expect((await notificationsOf(taskId)).filter((n) => n.userId === dee.id)).toEqual([]);
  });

  it('a priority change alone notifies nobody', async () => {
    const { taskId } = await activities()['task.create'](taskInput({ assignee: { kind: 'user', email: 'cy@tasks.test' } }));
    await createdNoticesSettled(taskId);
    const before = (await outboxOf(taskId)).length;
    await activities()['task.update']({ taskId, priority: 3 });
    expect(await outboxOf(taskId)).toHaveLength(before);
  });
});

describe('SLA warning notices', () => {
  const sla = (warned: number[], breached = false) => ({ warned, breached, paused: false, elapsedMinutes: 1 });

  it('notify the current addressees per preference when a threshold is passed or the goal is breached, once each', async () => {
    await database.db.notificationPreference.create({ data: { userId: ana.id, kind: 'sla.warning', inApp: true, email: false } });
    const { taskId } = await activities()['task.create'](taskInput());
    await createdNoticesSettled(taskId);
    await waitForMail(1);
    sink.mails.length = 0;
    const slaRows = async () => (await notificationsOf(taskId)).filter((n) => n.title.startsWith('SLA warning'));

    await activities()['task.update']({ taskId, sla: sla([]) }); // started: nothing to warn about
    expect(await slaRows()).toEqual([]);

    await activities()['task.update']({ taskId, sla: sla([80]) });
    await activities()['task.update']({ taskId, sla: sla([80]) }); // same state again (a retry): nothing new
    await waitForMail(1);
    expect((await slaRows()).map((n) => n.userId).sort()).toEqual([ana.id, bo.id].sort());
    // Ana turned SLA e-mail off; Bo only turned assignment e-mail off.
    expect(sink.mails.map((m) => m.envelopeTo)).toEqual([['bo@tasks.test']]);

    await activities()['task.update']({ taskId, sla: sla([80], true) });
    await waitForMail(2);
    expect(await slaRows()).toHaveLength(4);
    expect(sink.mails).toHaveLength(2);
  });

  it('nothing is sent for a task that is no longer open', async () => {
    const { taskId } = await activities()['task.create'](taskInput());
    await createdNoticesSettled(taskId);
    await activities()['task.finish']({ taskId, status: 'cancelled' });
    const before = (await outboxOf(taskId)).length;
    await activities()['task.update']({ taskId, sla: sla([50]) });
    await activities()['task.update']({ taskId, assignee: { kind: 'user', email: 'cy@tasks.test' } });
    expect(await outboxOf(taskId)).toHaveLength(before);
  });
});
