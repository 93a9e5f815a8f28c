import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { builtinRegistry } from '@trackway/nodes';
import { compileFlowOrThrow } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { interpreterWorkflow } from '../../apps/runtime/src/workflows/interpreter.ts';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { waitFor } from '../support/api-client.ts';
import { waitingFlow } from '../support/flows.ts';
import { createTestDatabase, createUser, startLocalTemporal, type TestDatabase } from '../support/platform.ts';

/** Kill the worker while runs wait in a delay; a new worker finishes every run exactly once. */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
const taskQueue = 'durability';
const children: ChildProcess[] = [];

function startWorkerProcess(): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, TEMPORAL_ADDRESS: env.address, TASK_QUEUE: taskQueue, DATABASE_URL: database.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

beforeAll(async () => {
  [env, database] = await Promise.all([startLocalTemporal(), createTestDatabase('durability')]);
  // waitingFlow notifies ops@example.test in-app, and an unknown recipient fails a run.
  await createUser(database.db, ['staff'], 'ops@example.test');
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await env?.teardown();
  await database?.drop();
});

describe('durability', () => {
  it('runs waiting in a delay survive a killed worker and complete exactly once', async () => {
    const owner = await createUser(database.db, ['process_owner']);
    const def = waitingFlow(6);
    const plan = compileFlowOrThrow(def, builtinRegistry);
    const flow = await database.db.flow.create({ data: { key: 'durable', name: 'durable', ownerId: owner.id, draft: def as object } });
    const version = await database.db.flowVersion.create({
      data: {
        flowId: flow.id,
        version: 1,
        definition: def as object,
        plan: plan as object,
        contentHash: plan.contentHash,
        publishedBy: owner.id,
      },
    });

    const first = await startWorkerProcess();
    const handles = [];
    for (let i = 0; i < 5; i++) {
      const workflowId = `durable:${randomUUID()}`;
      const run = await database.db.run.create({
        data: { flowId: flow.id, flowVersionId: version.id, workflowId, businessKey: workflowId, input: {}, startedBy: owner.id },
      });
      const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
        taskQueue,
        workflowId,
        args: [{ plan, input: {}, runId: run.id, startedAt: run.startedAt.toISOString() }],
      });
      handles.push({ handle, runId: run.id });
    }
    for (const { handle } of handles) {
      await waitFor(async () => ((await handle.query(runStateQuery)).steps.wait?.status === 'waiting' ? true : undefined), 'run to wait');
    }

    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    // The timers fire while no worker is alive; the new worker must pick the runs up from history.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    await startWorkerProcess();

    for (const { handle, runId } of handles) {
      expect(await handle.result()).toMatchObject({ status: 'completed' });
      expect(await database.db.outbox.count({ where: { runId } })).toBe(1);
      expect((await database.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe('completed');
      const history = await handle.fetchHistory();
      const notifications =
        history.events?.filter((ev) => ev.activityTaskScheduledEventAttributes?.activityType?.name === 'notify.send') ?? [];
      expect(notifications).toHaveLength(1);
    }
  });
});
