import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { isWorkingDay, localDateOf, type BusinessCalendar, type ExecutionPlan } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCalendar } from '../../apps/runtime/src/calendars/calendar-definition.ts';
import { seedDemo } from '../../apps/runtime/src/demo/seed.ts';
import { completeTaskUpdate, eventSignal, runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import type { TestDatabase } from '../support/platform.ts';
import { eventually, openTaskOf, timeSkippingRuns, type TimeSkippingRuns } from '../support/timeskipping.ts';

/**
 * The seeded scenario flows of shared/SCENARIOS.md on the time-skipping server, with the real
 * seeded calendars (German holidays included), customers, groups and document templates.
 */
let runs: TimeSkippingRuns;
let env: TestWorkflowEnvironment;
let database: TestDatabase;
const DAY = 86_400_000;
const ANNA = 'anna.schmidt@example.com';

beforeAll(async () => {
  runs = await timeSkippingRuns('scenarios');
  ({ env, database } = runs);
  await seedDemo(database.db);
});

afterAll(() => runs?.stop());

const withWorker = <T>(fn: () => Promise<T>) => runs.withWorker(fn);

async function userId(email: string): Promise<string> {
  return (await database.db.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

/** Starts the seeded flow's published version like the API does (Run row + workflow). */
async function startScenario(key: string, input: Record<string, unknown>) {
  const flow = await database.db.flow.findUniqueOrThrow({
    where: { key },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  });
  const version = flow.versions[0]!;
  return runs.start({ key, flowId: flow.id, versionId: version.id, plan: version.plan as unknown as ExecutionPlan }, input);
}

const taskOf = (runId: string, nodeId: string) => openTaskOf(runs, runId, nodeId);

async function calendar(key: string): Promise<BusinessCalendar> {
  const row = await database.db.calendar.findUniqueOrThrow({ where: { key } });
  const parsed = parseCalendar(key, row.name, row.definition);
  if (!parsed.ok) throw new Error(parsed.problems);
  return parsed.calendar;
}

const event = (businessKey: string, type: string, payload: unknown = {}) => ({
  id: randomUUID(),
  type,
  businessKey,
  payload,
  receivedAt: new Date().toISOString(),
});

describe('scenario 1: overdue receivables', () => {
  it('reminds on working days, tasks the account manager after the due date, escalates after 10 working days; payment stops it all', async () => {
    const due = new Date((await env.currentTimeMs()) + 20 * DAY).toISOString().slice(0, 10);
    const receivables = await calendar('receivables');
    const anna = await database.db.customerContact.findFirstOrThrow({ where: { value: ANNA }, include: { customer: true } });
    await withWorker(async () => {
      const { handle, runId, businessKey } = await startScenario('overdue-receivables', {
        invoiceId: 'INV-1',
        customerEmail: ANNA,
        amount: 1200,
        dueDate: due,
      });
      await env.sleep(Date.parse(`${due}T00:00:00Z`) - (await env.currentTimeMs()) + 4 * DAY);
      const task = await taskOf(runId, 'task');
      expect(task).toMatchObject({ status: 'open', assigneeId: anna.customer.accountManagerId, priority: 3, customerId: anna.customer.id });
      const state = await handle.query(runStateQuery);
      const sent = (state.steps.remind?.output as { sent: string[] }).sent;
      expect(sent.length).toBeGreaterThanOrEqual(3);
      for (const at of sent) expect(isWorkingDay(receivables, localDateOf(receivables, new Date(at)))).toBe(true);
      // The task waited for the working day after the due date.
      expect(localDateOf(receivables, new Date(state.steps.task!.startedAt)) > due).toBe(true);
      const reminders = await database.db.outbox.findMany({ where: { runId, channel: 'email' } });
      expect(reminders).toHaveLength(sent.length);
      expect(reminders[0]?.subject).toBe(`Invoice INV-1: 1200 EUR due on ${due}`);

      await env.sleep(16 * DAY);
      await eventually(
        () => database.db.task.findUniqueOrThrow({ where: { id: task.id } }),
        (row) => expect(row).toMatchObject({ groupKey: 'sales-heads', assigneeId: null, priority: 4 }),
      );

      await handle.signal(eventSignal, event(businessKey, 'payment.received', { amount: 1200 }));
      expect((await handle.result()).output).toEqual({ invoice: 'INV-1', paid: true });
      expect((await database.db.task.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('cancelled');
    });
  });

  it('a payment before the due date ends the run with no task at all', async () => {
    const due = new Date((await env.currentTimeMs()) + 20 * DAY).toISOString().slice(0, 10);
    await withWorker(async () => {
      const { handle, runId, businessKey } = await startScenario('overdue-receivables', {
        invoiceId: 'INV-2',
        customerEmail: ANNA,
        amount: 80,
        dueDate: due,
      });
      await env.sleep(5 * DAY);
      await handle.signal(eventSignal, event(businessKey, 'payment.received'));
      expect((await handle.result()).output).toEqual({ invoice: 'INV-2', paid: true });
      expect(await database.db.task.count({ where: { runId } })).toBe(0);
    });
  });
});

describe('scenario 2: incoming request with an SLA', () => {
  it('a gold customer with a high-priority request: 2 business hours, warning, breach escalates to the shift lead, act of work at the end', async () => {
    const staff = await userId('staff@trackway.local');
    await withWorker(async () => {
      const { handle, runId } = await startScenario('incoming-request', {
        requestId: 'REQ-1',
        phone: '030 1234567',
        text: 'The printer prints nothing.',
        category: 'Hardware',
        priority: 'high',
      });
      const task = await taskOf(runId, 'triage');
      expect(task).toMatchObject({ groupKey: 'support', title: 'Hardware for Anna Schmidt (gold)' });
      await eventually(
        () => handle.query(runStateQuery),
        (state) => expect(state.steps.sla?.progress).toMatchObject({ rule: 'gold, high priority', goal: { amount: 2, unit: 'hours' } }),
      );
      await env.sleep(4 * DAY);
      await eventually(
        () => database.db.task.findUniqueOrThrow({ where: { id: task.id } }),
        (row) => expect(row).toMatchObject({ groupKey: 'shift-leads', priority: 4, sla: { breached: true, warned: [80] } }),
      );
      const subjects = (await database.db.outbox.findMany({ where: { runId }, orderBy: { createdAt: 'asc' } })).map((o) => o.subject);
      expect(subjects).toEqual(['SLA at 80%: request REQ-1 of Anna Schmidt', 'SLA breached: request REQ-1 of Anna Schmidt']);

      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, outcome: 'resolved', data: { resolution: 'Replaced the toner.' }, userId: staff }],
      });
      const output = (await handle.result()).output as { sla: { breached: boolean }; document: string };
      expect(output).toMatchObject({ request: 'REQ-1', customer: 'Anna Schmidt', sla: { breached: true } });
      const act = await database.db.document.findUniqueOrThrow({ where: { id: output.document } });
      expect(act).toMatchObject({
        stage: 'final',
        templateKey: 'act-of-completed-work',
        fields: { requestId: 'REQ-1', description: 'Replaced the toner.' },
      });
      expect(act.html).toContain('Replaced the toner.');
    });
  });

  it('an unknown caller takes the separate path', async () => {
    await withWorker(async () => {
      const { handle, runId } = await startScenario('incoming-request', {
        requestId: 'REQ-2',
        phone: '+1 202 555 0100',
        text: 'Hello?',
        category: 'Other',
      });
      const task = await taskOf(runId, 'unknown');
      expect(task.groupKey).toBe('support');
      await handle.executeUpdate(completeTaskUpdate, {
        args: [
          {
            taskId: task.id,
            outcome: 'handled',
            data: { callerName: 'A. Nonymous', resolution: 'Wrong number' },
            userId: await userId('staff@trackway.local'),
          },
        ],
      });
      expect((await handle.result()).output).toEqual({ request: 'REQ-2', customer: null, resolution: 'Wrong number' });
    });
  });
});

describe('scenario 3: manual control over generated documents', () => {
  it('the reviewer removes the personal fields and corrects the amount; draft, final and difference are kept', async () => {
    const manager = await userId('manager@trackway.local');
    await withWorker(async () => {
      const { handle, runId } = await startScenario('invoice-document-review', {
        invoiceId: 'INV-3',
        customerEmail: ANNA,
        amount: 500,
        dueDate: '2027-01-15',
        postalAddress: 'Hauptstr. 1, 10115 Berlin',
        personalPhone: '+49 170 1234567',
      });
      const task = await taskOf(runId, 'review');
      expect(task).toMatchObject({ role: 'manager', outcomes: ['approved', 'rejected'] });
      const draft = await database.db.document.findFirstOrThrow({ where: { runId, stage: 'draft' } });
      expect(draft.html).toContain('+49 170 1234567');
      const fields = draft.fields as Record<string, unknown>;
      const { postalAddress, personalPhone, ...kept } = fields;
      expect([postalAddress, personalPhone]).toEqual(['Hauptstr. 1, 10115 Berlin', '+49 170 1234567']);

      await handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, outcome: 'approved', data: { ...kept, amount: 450 }, userId: manager }],
      });
      const output = (await handle.result()).output as { final: string; draft: string; changes: unknown[] };
      expect(output.draft).toBe(draft.id);
      expect(output.changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'postalAddress', change: 'removed' }),
          expect.objectContaining({ field: 'personalPhone', change: 'removed' }),
          expect.objectContaining({ field: 'amount', change: 'changed', before: 500, after: 450 }),
        ]),
      );
      const final = await database.db.document.findUniqueOrThrow({ where: { id: output.final } });
      expect(final).toMatchObject({ stage: 'final', documentKey: draft.documentKey, version: draft.version + 1, createdBy: manager });
      expect(final.html).not.toContain('+49 170 1234567');
      expect(final.contentHash).not.toBe(draft.contentHash);
      expect(await database.db.outbox.count({ where: { runId, channel: 'email', subject: 'Invoice INV-3' } })).toBe(1);
    });
  });
});
