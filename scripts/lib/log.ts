// Tiny progress logger shared by provision/start/test scripts.
// Output is deliberately plain (no colours, no spinners): it ends up in CI logs and piped terminals.

/** True when TRACKWAY_QUIET=1: progress lines are suppressed, failures are still printed. */
export function isQuiet(): boolean {
  return process.env.TRACKWAY_QUIET === '1';
}

/** Switch quiet mode on for this process and its children (used by `--quiet` flags). */
export function setQuiet(quiet: boolean): void {
  if (quiet) process.env.TRACKWAY_QUIET = '1';
  else delete process.env.TRACKWAY_QUIET;
}

export type Done = (detail?: string) => void;

/** Print `▸ label`; the returned function prints `✓ label (123 ms) detail`. */
export function step(label: string): Done {
  const started = performance.now();
  if (!isQuiet()) console.log(`▸ ${label}`);
  return (detail?: string) => {
    if (isQuiet()) return;
    const ms = Math.round(performance.now() - started);
    console.log(`✓ ${label} (${ms} ms)${detail ? ` ${detail}` : ''}`);
  };
}

/** An informational line, suppressed in quiet mode. */
export function info(message: string): void {
  if (!isQuiet()) console.log(`  ${message}`);
}

/**
 * A failure that should reach the user as one actionable line. Library code throws this instead of
 * exiting, so tests can catch it; CLIs turn it into `fail()`.
 */
export class ProvisionError extends Error {
  constructor(
    readonly tool: string,
    readonly why: string,
    readonly whatToDo: string,
    readonly details?: string,
  ) {
    super(`${tool}: ${why} — ${whatToDo}`);
    this.name = 'ProvisionError';
  }
}

/** Print ONE clear line `✗ <tool>: <why> — <what to do>` to stderr and exit 1. */
export function fail(tool: string, why: string, whatToDo: string): never {
  console.error(`✗ ${tool}: ${oneLine(why)} — ${oneLine(whatToDo)}`);
  process.exit(1);
}

/**
 * CLI entry helper: ProvisionErrors become `fail()` (with their captured details first, since a
 * one-liner alone rarely explains a broken install); anything else is a bug and keeps its stack.
 */
export function failFromError(error: unknown, fallbackTool = 'provision'): never {
  if (error instanceof ProvisionError) {
    if (error.details) console.error(error.details.trimEnd());
    fail(error.tool, error.why, error.whatToDo);
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(message);
  fail(fallbackTool, error instanceof Error ? error.message : String(error), 'see the error above');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
