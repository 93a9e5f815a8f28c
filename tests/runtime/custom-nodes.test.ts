import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FlowDefinitionInput } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext, type SessionUser } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { loadConfig } from '../../apps/runtime/src/config.ts';
import { NodePackagesError } from '../../apps/runtime/src/node-packages/errors.ts';
import { loadNodePackages, type LoadedNodes } from '../../apps/runtime/src/node-packages/load.ts';
import { startPlatform } from '../../apps/runtime/src/platform.ts';
import { createKeyring, generateKey } from '../../apps/runtime/src/secrets/keyring.ts';
import { bundleInterpreter, createWorker } from '../../apps/runtime/src/worker.ts';
import { createNodePackage } from '../../scripts/create-node.ts';
import { fromRoot } from '../../scripts/lib/paths.ts';
import { createTestDatabase, createUser, startTimeSkippingTemporal, type TestDatabase } from '../support/platform.ts';

/**
 * The custom node journey: scaffold a package -> its own test passes -> the platform loads it ->
 * the catalog offers it -> a flow using it is published and runs on Temporal, its secret never
 * leaving the activity. And the ways a broken package stops start.
 */
const NAME = 'greeter';
const TOKEN = 'greeter-token-value-42';
const scratch = fromRoot('.data', 'test-node-packages', randomUUID());
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let api: Server;
let apiHost: string;
let dir: string;
let nodes: LoadedNodes;
const keyring = createKeyring(generateKey());
const users: Record<'developer' | 'owner', SessionUser> = {} as never;
const callerFactory = createCallerFactory(appRouter);
const caller = (who: keyof typeof users) =>
  callerFactory(
    createInnerContext(
      { db: database.db, temporal: env.client, taskQueue: 'custom-nodes', nodes: nodes.registry, secretsKeyring: keyring },
      users[who],
    ),
  );

beforeAll(async () => {
  api = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
      const { message } = JSON.parse(body) as { message: string };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ reply: `echo: ${message}` }));
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiHost = `127.0.0.1:${(api.address() as AddressInfo).port}`;
  // The worker's outbound client reads its allowlist from the environment, as in production.
  process.env.TRACKWAY_HTTP_ALLOW_HOSTS = apiHost;
  [env, database] = await Promise.all([startTimeSkippingTemporal(), createTestDatabase('custom_nodes')]);
  users.developer = await createUser(database.db, ['developer']);
  users.owner = await createUser(database.db, ['process_owner']);
  dir = createNodePackage(NAME, scratch);
  nodes = await loadNodePackages({ dirs: [dir, fromRoot('nodes', 'crm-deal')] });
});

