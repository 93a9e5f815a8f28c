import type { Worker } from '@temporalio/worker';
import { startApiServer, type ApiServer } from './api/server.ts';
import type { RuntimeConfig } from './config.ts';
import { createPrisma, type Db } from './db/client.ts';
import { loadNodePackages, type LoadedNodes } from './node-packages/load.ts';
import { keyringFromEnv } from './secrets/keyring.ts';
import { connectClient, connectWorker } from './temporal/connection.ts';
import { bundleInterpreter, createWorker } from './worker.ts';

export interface RunningPlatform {
  readonly api: ApiServer;
  readonly db: Db;
  stop(): Promise<void>;
}

/** Worker and API in one process: the embedded default. In production run them separately and scale each. */
export async function startPlatform(
  config: RuntimeConfig,
  log: (line: string) => void,
  options: { readonly nodes?: LoadedNodes } = {},
): Promise<RunningPlatform> {
  if (!config.databaseUrl) throw new Error('DATABASE_URL is not set');
  // First: a broken node package stops start before anything runs (NodePackagesError says which and why).
  const nodes = options.nodes ?? (await loadNodePackages());
  const secretsKeyring = keyringFromEnv();
  const db = createPrisma(config.databaseUrl);
  const client = await connectClient(config.temporal);
  const connection = await connectWorker(config.temporal);
  const bundle = await bundleInterpreter(nodes.packages);
  const worker: Worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    db,
    bundle,
    nodes,
    ...(secretsKeyring ? { secretsKeyring } : {}),
  });
  const running = worker.run();
  const api = await startApiServer(
    { db, temporal: client, taskQueue: config.temporal.taskQueue, nodes: nodes.registry, ...(secretsKeyring ? { secretsKeyring } : {}) },
    { ...config.http, log },
  );
  return {
    api,
    db,
    async stop() {
      await api.close();
      // The SDK also reacts to SIGINT/SIGTERM on its own, so the worker may already be draining.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await client.connection.close();
      await db.$disconnect();
    },
  };
}
