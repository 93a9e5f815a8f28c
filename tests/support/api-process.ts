/**
 * The API server in its own process, so a test can measure that process's memory (or cap its heap)
 * apart from the test's own. Env: DATABASE_URL. No Temporal connection: only routes that read
 * Postgres alone (the audit export, document downloads) work against it.
 */
import { startApiServer } from '../../apps/runtime/src/api/server.ts';
import { createPrisma } from '../../apps/runtime/src/db/client.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL is not set');
const api = await startApiServer(
  { db: createPrisma(url), temporal: undefined as never, taskQueue: 'none' },
  { host: '127.0.0.1', port: 0 },
);
process.stdout.write(`api ready ${api.url}\n`);
