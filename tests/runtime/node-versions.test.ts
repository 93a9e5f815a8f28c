import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { FlowDefinitionInput } from '@trackway/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInnerContext, type SessionUser } from '../../apps/runtime/src/api/context.ts';
import { appRouter } from '../../apps/runtime/src/api/router.ts';
import { createCallerFactory } from '../../apps/runtime/src/api/trpc.ts';
import { loadNodePackages, type LoadedNodes } from '../../apps/runtime/src/node-packages/load.ts';
import { Worker } from '@temporalio/worker';
import { createHttpClient } from '@trackway/nodes/http';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { createNodeActivities } from '../../apps/runtime/src/node-packages/activities.ts';
import { bundleInterpreter } from '../../apps/runtime/src/worker.ts';
import { runStateQuery } from '../../apps/runtime/src/workflows/queries.ts';
import { fromRoot } from '../../scripts/lib/paths.ts';
import { createTestDatabase, createUser, startTimeSkippingTemporal, type TestDatabase } from '../support/platform.ts';

/**
 * A node package ships version 2 of its node with a config migration from version 1. Flows
 * published with version 1 keep running, including a run that was already waiting when the worker
 * was replaced; a draft saved with version 1 is upgraded when it is validated and published.
 */
const scratch = fromRoot('.data', 'test-node-packages', randomUUID());
const TASK_QUEUE = 'node-versions';
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let owner: SessionUser;
let v1: LoadedNodes;
let v2: LoadedNodes;
const http = createHttpClient();

