import type { ActivitySpec, ExpressionScope, ExpressionSite, NodeRole, NodeTypeSpec, PortSpec } from '@trackway/schema/runtime';
import type { z } from 'zod';

/** What a node's workflow-side behaviour may do. Everything here is replay-safe. */
export interface NodeRuntimeContext<Config> {
  readonly node: { readonly id: string; readonly label: string; readonly visit: number };
  readonly config: Config;
  /** The run's data as expressions see it (read-only copy). */
  readonly scope: Readonly<ExpressionScope>;
  /** Evaluates the expression the compiler recorded at this config path. */
  evaluate(path: string): Promise<unknown>;
  /** Renders a `{{ }}` template from the config. */
  render(template: string): Promise<string>;
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
}

/**
 * A node type. Method syntax (not arrow properties) keeps a definition for a specific config
 * assignable to the catalog's `NodeDefinition<unknown>`.
 */
export interface NodeDefinition<Config = unknown> extends NodeTypeSpec<Config> {
  readonly palette: PaletteInfo;
  execute?(ctx: NodeRuntimeContext<Config>): Promise<NodeResult>;
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
  readonly execute?: (ctx: NodeRuntimeContext<z.output<S>>) => Promise<NodeResult>;
}

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
 */
export function defineNode<S extends z.ZodType>(input: DefineNodeInput<S>): NodeDefinition<z.output<S>> {
  const outputs = input.outputs;
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
  };
}

/** Expression sites of a `{{ }}` template field, one per hole: `<field>.<n>`. */
export function templateSites(field: string, holes: readonly string[]): ExpressionSite[] {
  return holes.map((source, i) => ({ path: `${field}.${i}`, source }));
}
