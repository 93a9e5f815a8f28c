import { performance } from 'node:perf_hooks';
import { EXECUTED_NODES } from './bench-flow.ts';
import { executeRun, historyLength, KINDS, prepareRuns, type BenchPlatform, type Kind } from './platform.ts';
import { mean, percentile, runBounded, spread } from './stats.ts';

export interface RunOptions {
  readonly runs: number;
  readonly warmup: number;
  readonly concurrency: number;
  readonly rounds: number;
  /** Histories fetched per kind (spread over all rounds). */
  readonly historySamples: number;
}

interface Batch {
  readonly latenciesMs: number[];
  readonly wallMs: number;
  readonly workflowIds: string[];
}

export interface KindResult {
  readonly kind: Kind;
  readonly runs: number;
  readonly runsPerSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Mean history length of the sampled runs, and its range (it should not vary). */
  readonly historyEvents: { readonly mean: number; readonly min: number; readonly max: number };
  readonly eventsPerNode: number;
  /** Throughput of each round, to show how noisy the machine was. */
  readonly roundRunsPerSecond: number[];
}

async function runBatch(p: BenchPlatform, kind: Kind, count: number, concurrency: number): Promise<Batch> {
  const runs = await prepareRuns(p, kind, count);
  const started = performance.now();
  const latenciesMs = await runBounded(count, concurrency, async (i) => {
    const t0 = performance.now();
    await executeRun(p, kind, runs[i] as (typeof runs)[number]);
    return performance.now() - t0;
  });
  return { latenciesMs, wallMs: performance.now() - started, workflowIds: runs.map((r) => r.workflowId) };
}

/** Splits `total` into `parts` batch sizes that differ by at most one. */
function batchSizes(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0)).filter((n) => n > 0);
}

/** A/B then B/A, round after round, so drift (caches, GC, a busy neighbour) hits both kinds alike. */
function roundOrder(round: number): readonly Kind[] {
  return round % 2 === 0 ? KINDS : [...KINDS].reverse();
}

export async function warmUp(p: BenchPlatform, options: RunOptions): Promise<void> {
  for (const kind of KINDS) await runBatch(p, kind, options.warmup, options.concurrency);
}

export async function measureRuns(p: BenchPlatform, options: RunOptions, progress: (line: string) => void): Promise<KindResult[]> {
  const batches = new Map<Kind, Batch[]>(KINDS.map((k) => [k, []]));
  const sizes = batchSizes(options.runs, options.rounds);
  for (const [round, size] of sizes.entries()) {
    for (const kind of roundOrder(round)) {
      const batch = await runBatch(p, kind, size, options.concurrency);
      batches.get(kind)?.push(batch);
      progress(
        `round ${round + 1}/${sizes.length} ${kind.padEnd(12)} ${size} runs  ${rate(size, batch.wallMs).toFixed(1)} runs/s  p50 ${percentile(batch.latenciesMs, 50).toFixed(1)} ms`,
      );
    }
  }
  return Promise.all(KINDS.map((kind) => summarize(p, kind, batches.get(kind) ?? [], options.historySamples)));
}

const rate = (runs: number, wallMs: number) => runs / (wallMs / 1000);

async function summarize(p: BenchPlatform, kind: Kind, batches: readonly Batch[], samples: number): Promise<KindResult> {
  const latencies = batches.flatMap((b) => b.latenciesMs);
  const wallMs = batches.reduce((sum, b) => sum + b.wallMs, 0);
  const ids = batches.flatMap((b) => b.workflowIds);
  const lengths = await Promise.all(spread(ids.length, samples).map((i) => historyLength(p, ids[i] as string)));
  const meanEvents = mean(lengths);
  return {
    kind,
    runs: latencies.length,
    runsPerSecond: rate(latencies.length, wallMs),
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    historyEvents: { mean: meanEvents, min: Math.min(...lengths), max: Math.max(...lengths) },
    // The hand-written workflow does the same 10 steps, so both divide by the same count.
    eventsPerNode: meanEvents / EXECUTED_NODES,
    roundRunsPerSecond: batches.map((b) => rate(b.latenciesMs.length, b.wallMs)),
  };
}
