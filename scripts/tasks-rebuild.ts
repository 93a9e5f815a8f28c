/**
 * `npm run tasks:rebuild`: rebuilds the task table (the inbox) from the running workflows' state.
 * Run it against a running platform (it needs Temporal and a worker to answer the `runState`
 * queries): the database is DATABASE_URL or the embedded one under .data/pg, Temporal is
 * TEMPORAL_ADDRESS (+ TLS / API key settings) or the local dev server on 127.0.0.1:7233.
 *
 *   npm run tasks:rebuild [-- --workflow <workflow id> ...] [--verbose]
 *
 * Exits 1 when any workflow or task could not be rebuilt (each problem is printed).
 */
import { loadConfig } from '../apps/runtime/src/config.ts';
import { createPrisma } from '../apps/runtime/src/db/client.ts';
import { rebuildTaskTable } from '../apps/runtime/src/tasks/rebuild.ts';
import { connectClient } from '../apps/runtime/src/temporal/connection.ts';
import { failFromError, info, step } from './lib/log.ts';
import { ensurePostgres } from './lib/postgres.ts';

async function main() {
  const args = process.argv.slice(2);
  const workflowIds = args.flatMap((a, i) => (a === '--workflow' && args[i + 1] ? [args[i + 1] as string] : []));
  const verbose = args.includes('--verbose');
  const pg = await ensurePostgres();
  const config = loadConfig({ ...process.env, DATABASE_URL: pg.url });
  const db = createPrisma(pg.url);
  const temporal = await connectClient(config.temporal);
  try {
    const done = step(`Rebuilding the task table from the workflows at ${config.temporal.address}`);
    const report = await rebuildTaskTable({
      db,
      temporal,
      ...(workflowIds.length > 0 ? { workflowIds } : {}),
      ...(verbose ? { log: (line: string) => info(line) } : {}),
    });
    done(
      `${report.workflows} workflows, ${report.tasks} tasks: ${report.inserted} inserted, ${report.updated} corrected, ` +
        `${report.unchanged} unchanged, ${report.closedStale} stale closed`,
    );
    for (const problem of report.problems) console.error(`  problem: ${problem}`);
    process.exitCode = report.problems.length > 0 ? 1 : 0;
  } finally {
    await temporal.connection.close();
    await db.$disconnect();
    await pg.stop();
  }
}

main().catch((error: unknown) => failFromError(error, 'tasks:rebuild'));
