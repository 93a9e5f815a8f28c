import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import type { NodeRegistry } from '@trackway/nodes';
import { createHttpClient } from '@trackway/nodes/http';
import { compileFlow, type ExecutionPlan, type FlowDefinitionInput } from '@trackway/schema';
import { ensureTemporalBinaries } from '../../../../scripts/lib/temporal-bin.ts';
import { createNodeActivities } from '../node-packages/activities.ts';
import { loadNodePackages, type LoadedNodes } from '../node-packages/load.ts';
import { bundleInterpreter } from '../worker.ts';
import type { interpreterWorkflow } from '../workflows/interpreter.ts';
import { runStateQuery } from '../workflows/queries.ts';
import type { RunState } from '../workflows/run-state.ts';

/**
 * `@trackway/runtime/testing`: runs one node of a node package alone, on Temporal's time-skipping
 * test server, through the same interpreter, bundle and activity wrapper as production. Activities
 * are real (the package's own, talking to whatever fake servers the test starts); every call is
 * recorded. Platform bookkeeping (the run row) is kept in memory, so no database is needed.
 */

export type HarnessActivity = (input: never) => Promise<unknown>;

export interface NodeHarnessOptions {
  /** The node package's folder (where its package.json is), e.g. `new URL('..', import.meta.url)`. */
  readonly package: string | URL;
  /** Named secrets the node may read with `ctx.secrets.get`. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** Hosts outbound HTTP may reach although they are local (your fake servers), as `host:port`. */
  readonly allowHosts?: readonly string[];
  /** Stand-ins for platform activities an advanced node calls (e.g. `calendar.get`, `task.create`). */
  readonly activities?: Readonly<Record<string, HarnessActivity>>;
}

export interface ActivityCall {
  readonly name: string;
  readonly input: unknown;
  readonly result?: unknown;
  /** The failure's message, when the call failed (each retry is its own call). */
  readonly error?: string;
}

export interface NodeRun {
  /** `completed` also when the node failed into its error port (then `port` is "error"). */
  readonly status: 'completed' | 'failed';
  readonly port?: string;
  readonly output?: unknown;
  /** Why the node (or the run) failed. */
  readonly error?: string;
  /** This run's activity calls, in order, the platform's bookkeeping left out. */
  readonly activityCalls: readonly ActivityCall[];
  readonly state: RunState;
}

export interface RunNodeOptions {
  readonly type: string;
  /** Default: the latest version. */
  readonly version?: number;
  readonly config: Record<string, unknown>;
  /** The run's input (`input.<field>` in expressions); fields are declared from it. */
  readonly input?: Record<string, unknown>;
  /** Connect the node's error port, so a failure shows as port "error" (default true). */
  readonly connectErrorPort?: boolean;
}

export interface NodeHarness {
  readonly registry: NodeRegistry;
  readonly env: TestWorkflowEnvironment;
  /** Runs start -> the node -> one end per port. */
  run(options: RunNodeOptions): Promise<NodeRun>;
  /** Runs a compiled plan, e.g. one published with an older version of the node. The step reported is `nodeId`. */
  runPlan(plan: ExecutionPlan, input: Record<string, unknown>, nodeId: string): Promise<NodeRun>;
  close(): Promise<void>;
}

const NODE_ID = 'node';
/** Activities of the platform itself, not of the node under test. */
const BOOKKEEPING = new Set(['recordRunEnd']);

let runtimeInstalled = false;

