// Offline migration runner. `prisma migrate deploy` needs Prisma's native schema engine, which is
// downloaded on first use and so fails on offline machines. This applies the same folders
// (prisma/migrations/<timestamp>_<name>/migration.sql) and records them in `_prisma_migrations`
// exactly as Prisma does, so `prisma migrate deploy` (online) later sees them as applied.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/** <repo>/prisma/migrations, from this file's location (apps/runtime/src/db). */
export const defaultMigrationsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../prisma/migrations');

/**
 * The lock key Prisma's schema engine uses (pg_advisory_lock(72707369)), so this runner and
 * `prisma migrate deploy` also exclude each other, not just two copies of this runner.
 */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** Prisma's own DDL for the bookkeeping table (schema engine, postgres flavour). */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateOptions {
  log?: (msg: string) => void;
  /** Folder holding <timestamp>_<name>/migration.sql; defaults to the repo's prisma/migrations. */
  migrationsDir?: string;
}

export interface LocalMigration {
  name: string;
  file: string;
  script: string;
  checksum: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function migrate(databaseUrl: string, opts: MigrateOptions = {}): Promise<{ applied: string[] }> {
  const log = opts.log ?? (() => {});
  const local = readMigrations(opts.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Session-level lock: held across the per-migration transactions below, released on unlock/disconnect.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      return await applyPending(client, local, log);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(client: pg.Client, local: LocalMigration[], log: (msg: string) => void): Promise<{ applied: string[] }> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
  );
  // Rolled-back attempts don't count (that is what `prisma migrate resolve --rolled-back` records).
  const live = rows.filter((r) => r.rolled_back_at === null);

  const failed = live.filter((r) => r.finished_at === null);
  if (failed.length > 0) {
    throw new MigrationError(
      `migration ${failed.map((r) => r.migration_name).join(', ')} started but never finished (a failed \`prisma migrate deploy\`?). ` +
        'Fix the database, then mark it with `prisma migrate resolve --applied|--rolled-back <name>`.',
    );
  }

  const applied = new Map(live.map((r) => [r.migration_name, r]));
  for (const m of local) {
    const row = applied.get(m.name);
    if (row && !checksumMatches(m.script, row.checksum)) {
      throw new MigrationError(
        `migration ${m.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ` +
          `${m.checksum.slice(0, 12)}… on disk). Applied migrations are immutable: restore ${m.file} and add a new migration instead.`,
      );
    }
  }
  const localNames = new Set(local.map((m) => m.name));
  for (const name of applied.keys()) {
    // A newer checkout migrated this database; older code can usually still run, so only warn.
    if (!localNames.has(name)) log(`warning: database has migration ${name}, which is not in the migrations folder`);
  }

  const done: string[] = [];
  for (const m of local) {
    if (applied.has(m.name)) continue;
    const started = performance.now();
    await applyOne(client, m);
    done.push(m.name);
    log(`applied ${m.name} (${Math.round(performance.now() - started)} ms)`);
  }
  return { applied: done };
}

/**
 * One transaction per migration: its script, and its `_prisma_migrations` row written the way
 * Prisma writes it (started_at, then finished_at + applied_steps_count = 1 when done). Postgres DDL
 * is transactional, so a failing script leaves no trace and can simply be fixed and re-run.
 */
async function applyOne(client: pg.Client, m: LocalMigration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, m.checksum, m.name],
    );
    // No parameters → simple query protocol, which allows many statements (and $$ bodies) at once.
    await client.query(m.script);
    await client.query(
      'UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = applied_steps_count + 1 WHERE id = $1',
      [id],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new MigrationError(`migration ${m.name} failed and was rolled back: ${describePgError(error, m.script)}`, {
      cause: error,
    });
  }
}

/** Migrations on disk, ordered by folder name (the timestamp prefix), as Prisma orders them. */
export function readMigrations(dir: string): LocalMigration[] {
  if (!fs.existsSync(dir)) throw new MigrationError(`migrations folder ${dir} does not exist`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, 'migration.sql');
      const script = fs.readFileSync(file, 'utf8');
      return { name, file, script, checksum: sha256(script) };
    });
}

/** Prisma's checksum: sha256 (hex) of the migration.sql file contents. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Like Prisma, tolerate a CRLF↔LF conversion by git (the SQL is the same, only line endings differ). */
function checksumMatches(script: string, stored: string): boolean {
  const lf = script.replace(/\r\n/g, '\n');
  return [script, lf, lf.replace(/\n/g, '\r\n')].some((s) => sha256(s) === stored);
}

/** pg reports a character offset; turn it into a line number in the migration file. */
function describePgError(error: unknown, script: string): string {
  if (!(error instanceof Error)) return String(error);
  const position = 'position' in error ? Number(error.position) : NaN;
  if (!Number.isFinite(position) || position <= 0) return error.message;
  const line = script.slice(0, position - 1).split('\n').length;
  return `${error.message} (migration.sql line ${line})`;
}
