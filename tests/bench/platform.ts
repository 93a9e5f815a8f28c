import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { builtinRegistry } from '@trackway/nodes';
import { compileFlowOrThrow, type ExecutionPlan } from '@trackway/schema';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import type { interpreterWorkflow } from '../../apps/runtime/src/workflows/interpreter.ts';
import { createTestDatabase, createUser, startLocalTemporal, type TestDatabase } from '../support/platform.ts';
import { benchFlow, benchInput, type OrderInput } from './bench-flow.ts';
import type { handwrittenWorkflow } from './handwritten-workflow.ts';

export const KINDS = ['interpreter', 'hand-written'] as const;
export type Kind = (typeof KINDS)[number];

/** A real Temporal dev server, a real Postgres database and one worker serving both workflow kinds. */
export interface BenchPlatform {
  readonly env: TestWorkflowEnvironment;
  readonly database: TestDatabase;
  readonly worker: Worker;
  readonly plan: ExecutionPlan;
  readonly taskQueue: string;
  readonly rows: { readonly flowId: string; readonly versionId: string; readonly ownerId: string };
}

export interface PreparedRun {
  readonly workflowId: string;
  readonly runId: string;
  readonly startedAt: Date;
  readonly input: OrderInput;
}

const quietLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  log: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

function bundle(): Promise<WorkflowBundleWithSourceMap> {
  const workflowsPath = fileURLToPath(new URL('./workflows.ts', import.meta.url));
  return bundleWorkflowCode({ workflowsPath, logger: quietLogger });
}

/** Flow and version rows like the API stores them: `recordRunEnd` updates Run rows that hang off them. */
async function storeFlow(database: TestDatabase, plan: ExecutionPlan): Promise<BenchPlatform['rows']> {
  const ownerId = (await createUser(database.db, ['process_owner'])).id;
  // The in-app recipients of the bench flow: an unknown recipient would fail the runs.
  for (const email of ['manager@example.test', ...[0, 1, 2, 3, 4].map((i) => `owner-${i}@example.test`)]) {
    await createUser(database.db, ['staff'], email);
  }
  const flow = await database.db.flow.create({
    data: { key: 'bench', name: benchFlow.metadata.name, ownerId, draft: benchFlow as object },
  });
  const version = await database.db.flowVersion.create({
    data: {
      flowId: flow.id,
      version: 1,
      definition: benchFlow as object,
      plan: plan as object,
      contentHash: plan.contentHash,
      publishedBy: ownerId,
    },
  });
  return { flowId: flow.id, versionId: version.id, ownerId };
}

/** Starts everything in parallel; if one part fails, the parts that did start are torn down. */
export async function startPlatform(): Promise<BenchPlatform> {
  const plan = compileFlowOrThrow(benchFlow, builtinRegistry);
  const [env, database, workflowBundle] = await Promise.allSettled([startLocalTemporal(), createTestDatabase('bench'), bundle()]);
  if (env.status === 'rejected' || database.status === 'rejected' || workflowBundle.status === 'rejected') {
    if (env.status === 'fulfilled') await env.value.teardown();
    if (database.status === 'fulfilled') await database.value.drop();
    const failed = [env, database, workflowBundle].find((r) => r.status === 'rejected');
    throw failed?.reason;
  }
  const taskQueue = 'runtime-bench';
  try {
    const rows = await storeFlow(database.value, plan);
    const worker = await Worker.create({
      connection: env.value.nativeConnection,
      taskQueue,
      workflowBundle: workflowBundle.value,
      activities: createActivities({ db: database.value.db }),
    });
    return { env: env.value, database: database.value, worker, plan, taskQueue, rows };
  } catch (error) {
    await stopPlatform({ env: env.value, database: database.value });
    throw error;
  }
}

export async function stopPlatform(p: Pick<BenchPlatform, 'env' | 'database'>): Promise<void> {
  // Both always attempted: a failed teardown must not leave the database behind.
  const results = await Promise.allSettled([p.env.teardown(), p.database.drop()]);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** Run rows are written before the timer starts, so their inserts never count as run latency. */
export async function prepareRuns(p: BenchPlatform, kind: Kind, count: number): Promise<PreparedRun[]> {
  const runs = Array.from({ length: count }, (_, i) => {
    const workflowId = `bench:${kind}:${randomUUID()}`;
    return { workflowId, runId: randomUUID(), startedAt: new Date(), input: benchInput(i) };
  });
  await p.database.db.run.createMany({
    data: runs.map((r) => ({
      id: r.runId,
      flowId: p.rows.flowId,
      flowVersionId: p.rows.versionId,
      workflowId: r.workflowId,
      businessKey: r.workflowId,
      input: r.input as object,
      startedBy: p.rows.ownerId,
      startedAt: r.startedAt,
    })),
  });
  return runs;
}

/** Starts the run and waits for its result; this whole call is what a latency sample measures. */
export async function executeRun(p: BenchPlatform, kind: Kind, run: PreparedRun): Promise<unknown> {
  const { client } = p.env;
  if (kind === 'interpreter') {
    const handle = await client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
      taskQueue: p.taskQueue,
      workflowId: run.workflowId,
      args: [{ plan: p.plan, input: { ...run.input }, runId: run.runId, startedAt: run.startedAt.toISOString() }],
    });
    return handle.result();
  }
  const handle = await client.workflow.start<typeof handwrittenWorkflow>('handwrittenWorkflow', {
    taskQueue: p.taskQueue,
    workflowId: run.workflowId,
    args: [{ runId: run.runId, input: run.input }],
  });
  return handle.result();
}

export async function historyLength(p: BenchPlatform, workflowId: string): Promise<number> {
  const history = await p.env.client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.length ?? 0;
}
