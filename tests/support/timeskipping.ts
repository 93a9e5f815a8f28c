import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { builtinRegistry } from '@trackway/nodes';
import { compileFlowOrThrow, type ExecutionPlan, type FlowDefinitionInput } from '@trackway/schema';
import { createActivities, type ActivityDeps } from '../../apps/runtime/src/activities/index.ts';
import type { interpreterWorkflow } from '../../apps/runtime/src/workflows/interpreter.ts';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import type { InterpreterArgs } from '../../apps/runtime/src/workflows/run-state.ts';
import { createTestDatabase, createUser, interpreterBundle, startTimeSkippingTemporal, type TestDatabase } from './platform.ts';

/**
 * Runs flows on Temporal's time-skipping server against a fresh Postgres database, the way the API
 * would (flow, version and Run rows, then the interpreter workflow): what the runtime tests share.
 */
export interface TimeSkippingRuns {
  readonly env: TestWorkflowEnvironment;
  readonly database: TestDatabase;
  /** A process owner who publishes and starts the flows. */
  readonly ownerId: string;
  /** Runs `fn` with a worker on a queue of its own, so a test that fails midway leaves nothing to the next one. */
  withWorker<T>(fn: () => Promise<T>, deps?: Omit<ActivityDeps, 'db'>): Promise<T>;
  /** Stores a flow and its version 1 as publishing does. */
  publish(def: FlowDefinitionInput, key?: string): Promise<Published>;
  /** Starts a published version (call inside withWorker). */
  start(published: Published, input?: Record<string, unknown>): Promise<StartedRun>;
  /** publish + start. */
  startFlow(def: FlowDefinitionInput, input?: Record<string, unknown>): Promise<StartedRun>;
  stop(): Promise<void>;
}

export interface Published {
  readonly key: string;
  readonly flowId: string;
  readonly versionId: string;
  readonly plan: ExecutionPlan;
}

export interface StartedRun {
  readonly handle: WorkflowHandle<typeof interpreterWorkflow>;
  readonly runId: string;
  readonly businessKey: string;
  readonly workflowId: string;
}

export async function timeSkippingRuns(label: string): Promise<TimeSkippingRuns> {
  const [env, database] = await Promise.all([startTimeSkippingTemporal(), createTestDatabase(label)]);
  const ownerId = (await createUser(database.db, ['process_owner'])).id;
  let taskQueue = '';

  const publish: TimeSkippingRuns['publish'] = async (def, key = `f-${randomUUID().slice(0, 8)}`) => {
    const plan = compileFlowOrThrow(def, builtinRegistry);
    const flow = await database.db.flow.create({ data: { key, name: def.metadata.name, ownerId, draft: def as object } });
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
    return { flowId: flow.id, versionId: version.id, plan, key };
  };

  const start: TimeSkippingRuns['start'] = async (published, input = {}) => {
    const businessKey = randomUUID();
    const workflowId = `${published.key}:${businessKey}`;
    const run = await database.db.run.create({
      data: {
        flowId: published.flowId,
        flowVersionId: published.versionId,
        workflowId,
        businessKey,
        input: input as object,
        startedBy: ownerId,
      },
    });
    const args: InterpreterArgs = { plan: published.plan, input, runId: run.id, businessKey, startedAt: run.startedAt.toISOString() };
    const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
      taskQueue,
      workflowId,
      args: [args],
    });
    return { handle, runId: run.id, businessKey, workflowId };
  };

  return {
    env,
    database,
    ownerId,
    async withWorker(fn, deps = {}) {
      taskQueue = `ts-${label}-${randomUUID()}`;
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue,
        workflowBundle: await interpreterBundle(),
        activities: createActivities({ ...deps, db: database.db }),
      });
      return worker.runUntil(fn);
    },
    publish,
    start,
    startFlow: async (def, input) => start(await publish(def), input),
    async stop() {
      await env.teardown();
      await database.drop();
    },
  };
}

/** Polls until `check` passes: the worker applies what the server did a moment later. */
export async function eventually<T>(read: () => Promise<T>, check: (value: T) => void, attempts = 200): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    try {
      check(value);
      return value;
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * A node's task once both the inbox row exists and the run knows it: the row is written by an
 * activity a moment before the workflow records the task, and an update sent in between is refused
 * as unknown (the API retries that; tests wait instead).
 */
export async function openTaskOf(runs: TimeSkippingRuns, runId: string, nodeId: string) {
  const task = await eventually(
    () => runs.database.db.task.findFirst({ where: { runId, nodeId } }),
    (row) => {
      if (!row) throw new Error(`no task for ${nodeId} yet`);
    },
  );
  const row = task!;
  await eventually(
    () => runs.env.client.workflow.getHandle(row.workflowId).query(runStateQuery),
    (state) => {
      if (!state.tasks?.[row.id]) throw new Error(`the run does not know task ${row.id} yet`);
    },
  );
  return row;
}
