import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { builtinRegistry } from '@trackway/nodes';
import { compileFlowOrThrow, type FlowDefinitionInput } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import type { interpreterWorkflow } from '../../apps/runtime/src/workflows/interpreter.ts';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { branchingFlow, definition, e, n, parallelFlow, threeDayDelayFlow } from '../support/flows.ts';
import { createTestDatabase, createUser, interpreterBundle, startTimeSkippingTemporal, type TestDatabase } from '../support/platform.ts';

/** The interpreter on Temporal's time-skipping test server: days of timers pass in seconds. */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let ownerId: string;
const taskQueue = 'interpreter-timeskipping';

beforeAll(async () => {
  [env, database] = await Promise.all([startTimeSkippingTemporal(), createTestDatabase('timeskip')]);
  ownerId = (await createUser(database.db, ['process_owner'])).id;
  // The fixture flows notify ops@example.test in-app, and an unknown recipient fails a run.
  await createUser(database.db, ['staff'], 'ops@example.test');
});

/** A worker runs once (runUntil shuts it down), so each test gets its own; the bundle is shared. */
async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await interpreterBundle(),
    activities: createActivities({ db: database.db }),
  });
  return worker.runUntil(fn);
}

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
});

/** Stores flow, version and run rows like the API does, so activities can update them. */
async function prepareRun(def: FlowDefinitionInput, input: Record<string, unknown>) {
  const plan = compileFlowOrThrow(def, builtinRegistry);
  const flow = await database.db.flow.create({
    data: { key: `f-${randomUUID().slice(0, 8)}`, name: def.metadata.name, ownerId, draft: def as object },
  });
  const version = await database.db.flowVersion.create({
    data: {
      flowId: flow.id,
      version: 1,
      definition: def as object,
      plan: plan as object,
      contentHash: plan.contentHash,
      publishedBy: ownerId,
    },
  });
  const workflowId = `${flow.key}:${randomUUID()}`;
  const run = await database.db.run.create({
    data: { flowId: flow.id, flowVersionId: version.id, workflowId, businessKey: workflowId, input: input as object, startedBy: ownerId },
  });
  return { plan, workflowId, runId: run.id, args: { plan, input, runId: run.id, startedAt: run.startedAt.toISOString() } };
}

describe('interpreter on the time-skipping server', () => {
  it('a flow with a 3-day delay finishes in seconds of wall time', async () => {
    const { workflowId, runId, args } = await prepareRun(threeDayDelayFlow, { ticket: 'T-1' });
    const wallStart = Date.now();
    const result = await withWorker(async () => {
      const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
        taskQueue,
        workflowId,
        args: [args],
      });
      return handle.result();
    });
    const wallMs = Date.now() - wallStart;
    expect(result).toEqual({ status: 'completed', output: { ticket: 'T-1' } });
    expect(wallMs).toBeLessThan(60_000);
    const run = await database.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe('completed');
    const outbox = await database.db.outbox.findMany({ where: { runId } });
    expect(outbox.map((o) => o.subject)).toEqual(['Waited for T-1']);
    // The business clock moved 3 days while the wall clock moved seconds.
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const timer = history.events?.find((ev) => ev.timerStartedEventAttributes);
    expect(Number(timer?.timerStartedEventAttributes?.startToFireTimeout?.seconds)).toBe(3 * 24 * 3600);
  });

  it('takes the branch the condition chooses and reports every step in the query', async () => {
    for (const [amount, tier, skipped] of [
      [5000, 'gold', 'standard'],
      [10, 'standard', 'gold'],
    ] as const) {
      const { args, workflowId } = await prepareRun(branchingFlow, { orderId: `o-${amount}`, amount });
      const state = await withWorker(async () => {
        const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
          taskQueue,
          workflowId,
          args: [args],
        });
        expect(await handle.result()).toEqual({ status: 'completed', output: { tier, amount } });
        return handle.query(runStateQuery);
      });
      expect(state.status).toBe('completed');
      expect(state.steps.big?.port).toBe(amount >= 1000 ? 'true' : 'false');
      expect(state.steps[tier]?.status).toBe('completed');
      expect(state.steps[skipped]).toBeUndefined();
    }
  });

  it('runs parallel branches in their own scopes and merges them at the join', async () => {
    const { args, workflowId } = await prepareRun(parallelFlow, {});
    const result = await withWorker(async () => {
      const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
        taskQueue,
        workflowId,
        args: [args],
      });
      return handle.result();
    });
    expect(result.output).toEqual(['done-a', 'done-b']);
  });

  it('records a run whose result is JSON null as completed, with a null output', async () => {
    const def = definition('null result', [n('start', 'start'), n('end', 'end', { output: 'null' })], [e('start', 'end')]);
    const { args, workflowId, runId } = await prepareRun(def, {});
    const result = await withWorker(async () => {
      const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
        taskQueue,
        workflowId,
        args: [args],
      });
      return handle.result();
    });
    expect(result).toEqual({ status: 'completed', output: null });
    const run = await database.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: 'completed', output: null, error: null });
  });

  it('fails the run (not the workflow task) when an expression fails at run time', async () => {
    const def = {
      ...branchingFlow,
      nodes: branchingFlow.nodes.map((node) =>
        node.id === 'big' ? { ...node, config: { expression: '$number("not a number") > 1' } } : node,
      ),
    };
    const { args, workflowId, runId } = await prepareRun(def, { orderId: 'o-bad', amount: 1 });
    const error = await withWorker(async () => {
      const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
        taskQueue,
        workflowId,
        args: [args],
      });
      return handle.result().then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(String((error as { cause?: { message?: string } })?.cause?.message)).toContain('Node "big" failed');
    expect((await database.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('failed');
  });
});
