import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { addBusinessTime, type FlowDefinitionInput } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeTaskUpdate, eventSignal, reassignTaskUpdate, runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { definition, e, n } from '../support/flows.ts';
import { createUser, type TestDatabase } from '../support/platform.ts';
import { eventually, openTaskOf, timeSkippingRuns, type TimeSkippingRuns } from '../support/timeskipping.ts';

/**
 * The service nodes (human task, SLA, escalation, reminder, wait for event, error ports) on
 * Temporal's time-skipping server: weeks of business time pass in seconds.
 */
let runs: TimeSkippingRuns;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let owner: { id: string };
let agent: { id: string; email: string };
const DAY = 86_400_000;
const AGENT_EMAIL = 'agent@service-nodes.test';

const office = {
  timeZone: 'UTC',
  weekly: {
    mon: [{ start: '09:00', end: '17:00' }],
    tue: [{ start: '09:00', end: '17:00' }],
    wed: [{ start: '09:00', end: '17:00' }],
    thu: [{ start: '09:00', end: '17:00' }],
    fri: [{ start: '09:00', end: '17:00' }],
    sat: [],
    sun: [],
  },
};
const allDay = [{ start: '00:00', end: '24:00' }];
const always = { timeZone: 'UTC', weekly: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay } };

/**
 * A Tuesday at least three weeks ahead of the test server's clock (earlier tests moved it on), and
 * the Friday before it, made a holiday of the office calendar.
 */
async function dueTuesday(): Promise<{ due: string; day: (offset: number) => string }> {
  const d = new Date((await env.currentTimeMs()) + 21 * DAY);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  const day = (offset: number) => new Date(d.getTime() + offset * DAY).toISOString().slice(0, 10);
  await database.db.calendar.update({
    where: { key: 'office' },
    data: { definition: { ...office, holidays: [{ date: day(-4), name: 'Test holiday' }] } },
  });
  return { due: day(0), day };
}

beforeAll(async () => {
  runs = await timeSkippingRuns('service_nodes');
  ({ env, database } = runs);
  owner = { id: runs.ownerId };
  agent = await createUser(database.db, ['staff'], AGENT_EMAIL);
  const support = await database.db.group.create({ data: { key: 'support', name: 'Support' } });
  const leads = await database.db.group.create({ data: { key: 'shift-leads', name: 'Shift leads' } });
  await database.db.groupMember.create({ data: { groupId: leads.id, userId: owner.id } });
  await database.db.groupMember.create({ data: { groupId: support.id, userId: agent.id } });
  await database.db.calendar.create({ data: { key: 'always', name: '24x7', definition: always } });
  await database.db.calendar.create({ data: { key: 'office', name: 'Office', definition: office } });
});

afterAll(() => runs?.stop());

const withWorker = <T>(fn: () => Promise<T>) => runs.withWorker(fn);
const publish = (def: FlowDefinitionInput, key?: string) => runs.publish(def, key);
const startRun = (def: FlowDefinitionInput, input: Record<string, unknown> = {}) => runs.startFlow(def, input);

const openTask = (runId: string, nodeId: string) => openTaskOf(runs, runId, nodeId);

const complete = (handle: WorkflowHandle, taskId: string, outcome: string, data: Record<string, unknown>, userId = agent.id) =>
  handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, outcome, data, userId }] });

async function refusal(promise: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause as { type?: string; message: string };
      return { type: cause.type, message: cause.message };
    }
    throw error;
  }
  throw new Error('expected the update to be refused');
}

const approval = (extra: Record<string, unknown> = {}) =>
  definition(
    'approval',
    [
      n('start', 'start'),
      n('approve', 'human-task', {
        title: 'Approve refund of {{ input.amount }} EUR',
        assignee: { kind: 'group', group: 'support' },
        form: [
          { name: 'amount', type: 'number', required: true },
          { name: 'comment', type: 'string' },
        ],
        ...extra,
      }),
      n('yes', 'end', { output: '{ "decision": "approved", "task": steps.approve }' }),
      n('no', 'end', { output: '{ "decision": "rejected" }' }),
      ...('timeout' in extra ? [n('late', 'end', { output: '{ "decision": "timed out" }' })] : []),
    ],
    [
      e('start', 'approve'),
      e('approve', 'yes', 'approved'),
      e('approve', 'no', 'rejected'),
      ...('timeout' in extra ? [e('approve', 'late', 'timeout')] : []),
    ],
    { input: { fields: [{ name: 'amount', type: 'number', required: true }] } },
  );

