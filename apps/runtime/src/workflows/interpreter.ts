import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { NodeDefinition, NodeResult, NodeRuntimeContext } from '@trackway/nodes';
import {
  evaluateExpression,
  evaluateExpressionNow,
  isPromise,
  precompileExpressions,
  renderTemplate,
  renderTemplateNow,
  type ExecutionPlan,
  type ExpressionScope,
  type PlanNode,
  type PromiseOrValue,
} from '@trackway/schema/runtime';
import type { createRunActivities } from '../activities/run-activities.ts';
import { nodeRegistry } from './node-registry.ts';
import { flushAuditBeforeWait, needsAuditFlush, recordAudit, takeAudit } from './audit-trail.ts';
import { runStateQuery } from './queries.ts';
import { createPrimitives, installRunHandlers } from './run-services.ts';
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

/** What went wrong, in words: an activity's own failure rather than Temporal's "Activity task failed". */
function failureMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

class NodeFailure extends Error {
  constructor(
    readonly nodeId: string,
    override readonly cause: unknown,
  ) {
    super(failureMessage(cause));
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
  installRunHandlers(state);
  precompilePlan(plan);
  const root: Scope = { vars: state.vars, steps: args.resume?.stepOutputs ?? {}, assigned: new Set() };

  try {
    const output = await walk(args, state, root, args.resume?.at ?? plan.startNodeId, undefined, true);
    state.status = 'completed';
    state.output = output;
    await runActivities.recordRunEnd({ runId: args.runId, status: 'completed', output, ...auditAtEnd(state) });
    return { status: 'completed', output };
  } catch (error) {
    if (isCancellation(error)) {
      state.status = 'cancelled';
      for (const step of Object.values(state.steps)) if (step.status === 'running' || step.status === 'waiting') step.status = 'cancelled';
      await CancellationScope.nonCancellable(() =>
        runActivities.recordRunEnd({ runId: args.runId, status: 'cancelled', ...auditAtEnd(state) }),
      );
      throw error;
    }
    const failure = toFailure(error);
    state.status = 'failed';
    state.error = failure.message;
    await runActivities.recordRunEnd({ runId: args.runId, status: 'failed', error: failure.message, ...auditAtEnd(state) });
    throw failure;
  }
}

/** The run's unwritten audit entries travel with its end, in the same activity. */
function auditAtEnd(state: RunState) {
  return { audit: takeAudit(state), endedAt: new Date().toISOString() };
}

/** A step's start, finish or failure in the audit log. */
function auditStep(state: RunState, runId: string, step: StepState, what: 'start' | 'finish' | 'fail', payload: unknown): void {
  recordAudit(state, {
    action: `step.${what}`,
    subjectType: 'step',
    subjectId: `${step.nodeId}#${step.visits}`,
    payload: { nodeId: step.nodeId, type: step.type, label: step.label, visit: step.visits, ...(payload as object) },
    dedupeKey: `${runId}/${step.nodeId}/${step.visits}/${what}`,
    occurredAt: new Date().toISOString(),
  });
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
 *
 * The top-level walk runs nothing concurrently, so it steps sync-first (no promise unless a node
 * really waits). Parallel branches step exactly as they always did: how many microtask turns each
 * node takes decides the order in which branches issue commands, and replay checks that order.
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
    let result: NodeResult;
    try {
      if (topLevel) {
        // Awaits the node's own promise, if it has one: a promise more per step would cost ~50 µs.
        const run = startStepNow(args, state, scope, node);
        let outcome: NodeResult;
        try {
          outcome = isPromise(run.outcome) ? await run.outcome : run.outcome;
        } catch (error) {
          return run.fail(error);
        }
        result = run.settle(outcome);
      } else {
        result = await runStepAwaited(args, state, scope, node);
      }
    } catch (error) {
      const handler = errorRoute(node, error);
      if (handler === undefined) throw error;
      // The failure is handled by the flow: later steps see what went wrong.
      scope.steps[node.id] = { error: failureMessage(error) };
      const step = state.steps[node.id];
      if (step) step.port = ERROR_PORT;
      current = handler;
      continue;
    }
    if (node.role === 'end') return result.output;
    current = node.next[result.port] ?? null;
  }
  return undefined;
}

