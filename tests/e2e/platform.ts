/**
 * The real platform for the browser journey, in its own process: a fresh Postgres database,
 * a Temporal dev server, the interpreter worker, and the API serving the built builder app.
 * Prints `TRACKWAY_E2E_READY {"url","token","email","password","adminEmail","adminPassword"}` when ready; SIGTERM stops everything and drops the
 * database. Started by global-setup.ts; run it by hand to poke at a throwaway platform.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../apps/runtime/src/activities/index.ts';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { hashPassword } from '../../apps/runtime/src/auth/password.ts';
import { ensureBuilderBuilt } from '../../scripts/lib/builder.ts';
import { seedInboxFixtures } from './inbox-fixtures.ts';
import { createTestDatabase, createUser, interpreterBundle, startLocalTemporal, type TestDatabase } from '../support/platform.ts';

const taskQueue = 'e2e-designer';
/** Prefix of the line that says the platform is up (the Temporal server writes to stdout too). */
const READY = 'TRACKWAY_E2E_READY';
let env: TestWorkflowEnvironment | undefined;
let database: TestDatabase | undefined;
let api: ApiServer | undefined;
let worker: Worker | undefined;
let running: Promise<void> | undefined;

async function stop(code: number): Promise<never> {
  await api?.close().catch(() => undefined);
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await env?.teardown().catch(() => undefined);
  await database?.drop().catch(() => undefined);
  process.exit(code);
}

process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

try {
  const [{ dir }, temporal, db, bundle] = await Promise.all([
    ensureBuilderBuilt(),
    startLocalTemporal(),
    createTestDatabase('e2e'),
    interpreterBundle(),
  ]);
  env = temporal;
  database = db;
  worker = await Worker.create({
    connection: temporal.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: createActivities({ db: db.db }),
  });
  running = worker.run();
  api = await startApiServer(
    { db: db.db, temporal: temporal.client, taskQueue },
    { host: '127.0.0.1', port: Number(process.env.PORT ?? 0), staticDir: dir },
  );
  const owner = await createUser(db.db, ['process_owner'], `owner-${Date.now()}@e2e.local`);
  // Browser journeys sign in with e-mail and password; the token stays for API calls and the token path.
  const password = 'e2e owner password';
  await db.db.user.update({ where: { id: owner.id }, data: { passwordHash: await hashPassword(password) } });
  const admin = await createUser(db.db, ['admin'], `admin-${Date.now()}@e2e.local`);
  const adminPassword = 'e2e admin password';
  await db.db.user.update({ where: { id: admin.id }, data: { passwordHash: await hashPassword(adminPassword) } });
  // People and groups of the inbox journey (inbox.spec.ts).
  const inbox = await seedInboxFixtures(db.db);
  const ready = { url: api.url, token: owner.token, email: owner.email, password, adminEmail: admin.email, adminPassword, inbox };
  process.stdout.write(`${READY} ${JSON.stringify(ready)}\n`);
} catch (error) {
  console.error(error);
  await stop(1);
}
