import type {
  ActivitySpec,
  ExpressionScope,
  ExpressionSite,
  NodeRole,
  NodeTypeSpec,
  PortSpec,
  PromiseOrValue,
} from '@trackway/schema/runtime';
import type { z } from 'zod';
import type { ActionDescriptor } from './action-node.ts';
import type { NodeMigration } from './migrations.ts';
import type { NodePrimitives } from './primitives.ts';

// Sync-first bodies for `execute` (see NodeDefinition.execute and @trackway/schema's steps.ts).
export { isPromise, runSteps, step, type PromiseOrValue, type Steps } from '@trackway/schema/runtime';

export type * from './primitives.ts';

/** What a node's workflow-side behaviour may do. Everything here is replay-safe. */
export interface NodeRuntimeContext<Config> extends NodePrimitives {
  readonly node: { readonly id: string; readonly label: string; readonly visit: number };
  readonly run: { readonly id: string; readonly workflowId: string; readonly businessKey: string };
  readonly config: Config;
  /** The run's data as expressions see it (read-only copy). */
  readonly scope: Readonly<ExpressionScope>;
  /** Evaluates the expression the compiler recorded at this config path. */
  evaluate(path: string): Promise<unknown>;
  /** Renders a `{{ }}` template from the config. */
  render(template: string): Promise<string>;
  /**
   * evaluate(), sync-first: the value itself when it is ready now (simple expressions are), else
   * the promise. Meant for `yield* step(ctx.evaluateNow(path))` in a runSteps body; a value that
   * may be a promise must never be used without that (or an `await`).
   */
  evaluateNow(path: string): PromiseOrValue<unknown>;
  /** render(), sync-first, like evaluateNow. */
  renderNow(template: string): PromiseOrValue<string>;
  /** Durable timer: survives worker restarts, costs nothing while waiting. */
  sleep(ms: number): Promise<void>;
  /** Runs the node's declared activity with its declared timeout and retry policy. */
  callActivity(input: unknown): Promise<unknown>;
  /** Workflow time (deterministic on replay). */
  now(): Date;
}

export interface NodeResult {
  /** Output port to continue from. */
  readonly port: string;
  /** Becomes `steps.<nodeId>` for later expressions. */
  readonly output?: unknown;
  /** Variable assignments; only declared variables (checked by the validator). */
  readonly variables?: Readonly<Record<string, unknown>>;
}

export interface PaletteInfo {
  readonly title: string;
  readonly category: 'Flow' | 'Logic' | 'Time' | 'People' | 'Messages' | 'Data' | 'Custom';
  readonly icon: string;
  /** One line shown in the palette. */
  readonly description: string;
  /** Longer help (what the node does, needs and gives), served with the palette entry by catalog.nodeTypes. */
  readonly help?: string;
}

/**
 * A node type. Method syntax (not arrow properties) keeps a definition for a specific config
 * assignable to the catalog's `NodeDefinition<unknown>`.
 */
export interface NodeDefinition<Config = unknown> extends NodeTypeSpec<Config> {
  readonly palette: PaletteInfo;
  /**
   * The node's behaviour in the workflow. An `async` function is always fine. It may also return
   * its NodeResult directly: the interpreter awaits only a promise, and inside Temporal's sandbox
   * every promise costs a recorded stack trace (~50 µs), so the built-in nodes are written
   * sync-first: `(ctx) => runSteps(body(ctx))`, where the generator `body` uses
   * `yield* step(x)` wherever it would `await x` and the `...Now` context methods. Such a body
   * makes no promise while its values are ready and otherwise takes exactly the microtask turns
   * of the same `async` function, which keeps parallel branches issuing commands in the order
   * they always did (Temporal replay checks it).
   */
  execute?(ctx: NodeRuntimeContext<Config>): PromiseOrValue<NodeResult>;
  /** Upgrades configs saved with older versions of this type (see migrations.ts). */
  readonly migrations?: readonly NodeMigration[];
  /** What `steps.<id>` holds after the node ran; served as JSON Schema for the builder's autocompletion. */
  readonly outputSchema?: z.ZodType;
  /** Set by defineActionNode: the node's work is one activity, implemented with implementAction. */
  readonly action?: ActionDescriptor;
}