describe('human task', () => {
  it('refuses wrong outcomes, bad forms and second completions; the accepted one moves the run and the inbox row', async () => {
    await withWorker(async () => {
      const { handle, runId } = await startRun(approval(), { amount: 120 });
      const task = await openTask(runId, 'approve');
      expect(task).toMatchObject({
        status: 'open',
        title: 'Approve refund of 120 EUR',
        groupKey: 'support',
        outcomes: ['approved', 'rejected'],
      });

      expect(await refusal(complete(handle, task.id, 'maybe', { amount: 1 }))).toMatchObject({ type: 'OutcomeInvalid' });
      const badForm = await refusal(complete(handle, task.id, 'approved', { amount: 'lots', extra: 1 }));
      expect(badForm.type).toBe('FormInvalid');
      expect(badForm.message).toContain('amount must be a number');
      expect(badForm.message).toContain('extra is not an input');
      expect(await refusal(complete(handle, randomUUID(), 'approved', { amount: 1 }))).toMatchObject({ type: 'TaskUnknown' });
      // Refusals wrote nothing.
      expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('open');

      const accepted = await complete(handle, task.id, 'approved', { amount: 120, comment: 'ok' });
      expect(accepted).toEqual({ taskId: task.id, status: 'completed', outcome: 'approved' });
      // The update answers after the inbox row was written.
      const row = await database.db.task.findUniqueOrThrow({ where: { id: task.id } });
      expect(row).toMatchObject({ status: 'completed', outcome: 'approved', data: { amount: 120, comment: 'ok' }, completedBy: agent.id });

      const result = await handle.result();
      expect(result.output).toMatchObject({
        decision: 'approved',
        task: { outcome: 'approved', data: { amount: 120, comment: 'ok' }, completedBy: agent.id },
      });
    });
  });

  it('parallel completions: exactly one is accepted, the rest are refused as not open', async () => {
    await withWorker(async () => {
      const { handle, runId } = await startRun(approval(), { amount: 5 });
      const task = await openTask(runId, 'approve');
      const attempts = await Promise.allSettled(
        Array.from({ length: 5 }, (_, i) => complete(handle, task.id, i % 2 ? 'approved' : 'rejected', { amount: i })),
      );
      const accepted = attempts.filter((a) => a.status === 'fulfilled');
      expect(accepted).toHaveLength(1);
      for (const a of attempts.filter((x) => x.status === 'rejected')) {
        const cause = ((a as PromiseRejectedResult).reason as WorkflowUpdateFailedError).cause as { type?: string };
        expect(cause.type).toBe('TaskNotOpen');
      }
      await handle.result();
    });
  });

  it('reassigns an open task through the workflow (row and workflow agree), and refuses once it is closed', async () => {
    await withWorker(async () => {
      const { handle, runId } = await startRun(approval(), { amount: 9 });
      const task = await openTask(runId, 'approve');
      await handle.executeUpdate(reassignTaskUpdate, {
        args: [{ taskId: task.id, assignee: { kind: 'group', group: 'shift-leads' }, userId: owner.id }],
      });
      expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).groupKey).toBe('shift-leads');
      expect((await handle.query(runStateQuery)).tasks?.[task.id]?.assignee).toEqual({ kind: 'group', group: 'shift-leads' });
      await complete(handle, task.id, 'rejected', { amount: 9 });
      const refused = await refusal(
        handle.executeUpdate(reassignTaskUpdate, {
          args: [{ taskId: task.id, assignee: { kind: 'group', group: 'support' }, userId: owner.id }],
        }),
      );
      expect(refused.type).toBe('TaskNotOpen');
      await handle.result();
    });
  });

  it('takes the timeout port after the business-time timeout and closes the inbox row as timed out', async () => {
    await withWorker(async () => {
      const { handle, runId } = await startRun(approval({ calendar: 'office', timeout: { amount: 2, unit: 'days' } }), { amount: 1 });
      const result = await handle.result();
      expect(result.output).toEqual({ decision: 'timed out' });
      const row = await database.db.task.findFirstOrThrow({ where: { runId } });
      expect(row.status).toBe('timed_out');
      // Two working days on the office calendar after the task was created, in workflow time.
      const step = (await handle.query(runStateQuery)).steps.approve!;
      const calendar = { id: 'office', name: 'Office', holidays: [], ...office };
      const expected = addBusinessTime(calendar, new Date(step.startedAt), { amount: 2, unit: 'days' }).getTime();
      expect(Math.abs(Date.parse(step.endedAt!) - expected)).toBeLessThan(60_000);
    });
  });
});

