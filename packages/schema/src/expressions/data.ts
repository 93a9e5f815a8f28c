import { ExpressionError } from './errors.ts';
import { MAX_DATA_DEPTH, MAX_SCOPE_NODES } from './policy.ts';

/**
 * Moving data across the sandbox boundary, in both directions.
 *
 * In: the scope becomes a tree of null-prototype objects, arrays and JSON primitives. Even if a
 * static check were bypassed, `x.constructor` then has nothing to find: there is no prototype
 * chain, no function value and no class instance anywhere in what the expression can read.
 *
 * Out: the result becomes ordinary JSON data (plain objects with the normal prototype, so
 * callers can use it like any parsed JSON), or the evaluation fails.
 */

/** Size bookkeeping shared with the evaluation budget: weight ≈ node count, depth = nesting. */
export type Measure = { weight: number; depth: number };
export type MeasureMemo = WeakMap<object, Measure>;

/**
 * Keys dropped at the boundary. `__proto__` would act as a prototype setter on ordinary objects
 * downstream; the `_jsonata_*` markers make JSONata treat a data object as a callable function.
 */
const DROPPED_KEYS: ReadonlySet<string> = new Set(['__proto__', '_jsonata_lambda', '_jsonata_function']);

export function stringWeight(value: string): number {
  return 1 + Math.floor(value.length / 64);
}

export function isPlainRecord(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype;
}

/** JSONata marks its callables with these flags; raw JS functions only come from builtins. */
export function isCallable(value: unknown): boolean {
  if (typeof value === 'function') return true;
  if (typeof value !== 'object' || value === null) return false;
  return (
    ('_jsonata_lambda' in value && value._jsonata_lambda === true) || ('_jsonata_function' in value && value._jsonata_function === true)
  );
}

// ---------------------------------------------------------------------------------------------
// Scope → sandbox

/** `memo` absent: no measures are recorded (see copyIntoSandbox). */
type CopyState = { nodes: number; ancestors: Set<object>; memo: MeasureMemo | undefined };

function scopeLimit(message: string): ExpressionError {
  return new ExpressionError('EXPR_LIMIT', `Scope ${message}.`);
}

/**
 * Stands for a value that is not data (undefined, a function, a symbol): records drop it, arrays
 * hold null instead. A sentinel rather than a `{ value, keep }` pair per value, because every
 * evaluation copies the whole scope and those pairs were most of its garbage.
 */
const NOT_DATA: unique symbol = Symbol('not data');

function copyPrimitive(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      // Precision would be lost as a number; the decimal string keeps the information.
      return value.toString();
    default:
      // undefined, functions, symbols: not data.
      return NOT_DATA;
  }
}

function copyValue(value: unknown, state: CopyState, depth: number): unknown {
  if (value === null) return null;
  if (typeof value !== 'object') return copyPrimitive(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (depth >= MAX_DATA_DEPTH) throw scopeLimit(`is nested more than ${MAX_DATA_DEPTH} levels deep`);
  if (state.ancestors.has(value)) throw new ExpressionError('EXPR_RUNTIME', 'Scope contains a reference cycle; it must be JSON data.');
  state.nodes += 1;
  if (state.nodes > MAX_SCOPE_NODES) throw scopeLimit(`has more than ${MAX_SCOPE_NODES} values`);
  state.ancestors.add(value);
  const copy = Array.isArray(value) ? copyArray(value, state, depth) : copyRecord(value, state, depth);
  state.ancestors.delete(value);
  return copy;
}

function copyArray(source: readonly unknown[], state: CopyState, depth: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < source.length; i += 1) {
    const item = copyValue(source[i], state, depth + 1);
    // Like JSON.stringify: holes and non-data become null so indexes keep their meaning.
    out.push(item === NOT_DATA ? null : item);
  }
  if (state.memo) measureContainer(out, out, state.memo);
  return out;
}

function copyRecord(source: object, state: CopyState, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  const fields = source as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (DROPPED_KEYS.has(key)) continue;
    const item = copyValue(fields[key], state, depth + 1);
    if (item !== NOT_DATA) out[key] = item;
  }
  if (state.memo) measureContainer(out, Object.values(out), state.memo);
  return out;
}

