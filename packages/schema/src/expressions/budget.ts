import type { ReadCost, RuntimeHints } from './analyze.ts';
import { isCallable, isPlainRecord, stringWeight, type Measure, type MeasureMemo } from './data.ts';
import { ExpressionError } from './errors.ts';
import { DEFAULT_LIMITS, MAX_DATA_DEPTH, MAX_VALUE_WEIGHT } from './policy.ts';

export type Limits = { maxSteps: number; maxDepth: number; maxResultBytes: number };

const LEAF: Measure = { weight: 1, depth: 0 };

function limit(message: string): ExpressionError {
  return new ExpressionError('EXPR_LIMIT', message);
}

/**
 * Work accounting for one evaluation. Everything is counted, never timed, so an evaluation that
 * hits a limit hits it at the same point on every Temporal replay.
 *
 * - steps: one per node JSONata evaluates, plus the size of every array/object/string a node
 *   produces that did not exist before (so `[1..100000]` or building a long string costs its
 *   size, not one step);
 * - reads: a node whose whole result is consumed (compared, stringified, passed to a builtin)
 *   costs that result's weight, so repeating an O(n) operation n times costs n², not n;
 * - groups: JSONata grows each group's array by copying it, so the n-th member of a group costs n;
 * - depth: nested calls of the author's own functions (see `enterNode`);
 * - weight: no single value may exceed MAX_VALUE_WEIGHT, which stops structure-sharing blowups.
 */
export class EvaluationBudget {
  readonly memo: MeasureMemo = new WeakMap();
  private steps = 0;
  private callDepth = 0;
  private readonly groupSizes = new Map<object, Map<string, number>>();

  constructor(
    readonly limits: Limits,
    readonly nowMs: number,
  ) {}

  /**
   * Intermediate strings are capped like results (at least at the default result size, so a
   * caller asking for tiny results can still search long texts).
   */
  get maxStringLength(): number {
    return Math.max(this.limits.maxResultBytes, DEFAULT_LIMITS.maxResultBytes);
  }

  spend(units: number): void {
    this.steps += units;
    if (this.steps > this.limits.maxSteps) {
      throw limit(`Expression needs more than ${this.limits.maxSteps} evaluation steps.`);
    }
  }

  /**
   * JSONata evaluates array items and object-group values concurrently (Promise.all), so a
   * global "nodes in flight" counter would grow with the width of a list rather than with
   * recursion. We therefore count only bodies of lambdas written in the expression: that is the
   * only construct whose nesting is not bounded by the size of the source.
   */
  enterNode(node: unknown, hints: RuntimeHints): void {
    this.spend(1);
    if (typeof node !== 'object' || node === null || !hints.lambdaBodies.has(node)) return;
    this.callDepth += 1;
    if (this.callDepth > this.limits.maxDepth) {
      throw limit(`Function calls are nested more than ${this.limits.maxDepth} levels deep.`);
    }
  }

  exitNode(node: unknown, hints: RuntimeHints, result: unknown): void {
    if (typeof node !== 'object' || node === null) return;
    if (hints.lambdaBodies.has(node)) this.callDepth -= 1;
    this.account(result);
    const read = hints.deepReads.get(node);
    if (read) this.chargeRead(result, read);
    const owner = hints.groupKeys.get(node);
    if (owner && typeof result === 'string') this.chargeGroupMember(owner, result);
    // The owner exits after all its keys: its grouping is done.
    this.groupSizes.delete(node);
  }

  /** The n-th item joining a group costs n/512 steps (an array copy of n items, ~1/500 of a step each). */
  private chargeGroupMember(owner: object, key: string): void {
    let sizes = this.groupSizes.get(owner);
    if (!sizes) {
      sizes = new Map();
      this.groupSizes.set(owner, sizes);
    }
    const size = (sizes.get(key) ?? 0) + 1;
    sizes.set(key, size);
    this.spend(Math.floor(size / 512));
  }

  private chargeRead(value: unknown, cost: ReadCost): void {
    const weight = this.weigh(value);
    this.spend(weight);
    // Pairwise comparison: a primitive compare is far cheaper than a step, hence the divisor.
    if (cost === 'quadratic' && Array.isArray(value)) this.spend(Math.floor((value.length * weight) / 1024));
  }

  private weigh(value: unknown): number {
    if (typeof value === 'string') return stringWeight(value);
    if (typeof value === 'object' && value !== null) return this.measure(value, 0).weight;
    return 1;
  }

  account(value: unknown): void {
    if (typeof value === 'string') this.accountString(value);
    else if (typeof value === 'object' && value !== null) this.measure(value, 0);
  }

  checkStringLength(length: number): void {
    if (length > this.maxStringLength) {
      throw limit(`Expression builds a string longer than ${this.maxStringLength} characters.`);
    }
  }

  private accountString(value: string): void {
    this.checkStringLength(value.length);
    this.spend(Math.floor(value.length / 64));
  }

  /** Measures a value, charging only containers not seen before (the scope is pre-measured). */
  private measure(value: unknown, level: number): Measure {
    if (typeof value === 'string') return { weight: stringWeight(value), depth: 0 };
    if (typeof value !== 'object' || value === null || isCallable(value)) return LEAF;
    const known = this.memo.get(value);
    if (known) return known;
    if (level > MAX_DATA_DEPTH) throw limit(`Expression builds data nested more than ${MAX_DATA_DEPTH} levels deep.`);
    if (!Array.isArray(value) && !isPlainRecord(value)) {
      // JSONata 2.2 builds its objects without a prototype, so this is unreachable today; it
      // guards against an engine change that would let a computed "__proto__" key swap one.
      throw new ExpressionError('EXPR_FORBIDDEN', 'Expression built an object with a replaced prototype (a computed "__proto__" key).');
    }
    const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
    this.spend(1 + children.length);
    const measure: Measure = { weight: 1, depth: 1 };
    for (const child of children) {
      const m = this.measure(child, level + 1);
      measure.weight += m.weight;
      measure.depth = Math.max(measure.depth, 1 + m.depth);
    }
    if (measure.weight > MAX_VALUE_WEIGHT) throw limit(`Expression builds a value of more than ${MAX_VALUE_WEIGHT} elements.`);
    if (measure.depth > MAX_DATA_DEPTH) throw limit(`Expression builds data nested more than ${MAX_DATA_DEPTH} levels deep.`);
    this.memo.set(value, measure);
    return measure;
  }
}