export interface DefineNodeInput<S extends z.ZodType> {
  readonly type: string;
  readonly version: number;
  readonly role?: NodeRole;
  readonly waits?: boolean;
  readonly palette: PaletteInfo;
  readonly config: S;
  readonly inputs?: readonly PortSpec[];
  readonly outputs: readonly PortSpec[] | ((config: z.output<S>) => readonly PortSpec[]);
  readonly expressions?: (config: z.output<S>) => readonly ExpressionSite[];
  readonly writesVariables?: (config: z.output<S>) => readonly string[];
  readonly activity?: ActivitySpec;
  /**
   * Adds an optional `error` output port: when it is connected, a failure of this node continues
   * there (with `steps.<id>.error` set) instead of failing the run.
   */
  readonly errorPort?: boolean;
  readonly execute?: (ctx: NodeRuntimeContext<z.output<S>>) => PromiseOrValue<NodeResult>;
  /**
   * Config migrations from older versions. A workflow-side node with migrations must keep its older
   * definitions registered too (runs pinned to them keep running them); see docs/custom-nodes.md.
   */
  readonly migrations?: readonly NodeMigration[];
  /** The shape of the node's output, for autocompletion of `steps.<id>.…` in the builder. */
  readonly output?: z.ZodType;
}

export const ERROR_PORT: PortSpec = { name: 'error', label: 'on error', error: true };

const DEFAULT_INPUTS: readonly PortSpec[] = [{ name: 'in' }];

/**
 * Declares a node type. The config type is inferred from the zod schema, so `execute` receives
 * typed, already-validated config.
 *
 * @example
 * const wait = defineNode({
 *   type: 'wait-minutes', version: 1,
 *   palette: { title: 'Wait', category: 'Time', icon: 'clock', description: 'Pause the run.' },
 *   config: z.object({ minutes: z.number().positive() }),
 *   outputs: [{ name: 'next', required: true }],
 *   waits: true,
 *   async execute(ctx) { await ctx.sleep(ctx.config.minutes * 60_000); return { port: 'next' }; },
 * });
 *
 * @example
 * // Sync-first (see NodeDefinition.execute): no promise at all when the expression is simple.
 * const flag = defineNode({
 *   type: 'flag', version: 1,
 *   palette: { title: 'Flag', category: 'Logic', icon: 'flag', description: 'Records a check.' },
 *   config: z.object({ check: z.string() }),
 *   outputs: [{ name: 'next', required: true }],
 *   expressions: (c) => [{ path: 'check', source: c.check }],
 *   execute: (ctx) =>
 *     runSteps(
 *       (function* (): Steps<NodeResult> {
 *         const value = yield* step(ctx.evaluateNow('check'));
 *         return { port: 'next', output: { flagged: value === true } };
 *       })(),
 *     ),
 * });
 */
export function defineNode<S extends z.ZodType>(input: DefineNodeInput<S>): NodeDefinition<z.output<S>> {
  const declared = input.outputs;
  const withError = (ports: readonly PortSpec[]) => (input.errorPort ? [...ports, ERROR_PORT] : ports);
  const outputs = typeof declared === 'function' ? (config: z.output<S>) => withError(declared(config)) : withError(declared);
  return {
    type: input.type,
    version: input.version,
    role: input.role ?? 'step',
    waits: input.waits ?? false,
    palette: input.palette,
    configSchema: input.config as unknown as z.ZodType<z.output<S>>,
    inputs: input.role === 'start' ? [] : (input.inputs ?? DEFAULT_INPUTS),
    outputs: typeof outputs === 'function' ? outputs : () => outputs,
    expressions: input.expressions ?? (() => []),
    ...(input.writesVariables ? { writesVariables: input.writesVariables } : {}),
    ...(input.activity ? { activity: input.activity } : {}),
    ...(input.execute ? { execute: input.execute } : {}),
    ...(input.migrations ? { migrations: input.migrations } : {}),
    ...(input.output ? { outputSchema: input.output } : {}),
  };
}

/** Expression sites of a `{{ }}` template field, one per hole: `<field>.<n>`. */
export function templateSites(field: string, holes: readonly string[]): ExpressionSite[] {
  return holes.map((source, i) => ({ path: `${field}.${i}`, source }));
}
