import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { NodeActionError } from '@trackway/nodes/activity';
import { createActivities } from './activities/index.ts';
import type { Db } from './db/client.ts';
import { createNodeActivities } from './node-packages/activities.ts';
import type { LoadedNodes, LoadedPackage } from './node-packages/load.ts';
import { bundleWorkflowsWithPackages } from './node-packages/workflow-bundle.ts';
import { outboundHttpFromEnv } from './outbound-http.ts';
import { SecretKeyError, type Keyring } from './secrets/keyring.ts';
import { createSecretStore, type SecretStore } from './secrets/store.ts';

export const WORKFLOWS_PATH = fileURLToPath(new URL('./workflows/index.ts', import.meta.url));

/**
 * Bundling takes seconds: do it once per process (or test suite) and share the result. With node
 * packages, their workflow code is bundled in and installed into the interpreter's node registry.
 */
export async function bundleInterpreter(packages: readonly LoadedPackage[] = []): Promise<WorkflowBundleWithSourceMap> {
  if (packages.length > 0) return bundleWorkflowsWithPackages(packages);
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};

export interface WorkerDeps {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly db: Db;
  readonly bundle: WorkflowBundleWithSourceMap;
  /** Loaded node packages: their action activities are registered beside the platform's. */
  readonly nodes?: LoadedNodes;
  /** Decrypts the named secrets action nodes read (TRACKWAY_SECRETS_KEY). */
  readonly secretsKeyring?: Keyring;
}

/** A missing or wrong key is configuration, not bad luck: fail the step at once rather than retrying. */
async function readSecret(store: SecretStore, name: string): Promise<string | undefined> {
  try {
    return await store.get(name);
  } catch (error) {
    if (error instanceof SecretKeyError) throw new NodeActionError(error.message, 'SecretUnreadable', false);
    throw error;
  }
}

export function createWorker(deps: WorkerDeps): Promise<Worker> {
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    workflowBundle: deps.bundle,
    activities: {
      ...createActivities({ db: deps.db }),
      ...createNodeActivities(deps.nodes?.implementations ?? [], {
        http: outboundHttpFromEnv(),
        secret: (name) => readSecret(createSecretStore(deps.db, deps.secretsKeyring), name),
      }),
    },
  });
}