describe('SLA timer and escalation watching a task', () => {
  const slaFlow = definition(
    'request with SLA',
    [
      n('start', 'start'),
      n('split', 'parallel', { branches: [{ port: 'work' }, { port: 'clock' }], mode: 'all' }),
      n('triage', 'human-task', { title: 'Triage', assignee: { kind: 'group', group: 'support' }, outcomes: [{ port: 'done' }] }),
      n('sla', 'sla', {
        watch: 'triage',
        calendar: 'always',
        goal: { amount: 8, unit: 'hours' },
        rules: [{ when: 'input.tier = "gold"', goal: { amount: 4, unit: 'hours' }, label: 'gold' }],
        warnAt: [80],
        warn: { channel: 'in_app', to: AGENT_EMAIL, subject: 'SLA at 80%: {{ input.subject }}' },
        pauseOn: ['customer.waiting'],
        resumeOn: ['customer.replied'],
      }),
      n('escalate', 'escalation', {
        watch: 'triage',
        levels: [
          {
            reassignTo: { kind: 'group', group: 'shift-leads' },
            priority: 4,
            notify: { channel: 'in_app', to: 'group:shift-leads', subject: 'Breached' },
          },
        ],
      }),
      n('join', 'join'),
      n('end', 'end', { output: '{ "sla": steps.sla }' }),
    ],
    [
      e('start', 'split'),
      e('split', 'triage', 'work'),
      e('split', 'sla', 'clock'),
      e('triage', 'join', 'done'),
      e('sla', 'join', 'met'),
      e('sla', 'escalate', 'breached'),
      e('escalate', 'join', 'closed'),
      e('join', 'end'),
    ],
    {
      input: {
        fields: [
          { name: 'tier', type: 'string' },
          { name: 'subject', type: 'string' },
        ],
      },
    },
  );

  it('goal by rule, warning at 80%, breach escalates (reassign, priority, notify), completion ends both', async () => {
    await withWorker(async () => {
      const { handle, runId } = await startRun(slaFlow, { tier: 'gold', subject: 'Printer on fire' });
      const task = await openTask(runId, 'triage');
      await env.sleep(200 * 60_000);
      await eventually(
        () => handle.query(runStateQuery),
        (state) =>
          expect(state.steps.sla?.progress).toMatchObject({
            rule: 'gold',
            goal: { amount: 4, unit: 'hours' },
            warned: [80],
            breached: false,
          }),
      );
      await env.sleep('1 hour');
      await eventually(
        () => database.db.task.findUniqueOrThrow({ where: { id: task.id } }),
        (row) => expect(row).toMatchObject({ groupKey: 'shift-leads', priority: 4, sla: { breached: true, warned: [80] } }),
      );
      const outbox = await database.db.outbox.findMany({ where: { runId }, orderBy: { createdAt: 'asc' } });
      expect(outbox.map((o) => o.subject)).toEqual(['SLA at 80%: Printer on fire', 'Breached']);

      await complete(handle, task.id, 'done', {});
      const result = await handle.result();
      expect(result.output).toMatchObject({ sla: { breached: true, remainingMinutes: expect.any(Number) } });
    });
  });

  it('a paused clock does not breach; completing in time takes "met"', async () => {
    await withWorker(async () => {
      const { handle, runId, businessKey } = await startRun(slaFlow, { tier: 'silver', subject: 'Question' });
      const task = await openTask(runId, 'triage');
      await env.sleep('2 hours');
      await handle.signal(eventSignal, {
        id: randomUUID(),
        type: 'customer.waiting',
        businessKey,
        payload: {},
        receivedAt: new Date().toISOString(),
      });
      const slaProgress = () => handle.query(runStateQuery).then((state) => state.steps.sla?.progress);
      // The signal must be applied before the server skips time ahead.
      await eventually(slaProgress, (p) => expect(p).toMatchObject({ paused: true }));
      await env.sleep('3 days');
      await eventually(
        () => handle.query(runStateQuery),
        (state) => expect(state.steps.sla?.progress).toMatchObject({ paused: true, breached: false, warned: [] }),
      );
      await handle.signal(eventSignal, {
        id: randomUUID(),
        type: 'customer.replied',
        businessKey,
        payload: {},
        receivedAt: new Date().toISOString(),
      });
      await eventually(slaProgress, (p) => expect(p).toMatchObject({ paused: false }));
      await env.sleep('1 hour');
      await complete(handle, task.id, 'done', {});
      const result = await handle.result();
      const sla = (result.output as { sla: { breached: boolean; elapsedMinutes: number } }).sla;
      expect(sla.breached).toBe(false);
      // 2 h before the pause + ~1 h after it; the 3 paused days do not count.
      expect(sla.elapsedMinutes).toBeGreaterThanOrEqual(180);
      expect(sla.elapsedMinutes).toBeLessThan(190);
      expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).groupKey).toBe('support');
    });
  });
});