/** A node's failure may route to its `error` port instead of failing the run, when that port is connected. */
const ERROR_PORT = 'error';

function errorRoute(node: PlanNode, error: unknown): string | undefined {
  if (isCancellation(error)) return undefined;
  return node.next[ERROR_PORT] ?? undefined;
}

function nodeOf(plan: ExecutionPlan, id: string): PlanNode {
  const node = plan.nodes[id];
  if (!node) throw ApplicationFailure.create({ message: `Plan has no node "${id}"`, type: 'PlanInvalid', nonRetryable: true });
  return node;
}

type Execute = NonNullable<NodeDefinition['execute']>;

function executorOf(node: PlanNode): Execute {
  const definition = nodeRegistry().get(node.type, node.version);
  if (!definition?.execute) throw new NodeFailure(node.id, new Error(`node type ${node.type}@${node.version} cannot run here`));
  return definition.execute.bind(definition);
}

const expressionSources = (node: PlanNode) => Object.values(node.expressions).map((e) => e.source);

/**
 * Up to this many expressions, a run parses its whole plan in one JSONata call when it starts
 * (module state, the expression cache included, is set up anew for every run). A larger plan
 * parses per node: a run rarely visits most of it.
 */
const WHOLE_PLAN_EXPRESSIONS = 100;

/** Plans whose expressions were all compiled when the run started (a plan is one run's own object). */
const compiledPlans = new WeakSet<ExecutionPlan>();

function precompilePlan(plan: ExecutionPlan): void {
  const sources = Object.values(plan.nodes).flatMap(expressionSources);
  if (sources.length > WHOLE_PLAN_EXPRESSIONS) return;
  precompileExpressions(sources);
  compiledPlans.add(plan);
}

/** Parses the node's expressions in one JSONata call before it evaluates them one by one. */
function precompile(plan: ExecutionPlan, node: PlanNode): void {
  if (compiledPlans.has(plan)) return;
  const sources = expressionSources(node);
  if (sources.length > 1) precompileExpressions(sources);
}

function beginStep(state: RunState, runId: string, node: PlanNode): StepState {
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
  auditStep(state, runId, step, 'start', {});
  return step;
}

function completeStep(state: RunState, runId: string, scope: Scope, step: StepState, node: PlanNode, result: NodeResult): NodeResult {
  for (const [name, value] of Object.entries(result.variables ?? {})) {
    scope.vars[name] = value;
    scope.assigned.add(name);
  }
  scope.steps[node.id] = result.output ?? null;
  Object.assign(step, { status: 'completed', endedAt: new Date().toISOString(), port: result.port, output: result.output });
  auditStep(state, runId, step, 'finish', { port: result.port, output: result.output ?? null });
  return result;
}

/** Records the failure on the step and returns what to throw. */
function failStep(state: RunState, runId: string, step: StepState, node: PlanNode, error: unknown): unknown {
  if (isCancellation(error)) {
    Object.assign(step, { status: 'cancelled', endedAt: new Date().toISOString() });
    auditStep(state, runId, step, 'fail', { cancelled: true });
    return error;
  }
  Object.assign(step, {
    status: 'failed',
    endedAt: new Date().toISOString(),
    error: failureMessage(error),
  });
  auditStep(state, runId, step, 'fail', { error: step.error });
  return error instanceof NodeFailure ? error : new NodeFailure(node.id, error);
}

function endStep(state: RunState, node: PlanNode): void {
  state.active.splice(state.active.indexOf(node.id), 1);
}

/** For parallel branches: takes the microtask turns steps took before sync-first stepping (see walk). */
async function runStepAwaited(args: InterpreterArgs, state: RunState, scope: Scope, node: PlanNode): Promise<NodeResult> {
  const execute = executorOf(node);
  const step = beginStep(state, args.runId, node);
  try {
    precompile(args.plan, node);
    return completeStep(state, args.runId, scope, step, node, await executeAsync(execute, context(args, state, scope, node, step, false)));
  } catch (error) {
    throw failStep(state, args.runId, step, node, error);
  } finally {
    endStep(state, node);
  }
}

/** What an `async execute` returned: a node that finishes or fails synchronously still yields a promise. */
function executeAsync(execute: Execute, ctx: NodeRuntimeContext<unknown>): PromiseOrValue<NodeResult> {
  try {
    return execute(ctx);
  } catch (error) {
    // The thrown value itself, as an async function would reject with it.
    return Promise.reject(error as Error);
  }
}