function writePackage(version: 'v1' | 'v2', files: Record<string, string>): string {
  const dir = path.join(scratch, version);
  const all = {
    'package.json': JSON.stringify({
      name: '@acme/stock',
      type: 'module',
      exports: { '.': './src/index.ts', './activities': './src/activities.ts' },
    }),
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const ACTIVITIES = (body: string) => `
import { implementAction } from '@trackway/nodes/activity';
import { stockNode } from './index.ts';
export const activities = [implementAction(stockNode, async (input) => (${body}))];
`;

beforeAll(async () => {
  const one = writePackage('v1', {
    'src/index.ts': `
import { defineActionNode, fields, z } from '@trackway/nodes';
export const stockNode = defineActionNode({
  type: 'stock-check', version: 1,
  palette: { title: 'Stock check', icon: 'layers', description: 'How many are in stock.' },
  config: z.object({ sku: fields.template({ min: 1 }) }),
  activity: { timeoutMs: 5000 },
});
export const nodes = [stockNode];
`,
    'src/activities.ts': ACTIVITIES(`{ sku: input.sku, available: 3, from: 'v1' }`),
  });
  const two = writePackage('v2', {
    'src/index.ts': `
import { defineActionNode, fields, z } from '@trackway/nodes';
export const stockNode = defineActionNode({
  type: 'stock-check', version: 2,
  palette: { title: 'Stock check', icon: 'layers', description: 'How many are in stock, per warehouse.' },
  config: z.object({ item: z.object({ sku: fields.template({ min: 1 }) }), warehouse: z.string().default('main') }),
  activity: { timeoutMs: 5000 },
  migrations: [{ fromVersion: 1, migrate: ({ sku, ...rest }) => ({ ...rest, item: { sku } }) }],
});
export const nodes = [stockNode];
`,
    'src/activities.ts': ACTIVITIES(`{ sku: input.item.sku, available: 5, warehouse: input.warehouse, from: 'v2' }`),
  });
  [env, database, v1, v2] = await Promise.all([
    startTimeSkippingTemporal(),
    createTestDatabase('node_versions'),
    loadNodePackages({ dirs: [one] }),
    loadNodePackages({ dirs: [two] }),
  ]);
  owner = await createUser(database.db, ['process_owner']);
});

afterAll(async () => {
  await http.close();
  await env?.teardown();
  await database?.drop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const callerFactory = createCallerFactory(appRouter);
const api = (nodes: LoadedNodes) =>
  callerFactory(createInnerContext({ db: database.db, temporal: env.client, taskQueue: TASK_QUEUE, nodes: nodes.registry }, owner));

/**
 * A worker like production's (createWorker), without a sticky workflow cache: the time-skipping
 * server does not release a stopped worker's sticky queue, and this test stops one mid-run.
 */
async function worker(nodes: LoadedNodes) {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await bundleInterpreter(nodes.packages),
    maxCachedWorkflows: 0,
    activities: {
      ...createActivities({ db: database.db }),
      ...createNodeActivities(nodes.implementations, { http, secret: async () => undefined }),
    },
  });
}

/** start -> wait an hour -> stock-check (saved with version 1) -> end(the stock). */
const definition: FlowDefinitionInput = {
  schemaVersion: 1,
  metadata: { name: 'Restock' },
  input: { fields: [{ name: 'sku', type: 'string', required: true }] },
  nodes: [
    { id: 'start', type: 'start', typeVersion: 1, config: {} },
    { id: 'wait', type: 'delay', typeVersion: 1, config: { amount: 1, unit: 'hours' } },
    { id: 'stock', type: 'stock-check', typeVersion: 1, config: { sku: '{{ input.sku }}' } },
    { id: 'end', type: 'end', typeVersion: 1, config: { output: 'steps.stock' } },
  ],
  edges: [
    { id: 'a', source: 'start', sourcePort: 'next', target: 'wait', targetPort: 'in' },
    { id: 'b', source: 'wait', sourcePort: 'next', target: 'stock', targetPort: 'in' },
    { id: 'c', source: 'stock', sourcePort: 'next', target: 'end', targetPort: 'in' },
  ],
};

describe('a node version bump with a config migration', () => {
  it('keeps flows published with version 1 running, also a run that was waiting when the worker changed', async () => {
    // Published while the platform had version 1.
    const flow = await api(v1).flows.create({ key: `restock-${randomUUID().slice(0, 6)}`, name: 'Restock' });
    await api(v1).flows.saveDraft({ id: flow.id, revision: flow.draftRevision, definition });
    const published = await api(v1).flows.publish({ id: flow.id });
    const stored = await database.db.flowVersion.findUniqueOrThrow({ where: { id: published.id }, select: { plan: true } });
    expect((stored.plan as { nodes: Record<string, { version: number }> }).nodes.stock?.version).toBe(1);

    // A run starts on the version 1 worker and waits on its timer...
    const waiting = await (
      await worker(v1)
    ).runUntil(async () => {
      const run = await api(v1).runs.start({ flowId: flow.id, input: { sku: 'A-1' } });
      const handle = env.client.workflow.getHandle(run.workflowId);
      for (let i = 0; i < 100 && (await handle.query(runStateQuery)).steps.wait?.status !== 'waiting'; i++)
        await new Promise((r) => setTimeout(r, 50));
      const state = await handle.query(runStateQuery);
      expect([state.steps.wait?.status, state.steps.stock]).toEqual(['waiting', undefined]);
      return handle;
    });

    // ...then the package is upgraded: only version 2 is loaded from now on.
    await (
      await worker(v2)
    ).runUntil(async () => {
      // The waiting run replays on the new worker and finishes with version 2's activity, config migrated.
      expect(await waiting.result()).toEqual({ status: 'completed', output: { sku: 'A-1', available: 5, warehouse: 'main', from: 'v2' } });
      // A new run of the version 1 plan runs too.
      const again = await api(v2).runs.start({ flowId: flow.id, version: 1, input: { sku: 'B-2' } });
      expect(await env.client.workflow.getHandle(again.workflowId).result()).toMatchObject({ output: { sku: 'B-2', from: 'v2' } });
    });
  });

  it('upgrades a draft saved with version 1 when it is validated and published', async () => {
    const flow = await api(v1).flows.create({ key: `restock-${randomUUID().slice(0, 6)}`, name: 'Restock' });
    await api(v1).flows.saveDraft({ id: flow.id, revision: flow.draftRevision, definition });
    const { diagnostics } = await api(v2).flows.validate({ definition });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'NODE_UPGRADED',
        severity: 'warning',
        nodeId: 'stock',
        message: expect.stringContaining('upgraded to version 2'),
      }),
    ]);
    const published = await api(v2).flows.publish({ id: flow.id });
    const stored = await database.db.flowVersion.findUniqueOrThrow({ where: { id: published.id }, select: { plan: true } });
    expect((stored.plan as { nodes: Record<string, unknown> }).nodes.stock).toMatchObject({
      version: 2,
      config: { item: { sku: '{{ input.sku }}' }, warehouse: 'main' },
    });
    // The catalog offers version 2 only.
    expect((await api(v2).catalog.nodeTypes()).filter((t) => t.type === 'stock-check').map((t) => t.version)).toEqual([2]);
  });
});
