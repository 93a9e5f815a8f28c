import { performance } from 'node:perf_hooks';
import { builtinRegistry } from '@trackway/nodes';
import { compileFlow, compileFlowOrThrow, hasErrors, validateFlow, type FlowDefinitionInput } from '@trackway/schema';
import { generateFlow } from './generate-flow.ts';
import { percentile } from './stats.ts';

export interface CompileTiming {
  readonly size: number;
  /** Fresh expression sources every iteration: nothing comes from the expression cache. */
  readonly coldMedianMs: number;
  readonly coldP95Ms: number;
  /** The same definition again and again, as when a flow is re-validated unchanged. */
  readonly repeatMedianMs: number;
  /** compileFlow alone, fresh sources: what publishing runs; it analyses the flow once, not twice. */
  readonly compileOnlyMedianMs: number;
}

// Each generated flow gets its own salt range, so no two iterations share an expression source.
let nextSalt = 1_000_000;
function freshFlow(size: number): FlowDefinitionInput {
  nextSalt += 100_000;
  return generateFlow(size, nextSalt);
}

/** What the API does on publish: validate (diagnostics for the canvas), then compile. */
function validateAndCompile(def: FlowDefinitionInput): number {
  const started = performance.now();
  const diagnostics = validateFlow(def, builtinRegistry);
  const plan = compileFlowOrThrow(def, builtinRegistry);
  const elapsed = performance.now() - started;
  if (hasErrors(diagnostics)) throw new Error(`generated flow is invalid: ${diagnostics[0]?.message}`);
  if (Object.keys(plan.nodes).length !== def.nodes.length) throw new Error('plan lost nodes');
  return elapsed;
}

function compileOnly(def: FlowDefinitionInput): number {
  const started = performance.now();
  const result = compileFlow(def, builtinRegistry);
  const elapsed = performance.now() - started;
  if (!result.ok) throw new Error('generated flow is invalid');
  return elapsed;
}

function timeEach(defs: readonly FlowDefinitionInput[], measure = validateAndCompile): number[] {
  return defs.map((def) => measure(def));
}

const freshFlows = (size: number, count: number) => Array.from({ length: count }, () => freshFlow(size));

/** Every size is warmed before any is timed, so the first size measured does not pay for the JIT. */
export function measureCompile(sizes: readonly number[], iterations: number, warmup: number): CompileTiming[] {
  for (const size of sizes) timeEach(freshFlows(size, warmup));
  return sizes.map((size) => measureSize(size, iterations, warmup));
}

function measureSize(size: number, iterations: number, warmup: number): CompileTiming {
  // Generated up front so building the definitions never lands inside a timed call.
  const cold = timeEach(freshFlows(size, iterations));
  const same = freshFlow(size);
  const repeat = timeEach(Array.from({ length: warmup + iterations }, () => same)).slice(warmup);
  return {
    size,
    coldMedianMs: percentile(cold, 50),
    coldP95Ms: percentile(cold, 95),
    repeatMedianMs: percentile(repeat, 50),
    compileOnlyMedianMs: percentile(timeEach(freshFlows(size, iterations), compileOnly), 50),
  };
}