/** Records a copied container's measure; its container children are measured already. */
function measureContainer(container: object, children: readonly unknown[], memo: MeasureMemo): void {
  const measure: Measure = { weight: 1, depth: 1 };
  for (const child of children) {
    const m = typeof child === 'object' && child !== null ? memo.get(child) : undefined;
    measure.weight += m ? m.weight : typeof child === 'string' ? stringWeight(child) : 1;
    measure.depth = Math.max(measure.depth, 1 + (m ? m.depth : 0));
  }
  memo.set(container, measure);
}

/**
 * Deep-copies the scope into sandbox data. With `memo`, also records each container's measure
 * for the evaluation budget; without, measureSandbox can do it later. Only JSONata's evaluation
 * reads the measures, and most expressions finish on the fast path without it.
 */
export function copyIntoSandbox(value: unknown, memo?: MeasureMemo): unknown {
  const copy = copyValue(value, { nodes: 0, ancestors: new Set(), memo }, 0);
  return copy === NOT_DATA ? undefined : copy;
}

/** Records the measures copyIntoSandbox(value, memo) would have recorded, for an unmeasured copy. */
export function measureSandbox(copy: unknown, memo: MeasureMemo): void {
  if (typeof copy !== 'object' || copy === null || memo.has(copy)) return;
  const children = Array.isArray(copy) ? (copy as unknown[]) : Object.values(copy);
  for (const child of children) measureSandbox(child, memo);
  measureContainer(copy, children, memo);
}

// ---------------------------------------------------------------------------------------------
// Sandbox → caller

type ExportState = { bytes: number; maxBytes: number };

function resultError(message: string): ExpressionError {
  return new ExpressionError('EXPR_RESULT', message);
}

function charge(state: ExportState, bytes: number): void {
  state.bytes += bytes;
  if (state.bytes > state.maxBytes) {
    throw new ExpressionError('EXPR_LIMIT', `Result is larger than ${state.maxBytes} bytes of JSON.`);
  }
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4; // surrogate pair: one 4-byte code point
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

function exportPrimitive(value: unknown, state: ExportState): unknown {
  switch (typeof value) {
    case 'string':
      charge(state, utf8Length(value) + 2);
      return value;
    case 'boolean':
      charge(state, value ? 4 : 5);
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw resultError('Result contains a number that is not finite.');
      charge(state, String(value).length);
      return value;
    default:
      throw resultError(`Result contains a ${typeof value}, which is not JSON data.`);
  }
}

function exportValue(value: unknown, state: ExportState, depth: number): unknown {
  if (value === null) {
    charge(state, 4);
    return null;
  }
  if (isCallable(value)) throw resultError('Result is a function, not data; call it or remove it.');
  if (typeof value !== 'object') return exportPrimitive(value, state);
  if (depth >= MAX_DATA_DEPTH) throw new ExpressionError('EXPR_LIMIT', `Result is nested more than ${MAX_DATA_DEPTH} levels deep.`);
  if (Array.isArray(value)) return exportArray(value, state, depth);
  if (!isPlainRecord(value)) throw resultError('Result contains an object that is not plain data.');
  return exportRecord(value, state, depth);
}

function exportArray(source: readonly unknown[], state: ExportState, depth: number): unknown[] {
  charge(state, 2);
  const out: unknown[] = [];
  for (const item of source) {
    // JSONata has no "undefined" element; skipping keeps us from inventing nulls.
    if (item === undefined) continue;
    out.push(exportValue(item, state, depth + 1));
    charge(state, 1);
  }
  return out;
}

function exportRecord(source: object, state: ExportState, depth: number): Record<string, unknown> {
  charge(state, 2);
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(source)) {
    if (raw === undefined || DROPPED_KEYS.has(key)) continue;
    charge(state, utf8Length(key) + 4);
    out[key] = exportValue(raw, state, depth + 1);
  }
  return out;
}

/** Converts an evaluation result into fresh plain JSON data, enforcing the byte budget. */
export function exportResult(value: unknown, maxBytes: number): unknown {
  if (value === undefined) return undefined;
  return exportValue(value, { bytes: 0, maxBytes }, 0);
}
