import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { builtinRegistry, type NodeRuntimeContext } from '@trackway/nodes';
import { evaluateExpression, renderTemplate, type ExecutionPlan, type ExpressionScope, type PlanNode } from '@trackway/schema/runtime';
import type { createRunActivities } from '../activities/run-activities.ts';
import { runStateQuery } from './queries.ts';
import type { InterpreterArgs, RunOutcome, RunState, StepState } from './run-state.ts';

const runActivities = proxyActivities<ReturnType<typeof createRunActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', backoffCoefficient: 2 },
});

type NodeActivity = (input: unknown) => Promise<unknown>;

/** One branch's view of the data. Parallel branches get their own copy and merge at the join. */
interface Scope {
  vars: Record<string, unknown>;
  steps: Record<string, unknown>;
  assigned: Set<string>;
}

class NodeFailure extends Error {
  constructor(
    readonly nodeId: string,
    override readonly cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * The one generic workflow: walks an ExecutionPlan pinned at start. Control nodes run here with
 * Temporal primitives; side effects run as activities declared in the plan.
 */
export async function interpreterWorkflow(args: InterpreterArgs): Promise<RunOutcome> {
  const { plan } = args;
  const state: RunState = args.resume?.state ?? { status: 'running', steps: {}, vars: initialVariables(plan), active: [] };
  setHandler(runStateQuery, () => state);
  const root: Scope = { vars: state.vars, steps: args.resume?.stepOutputs ?? {}, assigned: new Set() };

  try {
    const output = await walk(args, state, root, args.resume?.at ?? plan.startNodeId, undefined, true);
    state.status = 'completed';
    state.output = output;
    await runActivities.recordRunEnd({ runId: args.runId, status: 'completed', output });
    return { status: 'completed', output };
  } catch (error) {
    if (isCancellation(error)) {
      state.status = 'cancelled';
      for (const step of Object.values(state.steps)) if (step.status === 'running' || step.status === 'waiting') step.status = 'cancelled';
      await CancellationScope.nonCancellable(() => runActivities.recordRunEnd({ runId: args.runId, status: 'cancelled' }));
      throw error;
    }
    const failure = toFailure(error);
    state.status = 'failed';
    state.error = failure.message;
    await runActivities.recordRunEnd({ runId: args.runId, status: 'failed', error: failure.message });
    throw failure;
  }
}

function initialVariables(plan: ExecutionPlan): Record<string, unknown> {
  return Object.fromEntries(plan.variables.map((v) => [v.name, v.default ?? null]));
}

/** Anything thrown out of the workflow must be a Temporal failure, or the task would retry forever. */
function toFailure(error: unknown): ApplicationFailure {
  if (error instanceof NodeFailure) {
    const cause = error.cause;
    const type = cause instanceof ActivityFailure ? 'ActivityFailed' : ((cause as { code?: string })?.code ?? 'NodeFailed');
    return ApplicationFailure.create({
      message: `Node "${error.nodeId}" failed: ${error.message}`,
      type,
      nonRetryable: true,
      details: [{ nodeId: error.nodeId }],
    });
  }
  if (error instanceof ApplicationFailure) return error;
  return ApplicationFailure.create({
    message: error instanceof Error ? error.message : String(error),
    type: 'InterpreterError',
    nonRetryable: true,
  });
}

/**
 * Runs from `from` until an end node, an open port, or `stopAt` (a parallel block's join).
 * Only the top-level walk may continue-as-new, since branches hold in-memory promises.
 */
async function walk(
  args: InterpreterArgs,
  state: RunState,
  scope: Scope,
  from: string,
  stopAt: string | undefined,
  topLevel: boolean,
): Promise<unknown> {
  let current: string | null = from;
  while (current !== null && current !== stopAt) {
    if (topLevel && workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof interpreterWorkflow>({ ...args, resume: { at: current, state, stepOutputs: scope.steps } });
    }
    const node = nodeOf(args.plan, current);
    if (node.role === 'split') {
      current = await runParallel(args, state, scope, node);
      continue;
    }
    const result = await runStep(args, state, scope, node);
    if (node.role === 'end') return result.output;
    current = node.next[result.port] ?? null;
  }
  return undefined;
}

function nodeOf(plan: ExecutionPlan, id: string): PlanNode {
  const node = plan.nodes[id];
  if (!node) throw ApplicationFailure.create({ message: `Plan has no node "${id}"`, type: 'PlanInvalid', nonRetryable: true });
  return node;
}

async function runStep(args: InterpreterArgs, state: RunState, scope: Scope, node: PlanNode): Promise<{ port: string; output?: unknown }> {
  const definition = builtinRegistry.get(node.type, node.version);
  if (!definition?.execute) throw new NodeFailure(node.id, new Error(`node type ${node.type}@${node.version} cannot run here`));
  const previous = state.steps[node.id];
  const step: StepState = {
    nodeId: node.id,
    type: node.type,
    label: node.label,
    status: node.waits ? 'waiting' : 'running',
    visits: (previous?.visits ?? 0) + 1,
    startedAt: new Date().toISOString(),
  };
  state.steps[node.id] = step;
  state.active.push(node.id);
  try {
    const result = await definition.execute(context(args, scope, node, step.visits));
    for (const [name, value] of Object.entries(result.variables ?? {})) {
      scope.vars[name] = value;
      scope.assigned.add(name);
    }
    scope.steps[node.id] = result.output ?? null;
    Object.assign(step, { status: 'completed', endedAt: new Date().toISOString(), port: result.port, output: result.output });
    return result;
  } catch (error) {
    if (isCancellation(error)) {
      Object.assign(step, { status: 'cancelled', endedAt: new Date().toISOString() });
      throw error;
    }
    Object.assign(step, {
      status: 'failed',
      endedAt: new Date().toISOString(),
      error: error instanceof Error ? error.message : String(error),
    });
    throw error instanceof NodeFailure ? error : new NodeFailure(node.id, error);
  } finally {
    state.active.splice(state.active.indexOf(node.id), 1);
  }
}

function context(args: InterpreterArgs, scope: Scope, node: PlanNode, visit: number): NodeRuntimeContext<unknown> {
  const expressionScope = (): ExpressionScope => ({
    input: args.input,
    vars: scope.vars,
    steps: scope.steps,
    run: { id: args.runId, startedAt: args.startedAt },
  });
  const options = () => ({ now: new Date() });
  return {
    node: { id: node.id, label: node.label, visit },
    config: node.config,
    get scope() {
      return expressionScope();
    },
    // Plain (not async) functions: each extra promise costs a stack trace in Temporal's sandbox.
    evaluate(path) {
      const expression = node.expressions[path];
      if (!expression) return Promise.reject(new Error(`no expression at ${path}`));
      return evaluateExpression(expression.source, expressionScope(), options());
    },
    render: (template) => renderTemplate(template, expressionScope(), options()),
    sleep: (ms) => sleep(ms),
    now: () => new Date(),
    async callActivity(input) {
      const spec = node.activity;
      if (!spec) throw new Error(`node ${node.type} declares no activity`);
      const activity = proxyActivities<Record<string, NodeActivity>>({
        startToCloseTimeout: spec.startToCloseTimeoutMs,
        retry: {
          maximumAttempts: spec.retry.maximumAttempts,
          initialInterval: spec.retry.initialIntervalMs,
          backoffCoefficient: spec.retry.backoffCoefficient,
          nonRetryableErrorTypes: [...(spec.retry.nonRetryableErrorTypes ?? [])],
        },
      })[spec.name] as NodeActivity;
      // The key is stable across retries and replays, so the activity can make its write idempotent.
      const dedupeKey = `${args.runId}/${node.id}/${visit}`;
      return activity({ ...(input as object), dedupeKey, runId: args.runId });
    },
  };
}

/** Runs each branch in its own scope until the join, then merges what the branches assigned. */
async function runParallel(args: InterpreterArgs, state: RunState, scope: Scope, node: PlanNode): Promise<string | null> {
  const join = node.join;
  if (join === undefined) throw new NodeFailure(node.id, new Error('parallel node has no join'));
  const mode = (node.config as { mode?: 'all' | 'first' }).mode ?? 'all';
  const started = new Date().toISOString();
  state.steps[node.id] = {
    nodeId: node.id,
    type: node.type,
    label: node.label,
    status: 'running',
    visits: (state.steps[node.id]?.visits ?? 0) + 1,
    startedAt: started,
  };

  const branches = Object.entries(node.next).flatMap(([port, target]) => (target === null ? [] : [{ port, target }]));
  const scopes = branches.map(() => ({ vars: { ...scope.vars }, steps: { ...scope.steps }, assigned: new Set<string>() }));
  let winners: number[];
  if (mode === 'all') {
    await Promise.all(branches.map((b, i) => walk(args, state, scopes[i] as Scope, b.target, join, false)));
    winners = branches.map((_, i) => i);
  } else {
    const race = new CancellationScope();
    const runs = branches.map((b, i) => race.run(() => walk(args, state, scopes[i] as Scope, b.target, join, false)).then(() => i));
    const first = await Promise.race(runs);
    race.cancel();
    await Promise.allSettled(runs);
    winners = [first];
  }
  for (const i of winners) {
    const branch = scopes[i] as Scope;
    for (const name of branch.assigned) {
      scope.vars[name] = branch.vars[name];
      scope.assigned.add(name);
    }
    Object.assign(scope.steps, branch.steps);
  }
  Object.assign(state.steps[node.id] as StepState, {
    status: 'completed',
    endedAt: new Date().toISOString(),
    output: { branches: winners.map((i) => branches[i]?.port) },
  });
  return join;
}
