// Cross-process mutex based on mkdir (atomic on every filesystem we care about). Needed because
// parallel test workers and `start` may all try to initialise Postgres or the Temporal venv at once.
import fs from 'node:fs/promises';
import path from 'node:path';

const POLL_MS = 100;

export async function withFileLock<T>(lockDir: string, fn: () => Promise<T>, opts: { timeoutMs?: number } = {}): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  await fs.mkdir(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      await fs.mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A holder that died (kill -9, crash) would block everyone forever: steal its lock.
      if (await holderIsGone(lockDir)) {
        await fs.rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for lock ${lockDir}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  await fs.writeFile(path.join(lockDir, 'pid'), String(process.pid));
  try {
    return await fn();
  } finally {
    await fs.rm(lockDir, { recursive: true, force: true });
  }
}

async function holderIsGone(lockDir: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number.parseInt(await fs.readFile(path.join(lockDir, 'pid'), 'utf8'), 10);
  } catch {
    // No pid file yet: either the holder is between mkdir and writeFile, or it died right there.
    // Only treat it as stale when the directory is old.
    const stat = await fs.stat(lockDir).catch(() => undefined);
    return stat !== undefined && Date.now() - stat.mtimeMs > 10_000;
  }
  return !processAlive(pid);
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (e.g. the postgres OS user).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
