/**
 * A worker in its own process, so a test can kill it with SIGKILL like a crashed machine.
 * Env: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TASK_QUEUE, DATABASE_URL.
 */
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { createPrisma } from '../../apps/runtime/src/db/client.ts';
import { bundleInterpreter, createWorker } from '../../apps/runtime/src/worker.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const connection = await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') });
const db = createPrisma(need('DATABASE_URL'));
const worker = await createWorker({
  connection,
  namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  taskQueue: need('TASK_QUEUE'),
  db,
  bundle: await bundleInterpreter(),
});
process.stdout.write('worker ready\n');
await worker.run();
