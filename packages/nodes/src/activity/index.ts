/**
 * `@trackway/nodes/activity`: the activity side of action nodes. Node-only (it hands nodes the HTTP
 * client and secrets), so it is its own package entry and never part of a workflow bundle; the
 * platform refuses a node package whose workflow code imports it.
 */
import type { SecretRef } from '@trackway/schema/runtime';
import { HttpRefusedError, type HttpClient } from '../http/index.ts';
import type { ActionEnvelope, ActionNode, ActionResult, InputOf, OutputOf, PortOf } from '../sdk/action-node.ts';
import { migrateConfig } from '../sdk/migrations.ts';

export interface ActionLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

declare const routed: unique symbol;
/** Output sent to a chosen port; made by `ctx.route`. */
export interface Routed<Port extends string, Output> {
  readonly [routed]: true;
  readonly port: Port;
  readonly output: Output;
}

/** What `run` may use besides its input. */
export interface ActionContext<Port extends string = string, Output = unknown> {
  /** Outbound HTTP through the platform's SSRF guard (private, loopback and metadata addresses refused unless allowlisted). */
  readonly http: HttpClient;
  /** Values of named secrets; they are hidden from this context's logs and from the node's output. */
  readonly secrets: { get(ref: SecretRef | string): Promise<string> };
  readonly log: ActionLogger;
  /** Stable across retries of this step (see `activity.idempotencyKey`): send it where the remote system deduplicates. */
  readonly idempotencyKey: string;
  /** 1 on the first try. */
  readonly attempt: number;
  readonly node: { readonly id: string; readonly type: string; readonly version: number };
  readonly run: { readonly id: string };
  /** Continue on another of the node's ports than the first. */
  route(port: Port, output: Output): Routed<Port, Output>;
  /** Fails the step without retrying: asking again would get the same answer (bad credentials, a rejected request). */
  fail(message: string, options?: { type?: string }): never;
}

export type ActionRun<N> = (
  input: InputOf<N>,
  ctx: ActionContext<PortOf<N>, OutputOf<N>>,
) => Promise<OutputOf<N> | Routed<PortOf<N>, OutputOf<N>>>;

export interface ActionImplementation {
  readonly node: ActionNode;
  run(input: unknown, ctx: ActionContext): Promise<unknown>;
}

/**
 * The activity of an action node. Export every implementation of the package from its activity
 * entry as `export const activities = [...]`.
 *
 * @example
 * export const activities = [
 *   implementAction(createDeal, async (input, ctx) => {
 *     const token = await ctx.secrets.get(input.token);
 *     const response = await ctx.http.request(`${input.baseUrl}/deals`, {
 *       method: 'POST',
 *       headers: { authorization: `Bearer ${token}`, 'idempotency-key': ctx.idempotencyKey, 'content-type': 'application/json' },
 *       body: JSON.stringify({ title: input.title, amount: input.amount }),
 *     });
 *     if (response.status === 401) ctx.fail('the CRM refused the token');
 *     const deal = response.json() as { id: string; url: string };
 *     return { dealId: deal.id, url: deal.url };
 *   }),
 * ];
 */
export function implementAction<N extends ActionNode>(node: N, run: ActionRun<N>): ActionImplementation {
  return { node, run: run as unknown as ActionImplementation['run'] };
}

/** A failure of an action, retryable or not; the platform turns it into a Temporal failure of that kind. */
export class NodeActionError extends Error {
  constructor(
    message: string,
    readonly type: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'NodeActionError';
  }
}

/** What the platform gives every action: outbound HTTP, secret values, a log line writer. */
export interface ActionServices {
  readonly http: HttpClient;
  /** The value of a secret, or undefined when none is stored under that name. */
  readonly secret: (name: string) => Promise<string | undefined>;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;
  readonly attempt: number;
}

const REDACTED = '[secret]';
/** Results made by ctx.route (an output that merely has a "port" field is not one). */
const routedResults = new WeakSet<object>();

