import { compileFlow, validateFlow, type FlowDefinitionInput } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { executeAction, implementAction, NodeActionError, type ActionServices } from '../activity/index.ts';
import { createHttpClient } from '../http/index.ts';
import { builtinNodes, createRegistry } from '../registry.ts';
import { fields } from './action-fields.ts';
import { defineActionNode, type ActionEnvelope } from './action-node.ts';
import { migrationProblems } from './migrations.ts';

const invoiceV1 = defineActionNode({
  type: 'invoice-send',
  version: 1,
  palette: { title: 'Send invoice', icon: 'document', description: 'Sends an invoice.' },
  config: z.object({ to: fields.template({ min: 1 }), total: fields.expression(z.number()) }),
  activity: { timeoutMs: 5_000 },
});

const invoice = defineActionNode({
  type: 'invoice-send',
  version: 2,
  palette: { title: 'Send invoice', icon: 'document', description: 'Sends an invoice.' },
  config: z.object({
    to: fields.template({ min: 1 }),
    amount: z.object({ total: fields.expression(z.number()), currency: z.enum(['EUR', 'USD']).default('EUR') }),
    lines: z.array(z.object({ text: fields.template(), qty: z.number() })).default([]),
    token: fields.secret(),
    note: fields.template().optional(),
  }),
  output: z.object({ invoiceId: z.string() }),
  ports: [
    { name: 'sent', label: 'sent', required: true },
    { name: 'held', label: 'held for review' },
  ],
  activity: { timeoutMs: 5_000, retry: { maximumAttempts: 2 } },
  migrations: [{ fromVersion: 1, migrate: ({ total, ...rest }) => ({ ...rest, amount: { total }, token: { secret: 'billing' } }) }],
});

const registry = createRegistry([...builtinNodes, invoice]);

function flow(config: Record<string, unknown>, typeVersion = 2): FlowDefinitionInput {
  return {
    schemaVersion: 1,
    metadata: { name: 'invoice' },
    input: {
      fields: [
        { name: 'email', type: 'string' },
        { name: 'sum', type: 'number' },
      ],
    },
    nodes: [
      { id: 'start', type: 'start', typeVersion: 1, config: {} },
      { id: 'send', type: 'invoice-send', typeVersion, config },
      { id: 'end', type: 'end', typeVersion: 1, config: {} },
    ],
    edges: [
      { id: 'a', source: 'start', sourcePort: 'next', target: 'send', targetPort: 'in' },
      { id: 'b', source: 'send', sourcePort: 'sent', target: 'end', targetPort: 'in' },
    ],
  };
}

const v2config = {
  to: 'Dear {{ input.email }}',
  amount: { total: 'input.sum * 1.19' },
  lines: [{ text: 'Item {{ input.sum }}', qty: 1 }],
  token: { secret: 'billing' },
};

describe('defineActionNode', () => {
  it('lists the expressions of templates (per hole), expressions and nested array fields, never secrets', () => {
    const parsed = invoice.configSchema.parse(v2config);
    expect(invoice.expressions(parsed)).toEqual([
      { path: 'to.0', source: 'input.email' },
      { path: 'amount.total', source: 'input.sum * 1.19' },
      { path: 'lines.0.text.0', source: 'input.sum' },
    ]);
  });

  it('validates those expressions like any built-in node (undeclared input is reported at its field)', () => {
    const diagnostics = validateFlow(flow({ ...v2config, to: '{{ input.mail }}' }), registry);
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'EXPRESSION_UNDECLARED', nodeId: 'send', path: ['to', '0'] })]);
  });

  it('declares ports with labels, an error port, the activity named after the type and the default retry filled in', () => {
    expect(invoice.outputs(invoice.configSchema.parse(v2config)).map((p) => p.name)).toEqual(['sent', 'held', 'error']);
    expect(invoice.activity).toEqual({
      name: 'node:invoice-send',
      startToCloseTimeoutMs: 5_000,
      retry: { maximumAttempts: 2, initialIntervalMs: 1_000, backoffCoefficient: 2 },
    });
    expect(invoice.palette.category).toBe('Custom');
  });

  it('refuses a secret value where a secret name belongs', () => {
    const diagnostics = validateFlow(flow({ ...v2config, token: 'sk_live_123' }), registry);
    expect(diagnostics.map((d) => [d.code, d.path?.join('.')])).toEqual([['CONFIG_INVALID', 'token']]);
  });
});

