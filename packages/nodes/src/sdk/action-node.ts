import { evaluateExpressionNow, type ActivitySpec, type PortSpec } from '@trackway/schema/runtime';
import type { z } from 'zod';
import { fieldExpressions, findFieldSites, locate, type FieldSite, type Resolved } from './action-fields.ts';
import {
  defineNode,
  runSteps,
  step,
  type NodeDefinition,
  type NodeResult,
  type NodeRuntimeContext,
  type PaletteInfo,
  type Steps,
} from './define-node.ts';
import type { NodeMigration } from './migrations.ts';

/** The run, node and visit an activity call belongs to: stable across retries and replays. */
export interface StepKey {
  readonly runId: string;
  readonly nodeId: string;
  readonly visit: number;
}

/** What the activity side needs to know about an action node (set by defineActionNode). */
export interface ActionDescriptor {
  /** The activity's registered name: `node:<type>`, one per type, whatever the version. */
  readonly activity: string;
  readonly sites: readonly FieldSite[];
  /** Ports the activity may route to; the first is taken when `run` returns a plain output. */
  readonly ports: readonly string[];
  readonly outputSchema?: z.ZodType;
  idempotencyKey?(input: unknown, step: StepKey): string;
}

/** What the workflow side hands the activity (plus `dedupeKey` and `runId`, which the interpreter adds). */
export interface ActionEnvelope {
  /** Version the config below is in: a retry of an activity scheduled before an upgrade may carry an older one. */
  readonly typeVersion: number;
  readonly nodeId: string;
  readonly visit: number;
  readonly config: Record<string, unknown>;
  readonly dedupeKey: string;
  readonly runId: string;
}

export interface ActionResult {
  readonly port: string;
  readonly output: unknown;
}

declare const actionTypes: unique symbol;

/** An action node: a NodeDefinition whose work is one activity, with its input, output and port types attached. */
export interface ActionNode<
  Config = unknown,
  Input = unknown,
  Output = unknown,
  Port extends string = string,
> extends NodeDefinition<Config> {
  readonly action: ActionDescriptor;
  readonly [actionTypes]?: { readonly input: Input; readonly output: Output; readonly port: Port };
}

export type InputOf<N> = N extends ActionNode<unknown, infer I, unknown, string> ? I : never;
export type OutputOf<N> = N extends ActionNode<unknown, unknown, infer O, string> ? O : never;
export type PortOf<N> = N extends ActionNode<unknown, unknown, unknown, infer P> ? P : never;

const DEFAULT_RETRY: ActivitySpec['retry'] = { maximumAttempts: 5, initialIntervalMs: 1_000, backoffCoefficient: 2 };
const NEXT = [{ name: 'next', required: true }] as const;

export interface DefineActionNodeInput<S extends z.ZodObject, O extends z.ZodType, P extends readonly PortSpec[]> {
  /** Lower-case letters, digits and "-"; unique across the platform (a package's types must not clash with others'). */
  readonly type: string;
  /** Bump it when a change would break configs saved before; add a migration from the old version. */
  readonly version: number;
  readonly palette: Omit<PaletteInfo, 'category'> & { readonly category?: PaletteInfo['category'] };
  /** The config form. Use `fields.template()`, `fields.expression(schema)` and `fields.secret()` for per-run values. */
  readonly config: S;
  /** What the node gives later steps (`steps.<id>`): checked after every run and served for autocompletion. */
  readonly output?: O;
  /** Output ports with their labels; default one required `next` port. */
  readonly ports?: P;
  /** Adds an optional `error` port that a failure continues from when connected (default true). */
  readonly errorPort?: boolean;
  readonly activity: {
    /** Longest one attempt may take (Temporal's start-to-close timeout). */
    readonly timeoutMs: number;
    /** Default: 5 attempts, from 1 s, doubling. Failures raised with `ctx.fail` are never retried. */
    readonly retry?: Partial<ActivitySpec['retry']>;
    /**
     * The key `ctx.idempotencyKey` gives `run`, e.g. to send as an Idempotency-Key header. Default
     * `<run>/<node>/<visit>`: the same across retries of one step, different for each loop visit.
     */
    readonly idempotencyKey?: (input: Resolved<S>, step: StepKey) => string;
  };
  /** Upgrades configs saved with older versions (each from `fromVersion` to the next). */
  readonly migrations?: readonly NodeMigration[];
}