export async function createNodeHarness(options: NodeHarnessOptions): Promise<NodeHarness> {
  if (!runtimeInstalled) {
    // Lifecycle lines and the warnings of activity attempts a test makes fail on purpose drown its output.
    try {
      Runtime.install({ logger: new DefaultLogger('ERROR') });
    } catch {
      // Already installed by the test process.
    }
    runtimeInstalled = true;
  }
  const dir = options.package instanceof URL ? fileURLToPath(options.package) : options.package;
  const loaded: LoadedNodes = await loadNodePackages({ dirs: [dir] });
  const { testServer } = await ensureTemporalBinaries();
  const [env, bundle] = await Promise.all([
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServer } } }),
    bundleInterpreter(loaded.packages),
  ]);
  const http = createHttpClient({ allowHosts: options.allowHosts ?? [] });
  const secrets = options.secrets ?? {};
  const calls: Array<ActivityCall & { runId?: string }> = [];
  const recorded = (name: string, fn: (input: never) => Promise<unknown>) => async (input: never) => {
    const runId = (input as { runId?: string } | undefined)?.runId;
    try {
      const result = await fn(input);
      calls.push({ name, input, result, ...(runId ? { runId } : {}) });
      return result;
    } catch (error) {
      calls.push({ name, input, error: error instanceof Error ? error.message : String(error), ...(runId ? { runId } : {}) });
      throw error;
    }
  };
  const activities: Record<string, HarnessActivity> = {
    recordRunEnd: async () => undefined,
    ...createNodeActivities(loaded.implementations, { http, secret: async (name) => secrets[name] }),
    ...options.activities,
  };
  const taskQueue = `node-harness-${randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: Object.fromEntries(Object.entries(activities).map(([name, fn]) => [name, recorded(name, fn)])),
  });
  const running = worker.run();

  const runPlan = async (plan: ExecutionPlan, input: Record<string, unknown>, nodeId: string): Promise<NodeRun> => {
    const runId = randomUUID();
    const handle = await env.client.workflow.start<typeof interpreterWorkflow>('interpreterWorkflow', {
      taskQueue,
      workflowId: `harness:${runId}`,
      args: [{ plan, input, runId, businessKey: runId, startedAt: new Date(await env.currentTimeMs()).toISOString() }],
    });
    const failure = await handle.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    const state = await handle.query(runStateQuery);
    const step = state.steps[nodeId];
    const activityCalls = calls.filter((c) => c.runId === runId && !BOOKKEEPING.has(c.name)).map(({ runId: _, ...call }) => call);
    return {
      status: failure ? 'failed' : 'completed',
      ...(step?.port !== undefined ? { port: step.port } : {}),
      ...(step?.output !== undefined ? { output: step.output } : {}),
      ...(step?.error !== undefined ? { error: step.error } : failure ? { error: state.error ?? String(failure) } : {}),
      activityCalls,
      state,
    };
  };

  return {
    registry: loaded.registry,
    env,
    runPlan,
    async run(run) {
      const plan = compileSingleNode(loaded.registry, run);
      return runPlan(plan, run.input ?? {}, NODE_ID);
    },
    async close() {
      worker.shutdown();
      await running;
      await http.close();
      await env.teardown();
    },
  };
}

/** start -> the node -> an end on each of its ports; throws the diagnostics when the config is invalid. */
export function compileSingleNode(registry: NodeRegistry, run: RunNodeOptions): ExecutionPlan {
  const version = run.version ?? registry.latest.find((n) => n.type === run.type)?.version;
  if (version === undefined)
    throw new Error(`No node type "${run.type}" is loaded (known: ${registry.latest.map((n) => n.type).join(', ')}).`);
  const spec = registry.get(run.type, version);
  const upgraded = registry.upgrade(run.type, version, run.config);
  const effective = upgraded && 'config' in upgraded ? registry.get(run.type, upgraded.version) : spec;
  const parsed = effective?.configSchema.safeParse(upgraded && 'config' in upgraded ? upgraded.config : run.config);
  const ports = parsed?.success && effective ? effective.outputs(parsed.data) : [];
  const wired = ports.filter((p) => !p.error || run.connectErrorPort !== false);
  const input = run.input ?? {};
  const definition: FlowDefinitionInput = {
    schemaVersion: 1,
    metadata: { name: `${run.type} alone` },
    input: { fields: Object.entries(input).map(([name, value]) => ({ name, type: valueType(value) })) },
    nodes: [
      { id: 'start', type: 'start', typeVersion: 1, config: {} },
      { id: NODE_ID, type: run.type, typeVersion: version, config: run.config },
      ...wired.map((p) => ({ id: `end-${p.name}`, type: 'end', typeVersion: 1, config: {} })),
    ],
    edges: [
      { id: 'start-node', source: 'start', sourcePort: 'next', target: NODE_ID, targetPort: 'in' },
      ...wired.map((p) => ({ id: `node-${p.name}`, source: NODE_ID, sourcePort: p.name, target: `end-${p.name}`, targetPort: 'in' })),
    ],
  };
  const compiled = compileFlow(definition, registry);
  if (!compiled.ok) {
    const errors = compiled.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.path ? `${d.path.join('.')}: ` : ''}${d.message}`);
    throw new Error(`The node's config does not validate:\n  ${errors.join('\n  ')}`);
  }
  return compiled.plan;
}

function valueType(value: unknown): 'string' | 'number' | 'boolean' | 'object' | 'array' {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    return typeof value as 'string' | 'number' | 'boolean';
  return 'object';
}
