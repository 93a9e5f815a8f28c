import { performance } from 'node:perf_hooks';
import { builtinRegistry } from '@trackway/nodes';
import { compileFlow, compileFlowOrThrow, hasErrors, validateFlow, type FlowDefinitionInput } from '@trackway/schema';
import { generateFlow } from './generate-flow.ts';
import { percentile } from './stats.ts';

export interface CompileTiming {
  readonly size: number;
  /**
   * compileFlow with fresh expression sources every iteration (nothing from the expression cache):
   * what publishing runs. It validates too: its diagnostics are validateFlow's.
   */
  readonly coldMedianMs: number;
  readonly coldP95Ms: number;
  /** compileFlow on the same definition again and again, as when a flow is re-checked unchanged. */
  readonly repeatMedianMs: number;
  /** validateFlow then compileFlowOrThrow, fresh sources: two analyses of the flow, for comparison. */
  readonly validateThenCompileMedianMs: number;
}

// Each generated flow gets its own salt range, so no two iterations share an expression source.
let nextSalt = 1_000_000;
function freshFlow(size: number): FlowDefinitionInput {
  nextSalt += 100_000;
  return generateFlow(size, nextSalt);
}

/** Two analyses: a caller that shows diagnostics first and compiles afterwards. */
function validateThenCompile(def: FlowDefinitionInput): number {
  const started = performance.now();
  const diagnostics = validateFlow(def, builtinRegistry);
  const plan = compileFlowOrThrow(def, builtinRegistry);
  const elapsed = performance.now() - started;
  if (hasErrors(diagnostics)) throw new Error(`generated flow is invalid: ${diagnostics[0]?.message}`);
  if (Object.keys(plan.nodes).length !== def.nodes.length) throw new Error('plan lost nodes');
  return elapsed;
}

/** What the API does on publish: one analysis, diagnostics and plan from the same call. */
function compileOnly(def: FlowDefinitionInput): number {
  const started = performance.now();
  const result = compileFlow(def, builtinRegistry);
  const elapsed = performance.now() - started;
  if (!result.ok) throw new Error('generated flow is invalid');
  return elapsed;
}

function timeEach(defs: readonly FlowDefinitionInput[], measure: (def: FlowDefinitionInput) => number): number[] {
  return defs.map((def) => measure(def));
}

const freshFlows = (size: number, count: number) => Array.from({ length: count }, () => freshFlow(size));

/** Every size is warmed before any is timed, so the first size measured does not pay for the JIT. */
export function measureCompile(sizes: readonly number[], iterations: number, warmup: number): CompileTiming[] {
  for (const size of sizes) {
    timeEach(freshFlows(size, warmup), compileOnly);
    timeEach(freshFlows(size, warmup), validateThenCompile);
  }
  return sizes.map((size) => measureSize(size, iterations, warmup));
}

function measureSize(size: number, iterations: number, warmup: number): CompileTiming {
  // Generated up front so building the definitions never lands inside a timed call.
  const cold = timeEach(freshFlows(size, iterations), compileOnly);
  const same = freshFlow(size);
  const repeat = timeEach(
    Array.from({ length: warmup + iterations }, () => same),
    compileOnly,
  ).slice(warmup);
  return {
    size,
    coldMedianMs: percentile(cold, 50),
    coldP95Ms: percentile(cold, 95),
    repeatMedianMs: percentile(repeat, 50),
    validateThenCompileMedianMs: percentile(timeEach(freshFlows(size, iterations), validateThenCompile), 50),
  };
}