describe('reminder', () => {
  const reminderFlow = () =>
    definition(
      'receivable reminders',
      [
        n('start', 'start'),
        n('remind', 'reminder', {
          dueDate: 'input.dueDate',
          calendar: 'office',
          schedule: [
            { offset: { amount: 7, unit: 'days', direction: 'before' } },
            { offset: { amount: 3, unit: 'days', direction: 'before' }, repeatEveryDays: 1 },
          ],
          message: { channel: 'in_app', to: AGENT_EMAIL, subject: 'Invoice {{ input.invoice }} due {{ input.dueDate }}' },
          stopOn: ['payment.received'],
        }),
        n('done', 'end', { output: '{ "how": "done", "sent": steps.remind.sent }' }),
        n('stopped', 'end', { output: '{ "how": "stopped", "sent": steps.remind.sent }' }),
      ],
      [e('start', 'remind'), e('remind', 'done', 'done'), e('remind', 'stopped', 'stopped')],
      {
        input: {
          fields: [
            { name: 'dueDate', type: 'date', required: true },
            { name: 'invoice', type: 'string', required: true },
          ],
        },
      },
    );

  it('sends 7 working days before, then daily from 3 days before the due date, never on the holiday or a weekend', async () => {
    const { due, day } = await dueTuesday();
    await withWorker(async () => {
      const { handle, runId } = await startRun(reminderFlow(), { dueDate: due, invoice: 'INV-7' });
      const result = await handle.result();
      const sent = (result.output as { how: string; sent: string[] }).sent;
      expect((result.output as { how: string }).how).toBe('done');
      // Due Tuesday D, holiday Friday D-4: 7 working days back is Thursday D-12; -3..0 are Wed D-6, Thu D-5, Mon D-1, Tue D.
      expect(sent.map((s) => s.slice(0, 10))).toEqual([day(-12), day(-6), day(-5), day(-1), day(0)]);
      expect(sent.every((s) => s.endsWith('T09:00:00.000Z'))).toBe(true);
      const outbox = await database.db.outbox.findMany({ where: { runId } });
      expect(outbox).toHaveLength(5);
      expect(outbox[0]?.subject).toBe(`Invoice INV-7 due ${due}`);
    });
  });

  it('an event stops the reminders at once', async () => {
    const { due, day } = await dueTuesday();
    await withWorker(async () => {
      const { handle, businessKey, runId } = await startRun(reminderFlow(), { dueDate: due, invoice: 'INV-8' });
      // Let the first reminder go out, then report the payment.
      const firstAt = Date.parse(`${day(-12)}T09:00:00Z`);
      await env.sleep(firstAt - (await env.currentTimeMs()) + 60_000);
      await handle.signal(eventSignal, {
        id: randomUUID(),
        type: 'payment.received',
        businessKey,
        payload: { amount: 10 },
        receivedAt: new Date().toISOString(),
      });
      await eventually(
        () => handle.query(runStateQuery),
        (state) => expect(state.events?.[0]?.takenBy).toBe('remind#1'),
      );
      const result = await handle.result();
      expect(result.output).toMatchObject({ how: 'stopped', sent: [expect.stringContaining(day(-12))] });
      expect(await database.db.outbox.count({ where: { runId } })).toBe(1);
    });
  });
});