/** A started top-level step: what the node returned, and how to record its end. */
interface StepRun {
  readonly outcome: PromiseOrValue<NodeResult>;
  settle(result: NodeResult): NodeResult;
  fail(error: unknown): never;
}

/** For the top-level walk: runs the node's synchronous part; a failure there is thrown (see walk). */
function startStepNow(args: InterpreterArgs, state: RunState, scope: Scope, node: PlanNode): StepRun {
  const execute = executorOf(node);
  const step = beginStep(state, args.runId, node);
  const fail = (error: unknown): never => {
    const failure = failStep(state, args.runId, step, node, error);
    endStep(state, node);
    throw failure;
  };
  const settle = (result: NodeResult): NodeResult => {
    let completed: NodeResult;
    try {
      completed = completeStep(state, args.runId, scope, step, node, result);
    } catch (error) {
      return fail(error);
    }
    endStep(state, node);
    return completed;
  };
  try {
    precompile(args.plan, node);
    return { outcome: execute(context(args, state, scope, node, step, true)), settle, fail };
  } catch (error) {
    return fail(error);
  }
}

/** `syncFirst`: the top-level walk's context; otherwise every method returns a promise, as before (see walk). */
function context(
  args: InterpreterArgs,
  state: RunState,
  scope: Scope,
  node: PlanNode,
  step: StepState,
  syncFirst: boolean,
): NodeRuntimeContext<unknown> {
  const visit = step.visits;
  const { workflowId } = workflowInfo();
  const expressionScope = (): ExpressionScope => ({
    input: args.input,
    vars: scope.vars,
    steps: scope.steps,
    run: { id: args.runId, startedAt: args.startedAt },
  });
  const options = () => ({ now: new Date() });
  const sourceAt = (path: string): string | undefined => node.expressions[path]?.source;
  // Plain (not async) functions: each extra promise costs a stack trace in Temporal's sandbox.
  const evaluate = (path: string): Promise<unknown> => {
    const source = sourceAt(path);
    if (source === undefined) return Promise.reject(new Error(`no expression at ${path}`));
    return evaluateExpression(source, expressionScope(), options());
  };
  const render = (template: string) => renderTemplate(template, expressionScope(), options());
  const startActivity = (input: unknown): Promise<unknown> => {
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
  };
  return {
    ...createPrimitives(args, state, step, workflowId),
    node: { id: node.id, label: node.label, visit },
    run: { id: args.runId, workflowId, businessKey: args.businessKey ?? workflowId.slice(workflowId.indexOf(':') + 1) },
    config: node.config,
    get scope() {
      return expressionScope();
    },
    evaluate,
    render,
    evaluateNow: syncFirst
      ? (path) => {
          const source = sourceAt(path);
          if (source === undefined) throw new Error(`no expression at ${path}`);
          return evaluateExpressionNow(source, expressionScope(), options());
        }
      : evaluate,
    renderNow: syncFirst ? (template) => renderTemplateNow(template, expressionScope(), options()) : render,
    // Unwritten audit entries go to the log before a long wait (see audit-trail.ts).
    sleep: (ms) => (needsAuditFlush(state) ? flushAuditBeforeWait(state, args.runId).then(() => sleep(ms)) : sleep(ms)),
    now: () => new Date(),
    // An async function in branches, as it always was there (its turns are part of their order).
    callActivity: syncFirst ? startActivity : async (input) => startActivity(input),
  };
}

/** Temporal patch: a parallel "all" whose branch fails waits for the other branches to settle. */
const ALL_BRANCHES_SETTLE = 'parallel-all-settles';

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
    const walks = branches.map((b, i) => walk(args, state, scopes[i] as Scope, b.target, join, false));
    try {
      await Promise.all(walks);
    } catch (error) {
      // A branch failed or was cancelled (a "first" race around this one was won elsewhere): let the
      // other branches finish their cleanup — a human task closes its inbox row in an activity —
      // before the run moves on, or the run could end with that activity abandoned and the task
      // left open. Runs recorded before this rethrew at once, and replay as they were.
      if (patched(ALL_BRANCHES_SETTLE)) await Promise.allSettled(walks);
      throw error;
    }
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