/**
 * Declares an action node: a config form, typed input and output, ports, and one activity that does
 * the work. The workflow side is generated: it renders the templates and evaluates the expressions
 * of the config, then calls the activity with the declared timeout and retry policy. Implement the
 * activity in the package's activity entry with `implementAction` (from `@trackway/nodes/activity`),
 * which is never bundled into workflows.
 *
 * @example
 * export const createDeal = defineActionNode({
 *   type: 'crm-deal',
 *   version: 1,
 *   palette: { title: 'Create CRM deal', icon: 'user-check', description: 'Opens a deal in the CRM.' },
 *   config: z.object({
 *     baseUrl: z.url(),
 *     token: fields.secret(),
 *     title: fields.template({ min: 1 }),
 *     amount: fields.expression(z.number().nonnegative()),
 *   }),
 *   output: z.object({ dealId: z.string(), url: z.string() }),
 *   ports: [{ name: 'created', label: 'created', required: true }, { name: 'duplicate', label: 'already exists' }],
 *   activity: { timeoutMs: 15_000, retry: { maximumAttempts: 3 } },
 * });
 */
export function defineActionNode<
  S extends z.ZodObject,
  O extends z.ZodType = z.ZodUnknown,
  const P extends readonly PortSpec[] = typeof NEXT,
>(input: DefineActionNodeInput<S, O, P>): ActionNode<z.output<S>, Resolved<S>, z.output<O>, P[number]['name']> {
  const sites = findFieldSites(input.config);
  const ports: readonly PortSpec[] = input.ports ?? NEXT;
  const descriptor: ActionDescriptor = {
    activity: `node:${input.type}`,
    sites,
    ports: ports.map((p) => p.name),
    ...(input.output ? { outputSchema: input.output } : {}),
    ...(input.activity.idempotencyKey ? { idempotencyKey: input.activity.idempotencyKey as ActionDescriptor['idempotencyKey'] } : {}),
  };
  const version = input.version;
  const node = defineNode({
    type: input.type,
    version,
    palette: { ...input.palette, category: input.palette.category ?? 'Custom' },
    config: input.config,
    outputs: ports,
    errorPort: input.errorPort ?? true,
    expressions: (config) => fieldExpressions(sites, config),
    activity: {
      name: descriptor.activity,
      startToCloseTimeoutMs: input.activity.timeoutMs,
      retry: { ...DEFAULT_RETRY, ...input.activity.retry },
    },
    ...(input.migrations ? { migrations: input.migrations } : {}),
    ...(input.output ? { output: input.output } : {}),
    execute: (ctx) => runAction(ctx, sites, version),
  });
  return { ...node, action: descriptor } as ActionNode<z.output<S>, Resolved<S>, z.output<O>, P[number]['name']>;
}

/** The generated workflow side: resolve the config, call the activity, continue on the port it chose. */
export function runAction(ctx: NodeRuntimeContext<unknown>, sites: readonly FieldSite[], typeVersion: number) {
  return runSteps(
    (function* (): Steps<NodeResult> {
      const config = yield* step(resolveConfig(ctx, sites));
      const envelope = { typeVersion, nodeId: ctx.node.id, visit: ctx.node.visit, config };
      const result = (yield* step(ctx.callActivity(envelope))) as ActionResult;
      return { port: result.port, output: result.output };
    })(),
  );
}

/**
 * The config as the activity gets it: templates rendered, expressions evaluated and checked against
 * their value schema. Sync-first (see define-node.ts): no promise while every value is ready.
 */
function resolveConfig(ctx: NodeRuntimeContext<unknown>, sites: readonly FieldSite[]) {
  return runSteps(
    (function* (): Steps<Record<string, unknown>> {
      const config = JSON.parse(JSON.stringify(ctx.config ?? {})) as Record<string, unknown>;
      for (const site of sites) {
        if (site.field.kind === 'secret') continue;
        for (const { path, value } of locate(config, site)) {
          if (typeof value !== 'string') continue;
          if (site.field.kind === 'template') {
            setAt(config, path, yield* step(ctx.renderNow(value)));
            continue;
          }
          const result = yield* step(evaluateExpressionNow(value, ctx.scope, { now: ctx.now() }));
          const checked = site.field.value.safeParse(result);
          if (!checked.success) {
            const issue = checked.error.issues[0];
            throw new Error(`${path.join('.')}: "${value}" gave ${preview(result)}, but ${issue?.message ?? 'that is not allowed here'}`);
          }
          setAt(config, path, checked.data);
        }
      }
      return config;
    })(),
  );
}

function setAt(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path[path.length - 1] as string] = value;
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
