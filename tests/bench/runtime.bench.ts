// npm run bench:runtime [-- --runs 200 --warmup 20 --concurrency 20 --rounds 4 --compile-iterations 20]
//
// The interpreter against a hand-written Temporal workflow doing the same 10 steps, on the same
// dev server, worker and database in the same run, then validate+compile time of a 1,000-node flow.
// Targets are ratios to the in-run baseline and are printed (PASS/MISS), never asserted: the exit
// code is non-zero only when the bench itself fails.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { measureCompile } from './compile-bench.ts';
import { checkEquivalence } from './equivalence.ts';
import { measureRuns, warmUp, type KindResult, type RunOptions } from './measure-runs.ts';
import { startPlatform, stopPlatform } from './platform.ts';
import { compileReport, runtimeReport } from './report.ts';

interface Options extends RunOptions {
  readonly compileIterations: number;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return value;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      warmup: { type: 'string' },
      concurrency: { type: 'string' },
      rounds: { type: 'string' },
      'compile-iterations': { type: 'string' },
    },
  });
  return {
    runs: positiveInt('runs', values.runs, 200),
    warmup: positiveInt('warmup', values.warmup, 20),
    concurrency: positiveInt('concurrency', values.concurrency, 20),
    rounds: positiveInt('rounds', values.rounds, 4),
    historySamples: 20,
    compileIterations: positiveInt('compile-iterations', values['compile-iterations'], 20),
  };
}

/** Progress goes to stderr so stdout holds only the report. */
const progress = (line: string) => console.error(`  ${line}`);

async function benchRuntime(options: Options): Promise<[KindResult, KindResult]> {
  progress('starting Temporal dev server, Postgres database and worker');
  const platform = await startPlatform();
  try {
    return await platform.worker.runUntil(async () => {
      await checkEquivalence(platform);
      progress('both workflows produce the same result, outbox rows and Run row; warming up');
      await warmUp(platform, options);
      const [interpreter, handwritten] = await measureRuns(platform, options, progress);
      if (!interpreter || !handwritten) throw new Error('missing results');
      return [interpreter, handwritten] as [KindResult, KindResult];
    });
  } finally {
    await stopPlatform(platform);
  }
}

function benchCompile(options: Options): string {
  progress('timing validate + compile');
  const warmup = 5;
  const [baseline, large] = measureCompile([100, 1000], options.compileIterations, warmup);
  if (!baseline || !large) throw new Error('missing compile timings');
  return compileReport(baseline, large, options.compileIterations, warmup);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // No Runtime.install here: tests/support/platform.ts installs the WARN logger when imported
  // (a second install throws), which keeps the worker's info lines out of the report.
  const [interpreter, handwritten] = await benchRuntime(options);
  const runtime = runtimeReport({ ...options, cpus: os.availableParallelism() }, interpreter, handwritten);
  // After Temporal is gone, so the server's background work does not skew a CPU-bound measurement.
  const compile = benchCompile(options);
  console.log(`\n${runtime}\n\n${compile}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench:runtime failed:', error);
    process.exit(1);
  },
);
