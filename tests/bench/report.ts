import type { CompileTiming } from './compile-bench.ts';
import type { KindResult } from './measure-runs.ts';

/** Targets from the issue; all relative to the baseline measured in the same run except compile time. */
export const TARGETS = {
  minThroughputRatio: 0.8,
  maxP50Ratio: 1.15,
  maxEventsPerNodeRatio: 1.1,
  maxCompileMs: 50,
} as const;

type Row = readonly string[];

function table(rows: readonly Row[]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ratio = (value: number) => `${fixed(value, 2)}x`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

export interface RuntimeHeader {
  readonly runs: number;
  readonly warmup: number;
  readonly concurrency: number;
  readonly rounds: number;
  readonly cpus: number;
}

export function runtimeReport(header: RuntimeHeader, interpreter: KindResult, handwritten: KindResult): string {
  const throughput = interpreter.runsPerSecond / handwritten.runsPerSecond;
  const p50 = interpreter.p50Ms / handwritten.p50Ms;
  const events = interpreter.eventsPerNode / handwritten.eventsPerNode;
  const rows: Row[] = [
    ['', 'interpreter', 'hand-written', 'ratio I/H', 'target', ''],
    [
      'throughput (runs/s)',
      fixed(interpreter.runsPerSecond, 1),
      fixed(handwritten.runsPerSecond, 1),
      ratio(throughput),
      `>= ${TARGETS.minThroughputRatio.toFixed(2)}x`,
      verdict(throughput >= TARGETS.minThroughputRatio),
    ],
    [
      'latency p50 (ms)',
      fixed(interpreter.p50Ms, 1),
      fixed(handwritten.p50Ms, 1),
      ratio(p50),
      `<= ${TARGETS.maxP50Ratio.toFixed(2)}x`,
      verdict(p50 <= TARGETS.maxP50Ratio),
    ],
    ['latency p95 (ms)', fixed(interpreter.p95Ms, 1), fixed(handwritten.p95Ms, 1), ratio(interpreter.p95Ms / handwritten.p95Ms), '', ''],
    [
      'history events / run',
      eventRange(interpreter),
      eventRange(handwritten),
      ratio(interpreter.historyEvents.mean / handwritten.historyEvents.mean),
      '',
      '',
    ],
    [
      'history events / node',
      fixed(interpreter.eventsPerNode, 2),
      fixed(handwritten.eventsPerNode, 2),
      ratio(events),
      `<= ${TARGETS.maxEventsPerNodeRatio.toFixed(2)}x`,
      verdict(events <= TARGETS.maxEventsPerNodeRatio),
    ],
  ];
  return [
    `Runtime: 10-step flow (10 executed nodes: 3 x notify.send + recordRunEnd), interpreter vs hand-written workflow`,
    `${header.runs} runs per kind in ${header.rounds} alternating rounds, ${header.concurrency} in flight, after ${header.warmup} warm-up runs each; ${header.cpus} CPUs, Node ${process.version}`,
    '',
    table(rows),
    '',
    `per-round throughput (runs/s): interpreter ${rounds(interpreter)} | hand-written ${rounds(handwritten)}`,
    `note: one bundle serves both kinds, so hand-written runs also pay the per-execution module setup of the interpreter's imports`,
    `${verdict(throughput >= TARGETS.minThroughputRatio)}  interpreter throughput ${ratio(throughput)} of hand-written (target >= ${TARGETS.minThroughputRatio}x)`,
    `${verdict(p50 <= TARGETS.maxP50Ratio)}  interpreter p50 latency ${ratio(p50)} of hand-written (target <= ${TARGETS.maxP50Ratio}x)`,
    `${verdict(events <= TARGETS.maxEventsPerNodeRatio)}  interpreter history events per node ${ratio(events)} of hand-written (target <= ${TARGETS.maxEventsPerNodeRatio}x)`,
  ].join('\n');
}

function eventRange(r: KindResult): string {
  const { mean, min, max } = r.historyEvents;
  return min === max ? fixed(mean, 1) : `${fixed(mean, 1)} (${min}-${max})`;
}

const rounds = (r: KindResult) => r.roundRunsPerSecond.map((v) => fixed(v, 1)).join(' ');

export function compileReport(baseline: CompileTiming, large: CompileTiming, iterations: number, warmup: number): string {
  const rows: Row[] = [
    ['flow size', 'median (ms)', 'p95 (ms)', 'same def again, median (ms)', 'validateFlow + compileFlowOrThrow, median (ms)'],
    ...[baseline, large].map((t) => [
      `${t.size} nodes`,
      fixed(t.coldMedianMs, 2),
      fixed(t.coldP95Ms, 2),
      fixed(t.repeatMedianMs, 2),
      fixed(t.validateThenCompileMedianMs, 2),
    ]),
  ];
  const scale = large.coldMedianMs / baseline.coldMedianMs;
  const ok = large.coldMedianMs < TARGETS.maxCompileMs;
  return [
    `validate + compile = compileFlow (one analysis: its diagnostics are validateFlow's, then the plan), as publishing runs it, on generated set/condition/delay flows (${iterations} iterations after ${warmup} warm-up; fresh expression sources each iteration except "same def again")`,
    '',
    table(rows),
    '',
    `${large.size}/${baseline.size} nodes time ratio: ${ratio(scale)} (linear scaling = ${ratio(large.size / baseline.size)})`,
    `${verdict(ok)}  ${large.size}-node validate+compile (compileFlow) median ${fixed(large.coldMedianMs, 2)} ms (target < ${TARGETS.maxCompileMs} ms)`,
  ].join('\n');
}
