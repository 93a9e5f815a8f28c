import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ensureTemporalBinaries } from '../../scripts/lib/temporal-bin.ts';
import { hashToken } from '../../apps/runtime/src/api/context.ts';
import { migrate } from '../../apps/runtime/src/db/migrate.ts';
import { createPrisma, type Db } from '../../apps/runtime/src/db/client.ts';
import { createTestDatabase as createEmptyDatabase } from '../../apps/runtime/src/db/test-database.ts';
import { bundleInterpreter } from '../../apps/runtime/src/worker.ts';

// Worker lifecycle INFO lines drown test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

/**
 * Real parts for cross-app tests: a fresh Postgres database per suite (migrated like production)
 * and a real Temporal server (dev server, or the time-skipping test server for long timers).
 */
export interface TestDatabase {
  readonly url: string;
  readonly db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database with a Prisma client; dropped by `drop()`. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(label);
  await migrate(empty.url);
  const db = createPrisma(empty.url);
  return {
    url: empty.url,
    db,
    async drop() {
      await db.$disconnect();
      await empty.drop();
    },
  };
}

export async function startLocalTemporal(): Promise<TestWorkflowEnvironment> {
  const { cli } = await ensureTemporalBinaries();
  return withStartupRetries(() => TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: cli } } }));
}

export async function startTimeSkippingTemporal(): Promise<TestWorkflowEnvironment> {
  const { testServer } = await ensureTemporalBinaries();
  return withStartupRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testServer } } }),
  );
}

/**
 * The SDK gives a starting server a fixed 5 s to accept connections. On 2 busy cores (test files
 * run in parallel, each starting its own server) that is sometimes too short; a second start works.
 */
async function withStartupRetries<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const slowStart = error instanceof Error && /did not start within/.test(error.message);
      if (!slowStart || attempt >= attempts) throw error;
    }
  }
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The interpreter bundle, built once per test process. */
export function interpreterBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleInterpreter();
  return bundle;
}

export type TestRole = 'admin' | 'process_owner' | 'staff' | 'manager' | 'auditor' | 'developer';

/** Creates a user with the given roles and returns their API token. */
export async function createUser(
  db: Db,
  roles: TestRole[],
  email = `${roles.join('-') || 'nobody'}-${randomBytes(3).toString('hex')}@test.local`,
) {
  const token = `tw_test_${randomBytes(16).toString('hex')}`;
  const user = await db.user.create({
    data: { email, displayName: email, roles, tokenHash: hashToken(token) },
    select: { id: true, email: true, roles: true },
  });
  return { ...user, token };
}
