import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_TIMEOUT_MS = 240_000;
/** Kept in sync with platform.ts (not imported: importing it would start a platform). */
const READY = 'TRACKWAY_E2E_READY';

interface Ready {
  url: string;
  token: string;
  email: string;
  password: string;
  adminEmail: string;
  adminPassword: string;
  inbox?: unknown;
}

/**
 * Starts the real platform (tests/e2e/platform.ts) for the browser tests and hands its URL, a
 * process owner's token, e-mail and password, and an admin's e-mail and password to them through
 * the environment. With TRACKWAY_E2E_URL and TRACKWAY_E2E_TOKEN already set, uses that platform
 * instead (then set TRACKWAY_E2E_EMAIL / _PASSWORD / _ADMIN_EMAIL / _ADMIN_PASSWORD as well).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.TRACKWAY_E2E_URL && process.env.TRACKWAY_E2E_TOKEN) return async () => {};
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(root, 'tests', 'e2e', 'platform.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TRACKWAY_QUIET: process.env.TRACKWAY_QUIET ?? '1' },
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the e2e platform did not start within ${READY_TIMEOUT_MS / 1000} s\n${log}`)),
      READY_TIMEOUT_MS,
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith(`${READY} `));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(READY.length + 1)) as Ready);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the e2e platform exited (${code}) before it was ready\n${log}`));
    });
  });
  process.env.TRACKWAY_E2E_URL = ready.url;
  process.env.TRACKWAY_E2E_TOKEN = ready.token;
  // The process owner's and an admin's e-mail and password, for the journeys that sign in as a person.
  process.env.TRACKWAY_E2E_EMAIL = ready.email;
  process.env.TRACKWAY_E2E_PASSWORD = ready.password;
  process.env.TRACKWAY_E2E_ADMIN_EMAIL = ready.adminEmail;
  process.env.TRACKWAY_E2E_ADMIN_PASSWORD = ready.adminPassword;
  // Staff, another group's staff and a manager for the inbox journey (inbox-fixtures.ts).
  if (ready.inbox) process.env.TRACKWAY_E2E_INBOX = JSON.stringify(ready.inbox);
  return () => stopChild(child);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
