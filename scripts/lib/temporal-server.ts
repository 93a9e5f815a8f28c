import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { ProvisionError } from './log.ts';

export interface DevServer {
  readonly address: string;
  readonly uiUrl: string;
  stop(): Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `temporal server start-dev` with its state in a SQLite file, so runs survive a restart
 * of the platform. Reuses a server already listening on the port (e.g. a previous start).
 */
export async function startDevServer(opts: {
  cli: string;
  dbFile: string;
  port: number;
  uiPort: number;
  logFile: string;
}): Promise<DevServer> {
  const address = `127.0.0.1:${opts.port}`;
  const uiUrl = `http://127.0.0.1:${opts.uiPort}`;
  if (await portOpen(opts.port)) return { address, uiUrl, stop: async () => undefined };

  mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  const log = openSync(opts.logFile, 'a');
  const child: ChildProcess = spawn(
    opts.cli,
    [
      'server',
      'start-dev',
      '--db-filename',
      opts.dbFile,
      '--ip',
      '127.0.0.1',
      '--port',
      String(opts.port),
      '--ui-port',
      String(opts.uiPort),
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', log, log] },
  );
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  while (!(await portOpen(opts.port))) {
    if (exited !== null) throw new ProvisionError('temporal', `dev server exited with code ${exited}`, `see ${opts.logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new ProvisionError('temporal', `dev server did not listen on ${address} within 60 s`, `see ${opts.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    address,
    uiUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