describe('versions and migrations', () => {
  it('upgrades a flow saved with version 1 when it is compiled, and says so', () => {
    const result = compileFlow(flow({ to: 'x', total: 'input.sum' }, 1), registry);
    expect(result.ok && result.plan.nodes.send).toMatchObject({
      version: 2,
      config: { to: 'x', amount: { total: 'input.sum', currency: 'EUR' }, lines: [], token: { secret: 'billing' } },
    });
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(['NODE_UPGRADED']);
  });

  it('keeps version 1 runnable for plans pinned to it, without offering it', () => {
    expect(registry.get('invoice-send', 1)?.version).toBe(1);
    expect(registry.get('invoice-send', 1)?.execute).toBeTypeOf('function');
    expect(registry.latest.filter((n) => n.type === 'invoice-send').map((n) => n.version)).toEqual([2]);
    expect(registry.versions('invoice-send')).toEqual([2]);
  });

  it('reports a migration that throws as a diagnostic, not an exception', () => {
    const broken = defineActionNode({
      ...{ type: 'broken', version: 2, palette: invoiceV1.palette, config: z.object({}), activity: { timeoutMs: 1_000 } },
      migrations: [
        {
          fromVersion: 1,
          migrate: () => {
            throw new Error('cannot read the old config');
          },
        },
      ],
    });
    const reg = createRegistry([...builtinNodes, broken]);
    const def = { ...flow({}, 1), nodes: flow({}, 1).nodes.map((n) => (n.id === 'send' ? { ...n, type: 'broken' } : n)) };
    expect(validateFlow(def, reg).map((d) => d.code)).toContain('NODE_UPGRADE_FAILED');
  });

  it('checks that migrations form a chain up to the latest version', () => {
    const m = (fromVersion: number) => ({ fromVersion, migrate: (c: Record<string, unknown>) => c });
    expect(migrationProblems(3, [m(1), m(2)])).toEqual([]);
    expect(migrationProblems(4, [m(1), m(3)])).toEqual(['no migration from version 2 (the chain from 1 to 4 has a gap)']);
    expect(migrationProblems(2, [m(2)])).toEqual(['migration fromVersion 2 must be a whole number from 1 to 1']);
  });
});

describe('executeAction (the activity side)', () => {
  const http = createHttpClient();
  const envelope = (config: Record<string, unknown>, typeVersion = 2): ActionEnvelope => ({
    typeVersion,
    nodeId: 'send',
    visit: 1,
    config,
    dedupeKey: 'run-1/send/1',
    runId: 'run-1',
  });
  const services = (logs: unknown[] = []): ActionServices => ({
    http,
    secret: async (name) => (name === 'billing' ? 'sk_live_987654' : undefined),
    log: (level, message, extra) => logs.push([level, message, extra]),
    attempt: 1,
  });

  it('gives run the config, the idempotency key, and routes to the first port by default', async () => {
    const impl = implementAction(invoice, async (input, ctx) => ({ invoiceId: `${input.amount.total}-${ctx.idempotencyKey}` }));
    const result = await executeAction(impl, envelope({ amount: { total: 5, currency: 'EUR' }, token: { secret: 'billing' } }), services());
    expect(result).toEqual({ port: 'sent', output: { invoiceId: '5-run-1/send/1' } });
  });

  it('routes to another port with ctx.route', async () => {
    const impl = implementAction(invoice, async (_input, ctx) => ctx.route('held', { invoiceId: 'I-2' }));
    expect(await executeAction(impl, envelope({}), services())).toEqual({ port: 'held', output: { invoiceId: 'I-2' } });
  });

  it('keeps secret values out of logs, output and error messages', async () => {
    const logs: unknown[] = [];
    const impl = implementAction(invoice, async (input, ctx) => {
      const token = await ctx.secrets.get(input.token);
      ctx.log.info(`calling with ${token}`, { header: `Bearer ${token}` });
      return { invoiceId: `id-${token}` };
    });
    const result = await executeAction(impl, envelope({ token: { secret: 'billing' } }), services(logs));
    expect(JSON.stringify([result, logs])).not.toContain('sk_live_987654');
    expect(result.output).toEqual({ invoiceId: 'id-[secret]' });

    const leaky = implementAction(invoice, async (input, ctx) => {
      throw new Error(`401 for ${await ctx.secrets.get(input.token)}`);
    });
    await expect(executeAction(leaky, envelope({ token: { secret: 'billing' } }), services())).rejects.toThrow('401 for [secret]');
  });

  it('fails without retry for ctx.fail, a missing secret and output that breaks the schema; retries other errors', async () => {
    const refuse = async (run: Parameters<typeof implementAction<typeof invoice>>[1], config: Record<string, unknown> = {}) => {
      const error = await executeAction(implementAction(invoice, run), envelope(config), services()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodeActionError);
      return [(error as NodeActionError).type, (error as NodeActionError).retryable, (error as NodeActionError).message];
    };
    expect(await refuse(async (_i, ctx) => ctx.fail('no such customer'))).toEqual(['NodeActionRefused', false, 'no such customer']);
    expect(
      (await refuse(async (i, ctx) => ({ invoiceId: await ctx.secrets.get(i.token) }), { token: { secret: 'gone' } })).slice(0, 2),
    ).toEqual(['SecretMissing', false]);
    expect(await refuse(async () => ({ invoiceId: 42 }) as never)).toEqual([
      'NodeOutputInvalid',
      false,
      'the output of invoice-send does not match its output schema: invoiceId: Invalid input: expected string, received number',
    ]);
    expect(
      await refuse(async () => {
        throw new TypeError('socket hang up');
      }),
    ).toEqual(['TypeError', true, 'socket hang up']);
  });

  it('upgrades the config of an activity scheduled before the node changed version', async () => {
    const impl = implementAction(invoice, async (input) => ({ invoiceId: `${input.amount.total} via ${input.token.secret}` }));
    const result = await executeAction(impl, envelope({ to: 'x', total: 7 }, 1), services());
    expect(result.output).toEqual({ invoiceId: '7 via billing' });
  });
});