describe('wait for event and error ports', () => {
  const waitFlow = definition(
    'wait for goods',
    [
      n('start', 'start'),
      n('wait', 'wait-event', { eventTypes: ['goods.arrived'], timeout: { amount: 2, unit: 'days' } }),
      n('got', 'end', { output: '{ "got": steps.wait.event.payload.sku }' }),
      n('late', 'end', { output: '{ "got": null }' }),
    ],
    [e('start', 'wait'), e('wait', 'got', 'received'), e('wait', 'late', 'timeout')],
  );

  it('an event delivered before the run reached the wait is not lost', async () => {
    await withWorker(async () => {
      const { handle, businessKey } = await startRun(waitFlow);
      await handle.signal(eventSignal, {
        id: 'ev-1',
        type: 'goods.arrived',
        businessKey,
        payload: { sku: 'A-1' },
        receivedAt: new Date().toISOString(),
      });
      // The same event delivered twice counts once.
      await handle.signal(eventSignal, {
        id: 'ev-1',
        type: 'goods.arrived',
        businessKey,
        payload: { sku: 'A-1' },
        receivedAt: new Date().toISOString(),
      });
      expect((await handle.result()).output).toEqual({ got: 'A-1' });
      const state = await handle.query(runStateQuery);
      expect(state.events).toHaveLength(1);
      expect(state.events?.[0]?.takenBy).toBe('wait#1');
    });
  });

  it('times out after the wall-clock timeout', async () => {
    await withWorker(async () => {
      const { handle } = await startRun(waitFlow);
      expect((await handle.result()).output).toEqual({ got: null });
    });
  });

  it('a failing node with a connected error port continues there instead of failing the run', async () => {
    const flow = definition(
      'fallback assignee',
      [
        n('start', 'start'),
        n('ask', 'human-task', {
          title: 'Call back',
          assignee: { kind: 'user', email: 'nobody@nowhere.test' },
          outcomes: [{ port: 'done' }],
        }),
        n('ok', 'end', { output: '"asked"' }),
        n('fallback', 'end', { output: '{ "error": steps.ask.error }' }),
      ],
      [e('start', 'ask'), e('ask', 'ok', 'done'), e('ask', 'fallback', 'error')],
    );
    await withWorker(async () => {
      const { handle } = await startRun(flow);
      const result = await handle.result();
      expect(result.output).toEqual({ error: expect.stringContaining('No user has the e-mail "nobody@nowhere.test"') });
      const state = await handle.query(runStateQuery);
      expect(state.steps.ask).toMatchObject({ status: 'failed', port: 'error' });
    });
  });

  it('without a connected error port the same failure fails the run, naming the node', async () => {
    const flow = definition(
      'no fallback',
      [
        n('start', 'start'),
        n('ask', 'human-task', {
          title: 'Call back',
          assignee: { kind: 'user', email: 'nobody@nowhere.test' },
          outcomes: [{ port: 'done' }],
        }),
        n('ok', 'end'),
      ],
      [e('start', 'ask'), e('ask', 'ok', 'done')],
    );
    await withWorker(async () => {
      const { handle } = await startRun(flow);
      await expect(handle.result()).rejects.toThrow();
      const state = await handle.query(runStateQuery);
      expect(state).toMatchObject({ status: 'failed', error: expect.stringContaining('Node "ask" failed') });
    });
  });
});

describe('sub-flow', () => {
  const child = definition(
    'collect documents',
    [n('start', 'start'), n('end', 'end', { output: '{ "collected": input.count * 2 }' })],
    [e('start', 'end')],
    { input: { fields: [{ name: 'count', type: 'number', required: true }] } },
  );
  const parent = (flow: string, input = '{ "count": input.n }') =>
    definition(
      'calls a sub-flow',
      [
        n('start', 'start'),
        n('call', 'subflow', { flow, input }),
        n('end', 'end', { output: '{ "child": steps.call.output, "childRun": steps.call.runId }' }),
        n('failed', 'end', { output: '{ "error": steps.call.error }' }),
      ],
      [e('start', 'call'), e('call', 'end'), e('call', 'failed', 'error')],
      { input: { fields: [{ name: 'n', type: 'number', required: true }] } },
    );

  it('runs the called flow as a child run with its own Run row and returns its output', async () => {
    await publish(child, 'collect-documents');
    await withWorker(async () => {
      const { handle, businessKey } = await startRun(parent('collect-documents'), { n: 21 });
      const result = (await handle.result()).output as { child: unknown; childRun: string };
      expect(result.child).toEqual({ collected: 42 });
      const row = await database.db.run.findUniqueOrThrow({ where: { id: result.childRun } });
      expect(row).toMatchObject({ status: 'completed', businessKey, workflowId: `${handle.workflowId}/call/1`, output: { collected: 42 } });
    });
  });

  it('an unknown flow or an input the child refuses routes to the error port with the reason', async () => {
    await withWorker(async () => {
      const missing = await startRun(parent('no-such-flow'), { n: 1 });
      expect((await missing.handle.result()).output).toEqual({ error: 'No flow has the key "no-such-flow".' });
      const wrongInput = await startRun(parent('collect-documents', '{ "count": "many" }'), { n: 1 });
      expect((await wrongInput.handle.result()).output).toEqual({ error: expect.stringContaining('count must be a number') });
    });
  });
});