afterAll(async () => {
  await env?.teardown();
  await database?.drop();
  await new Promise((resolve) => api?.close(resolve));
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** The history as text with its payloads decoded (JSON in base64 bytes), so a search sees what Temporal stores. */
function readable(history: unknown): string {
  return JSON.stringify(history, (key, value: unknown) =>
    key === 'data' && typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : value,
  );
}

describe('a node package from scaffold to a running flow', () => {
  it('is scaffolded with one node, its activity, a test and a README, and its own test passes', () => {
    expect(fs.readdirSync(dir).sort()).toEqual(['README.md', 'package.json', 'src', 'tsconfig.json', 'vitest.config.ts']);
    expect(fs.readdirSync(path.join(dir, 'src')).sort()).toEqual(['activities.ts', `${NAME}.test.ts`, 'index.ts', 'testing']);
    const result = spawnSync('npx', ['vitest', 'run'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/Tests\s+.*2 passed/);
  });

  it('is loaded with the example package, and the catalog offers the latest version of each with its form and output', async () => {
    expect(nodes.packages.map((p) => p.name)).toEqual([`@trackway-nodes/${NAME}`, '@trackway-nodes/crm-deal']);
    const types = await caller('owner').catalog.nodeTypes();
    const greeter = types.find((t) => t.type === NAME);
    expect(greeter).toMatchObject({ version: 1, category: 'Custom', title: 'Greeter', outputs: [{ name: 'next' }, { name: 'error' }] });
    expect(greeter?.configSchema).toMatchObject({
      properties: { token: { 'x-trackway-widget': 'secret' }, message: { 'x-trackway-widget': 'template' } },
    });
    expect(greeter?.outputSchema).toMatchObject({ properties: { reply: { type: 'string' } } });
    expect(types.filter((t) => t.type === 'crm-deal').map((t) => [t.version, t.outputs?.map((p) => p.name)])).toEqual([
      [2, ['created', 'duplicate', 'error']],
    ]);
    expect(types.some((t) => t.type === 'notify')).toBe(true);
  });

  it('runs in a published flow on Temporal; the secret is set by name and its value appears nowhere', async () => {
    await caller('developer').secrets.set({ name: 'greeter-token', value: TOKEN });
    const flow = await caller('owner').flows.create({ key: `greet-${randomUUID().slice(0, 6)}`, name: 'Greet' });
    const definition: FlowDefinitionInput = {
      schemaVersion: 1,
      metadata: { name: 'Greet' },
      input: { fields: [{ name: 'name', type: 'string', required: true }] },
      nodes: [
        { id: 'start', type: 'start', typeVersion: 1, config: {} },
        {
          id: 'greet',
          type: NAME,
          typeVersion: 1,
          config: { url: `http://${apiHost}/messages`, token: { secret: 'greeter-token' }, message: 'Hello {{ input.name }}' },
        },
        { id: 'end', type: 'end', typeVersion: 1, config: { output: 'steps.greet' } },
      ],
      edges: [
        { id: 'a', source: 'start', sourcePort: 'next', target: 'greet', targetPort: 'in' },
        { id: 'b', source: 'greet', sourcePort: 'next', target: 'end', targetPort: 'in' },
      ],
    };
    const saved = await caller('owner').flows.saveDraft({ id: flow.id, revision: flow.draftRevision, definition });
    expect(saved.diagnostics).toEqual([]);
    await caller('owner').flows.publish({ id: flow.id });

    const worker = await createWorker({
      connection: env.nativeConnection,
      namespace: 'default',
      taskQueue: 'custom-nodes',
      db: database.db,
      bundle: await bundleInterpreter(nodes.packages),
      nodes,
      secretsKeyring: keyring,
    });
    const handle = await worker.runUntil(async () => {
      const run = await caller('owner').runs.start({ flowId: flow.id, input: { name: 'Ada' } });
      const h = env.client.workflow.getHandle(run.workflowId);
      expect(await h.result()).toEqual({ status: 'completed', output: { reply: 'echo: Hello Ada' } });
      return h;
    });

    const listed = await caller('developer').secrets.list();
    expect(listed.map((s) => Object.keys(s).sort())).toEqual([['createdAt', 'name', 'updatedAt']]);
    const history = readable(await handle.fetchHistory());
    expect(history).toContain('greeter-token');
    const audit = await database.db.auditEntry.findMany({
      where: { action: { startsWith: 'secret.' } },
      select: { action: true, payload: true },
    });
    expect(audit).toEqual([{ action: 'secret.set', payload: { name: 'greeter-token', created: true } }]);
    const versions = await database.db.flowVersion.findMany({ where: { flowId: flow.id }, select: { plan: true, definition: true } });
    const stored = await database.db.secret.findUniqueOrThrow({ where: { name: 'greeter-token' } });
    for (const [where, text] of Object.entries({
      history,
      list: JSON.stringify(listed),
      audit: JSON.stringify(audit),
      versions: JSON.stringify(versions),
      ciphertext: Buffer.from(stored.ciphertext).toString('latin1'),
    })) {
      expect(text.includes(TOKEN), `${where} holds the secret value`).toBe(false);
    }
  });
});

describe('a broken node package stops start', () => {
  const writePackage = (files: Record<string, string>) => {
    const at = path.join(scratch, randomUUID().slice(0, 8));
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(at, file)), { recursive: true });
      fs.writeFileSync(path.join(at, file), text);
    }
    return at;
  };
  const node = (type: string) => `
import { defineNode, z } from '@trackway/nodes';
export const nodes = [defineNode({
  type: '${type}', version: 1,
  palette: { title: 'T', category: 'Custom', icon: 'layers', description: 'd' },
  config: z.object({}),
  outputs: [{ name: 'next', required: true }],
  execute: (): { port: string } => ({ port: 'next' }),
})];
`;

  it('refuses a package whose workflow code reads the environment, before connecting to anything', async () => {
    const bad = writePackage({
      'package.json': JSON.stringify({ name: '@acme/env-reader', type: 'module', exports: { '.': './src/index.ts' } }),
      'src/index.ts': `${node('env-reader')}\nexport const region = process.env.REGION ?? 'eu';\n`,
    });
    const previous = process.env.TRACKWAY_NODE_PACKAGES;
    process.env.TRACKWAY_NODE_PACKAGES = bad;
    try {
      const config = loadConfig({ DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', TEMPORAL_ADDRESS: '127.0.0.1:1' });
      const error = await startPlatform(config, () => undefined).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NodePackagesError);
      expect((error as Error).message).toMatch(/@acme\/env-reader \(.*\) \[workflow-determinism\]: src\/index\.ts:\d+ uses `process`/);
    } finally {
      if (previous === undefined) delete process.env.TRACKWAY_NODE_PACKAGES;
      else process.env.TRACKWAY_NODE_PACKAGES = previous;
    }
  });

  it("passes Temporal's bundler errors on, naming the package", async () => {
    // .mts passes the static checks and loads in Node, but the workflow bundler compiles only .ts.
    const bad = writePackage({
      'package.json': JSON.stringify({ name: '@acme/mts-node', type: 'module', exports: { '.': './src/index.mts' } }),
      'src/index.mts': `${node('mts-node')}\nexport const typed: number = 1;\n`,
    });
    const loaded = await loadNodePackages({ dirs: [bad] });
    const error = await bundleInterpreter(loaded.packages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodePackagesError);
    expect((error as NodePackagesError).problems).toEqual([
      expect.objectContaining({ package: '@acme/mts-node', rule: 'workflow-bundle', message: expect.stringContaining('index.mts') }),
    ]);
  });
});
