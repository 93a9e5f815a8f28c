// Run a child process and capture its output. Install steps stay quiet on success and show the
// captured output only when something fails (that is when it is worth reading).
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number | null;
  /** stdout and stderr interleaved, in arrival order. */
  output: string;
  /** Set when the executable could not be started at all (e.g. ENOENT). */
  spawnError?: NodeJS.ErrnoException;
}

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this many ms (a hung install must not eat the CI budget). */
  timeoutMs?: number;
  /** Stream output to the terminal as well as capturing it. */
  echo?: boolean;
  /** Run as another OS user (only possible as root; Postgres refuses to run as root). */
  uid?: number;
  gid?: number;
}

export function exec(command: string, args: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: opts.timeoutMs,
      uid: opts.uid,
      gid: opts.gid,
    });
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output += text;
      if (opts.echo) process.stderr.write(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, output, spawnError: error }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Last `lines` lines of captured output, for error details. */
export function tail(output: string, lines = 20): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}