/**
 * Runs an implementation for one activity call: upgrades a config from an older version, builds the
 * context, checks port and output, and keeps secret values out of logs, output and error messages.
 */
export async function executeAction(impl: ActionImplementation, envelope: ActionEnvelope, services: ActionServices): Promise<ActionResult> {
  const node = impl.node;
  const descriptor = node.action;
  const config =
    envelope.typeVersion < node.version
      ? (migrateConfig(node.migrations ?? [], node.version, envelope.typeVersion, envelope.config) ?? envelope.config)
      : envelope.config;
  const seen = new Set<string>();
  const hide = (text: string): string => {
    let out = text;
    for (const value of seen) out = out.split(value).join(REDACTED);
    return out;
  };
  const hideFields = (fields: Record<string, unknown> = {}): Record<string, unknown> =>
    JSON.parse(hide(JSON.stringify(fields))) as Record<string, unknown>;
  const step = { runId: envelope.runId, nodeId: envelope.nodeId, visit: envelope.visit };
  const fail = (message: string, options: { type?: string } = {}): never => {
    throw new NodeActionError(message, options.type ?? 'NodeActionRefused', false);
  };
  const ctx: ActionContext = {
    http: services.http,
    secrets: {
      async get(ref) {
        const name = typeof ref === 'string' ? ref : ref?.secret;
        if (typeof name !== 'string' || name === '') return fail('no secret name given', { type: 'SecretMissing' });
        const value = await services.secret(name);
        if (value === undefined) {
          return fail(`Secret "${name}" is not set; an admin or developer can set it (secrets.set).`, { type: 'SecretMissing' });
        }
        // Short values would redact ordinary words too; the store refuses secrets under 4 characters.
        if (value.length >= 4) seen.add(value);
        return value;
      },
    },
    log: {
      info: (message, fields) => services.log('info', hide(message), hideFields(fields)),
      warn: (message, fields) => services.log('warn', hide(message), hideFields(fields)),
      error: (message, fields) => services.log('error', hide(message), hideFields(fields)),
    },
    idempotencyKey: descriptor.idempotencyKey?.(config, step) ?? envelope.dedupeKey,
    attempt: services.attempt,
    node: { id: envelope.nodeId, type: node.type, version: node.version },
    run: { id: envelope.runId },
    route(port, output) {
      const made = { port, output };
      routedResults.add(made);
      return made as unknown as Routed<string, unknown>;
    },
    fail,
  };

  let result: unknown;
  try {
    result = await impl.run(config, ctx);
  } catch (error) {
    throw toActionError(error, hide);
  }
  const routedResult =
    typeof result === 'object' && result !== null && routedResults.has(result) ? (result as { port: string; output: unknown }) : undefined;
  const port = routedResult ? routedResult.port : (descriptor.ports[0] as string);
  let output = routedResult ? routedResult.output : result;
  if (!descriptor.ports.includes(port)) {
    fail(`"${port}" is not a port of ${node.type}; it has ${descriptor.ports.join(', ')}.`, { type: 'NodeOutputInvalid' });
  }
  if (descriptor.outputSchema) {
    const checked = descriptor.outputSchema.safeParse(output);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      fail(
        `the output of ${node.type} does not match its output schema: ${issue?.path.join('.') || 'output'}: ${issue?.message ?? 'invalid'}`,
        {
          type: 'NodeOutputInvalid',
        },
      );
    }
    output = (checked as { data: unknown }).data;
  }
  if (output === undefined) output = null;
  return { port, output: seen.size > 0 ? JSON.parse(hide(JSON.stringify(output))) : output };
}

function toActionError(error: unknown, hide: (text: string) => string): NodeActionError {
  if (error instanceof NodeActionError) return new NodeActionError(hide(error.message), error.type, error.retryable);
  if (error instanceof HttpRefusedError) return new NodeActionError(hide(error.message), 'HttpRefused', false);
  const message = error instanceof Error ? error.message : String(error);
  return new NodeActionError(hide(message), error instanceof Error && error.name !== 'Error' ? error.name : 'NodeActionFailed', true);
}
