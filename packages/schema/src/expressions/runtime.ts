import jsonata from 'jsonata';
import { analyzeAst, runtimeHints, type ExpressionReference, type RuntimeHints } from './analyze.ts';
import { batchable, parseBatch } from './batch.ts';
import { BAIL, compileFastPath, type FastExpression } from './fast-path.ts';
import { EvaluationBudget, type Limits } from './budget.ts';
import { copyIntoSandbox, exportResult, measureSandbox } from './data.ts';
import { ExpressionError, type ExpressionIssue } from './errors.ts';
import { DEFAULT_LIMITS, MAX_SEQUENCE_LENGTH, MAX_SOURCE_LENGTH } from './policy.ts';

export type EvaluateOptions = {
  now?: Date;
  maxSteps?: number;
  maxDepth?: number;
  maxResultBytes?: number;
  /** Tests set false to compare the fast path with JSONata itself. */
  fastPath?: boolean;
};

/** JSONata itself, for what the fast path cannot do. */
type Engine = {
  readonly expression: jsonata.Expression;
  readonly hints: RuntimeHints;
  /** Hooks and builtin overrides are installed on first evaluation: validation never needs them. */
  prepared: boolean;
};

type Compiled = {
  readonly references: readonly ExpressionReference[];
  /** The analysed tree; the fast path compiles from it. From a batch parse it is not evaluable (batch.ts). */
  readonly ast: jsonata.ExprNode;
  /** Built on first evaluation; null when the expression is not a fast-path shape (see fast-path.ts). */
  fast: FastExpression | null | undefined;
  /**
   * Kept from a parse of the source alone. A batch-parsed source parses again on first need,
   * because the budget's hints are keyed by the nodes of the tree JSONata evaluates.
   */
  engine: Engine | undefined;
};

export type CompileResult = { ok: true; compiled: Compiled } | { ok: false; error: ExpressionIssue };

/**
 * Per-evaluation state travels in an ordinary binding so that one compiled expression can serve
 * concurrent evaluations. The name contains spaces, which the JSONata tokenizer never produces
 * for `$name`, so no expression can read, shadow or rebind it.
 */
const BUDGET_BINDING = ' trackway evaluation budget ';

/** jsonata 2.2.2 looks its evaluation hooks up by these registry symbols (a plain '__evaluate_entry' string is ignored). */
const ENTRY_HOOK = Symbol.for('jsonata.__evaluate_entry');
const EXIT_HOOK = Symbol.for('jsonata.__evaluate_exit');

/** JSONata error codes that mean "too big", not "wrong". */
const LIMIT_CODES: ReadonlySet<string> = new Set(['D1011', 'D1012', 'D2014', 'D2015']);

// ---------------------------------------------------------------------------------------------
// Reading JSONata's error objects (plain objects, not Error instances).

function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

function errorPosition(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'position' in error && typeof error.position === 'number') return error.position;
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

function toExpressionError(error: unknown): ExpressionError {
  if (error instanceof ExpressionError) return error;
  const message = errorMessage(error);
  const position = errorPosition(error);
  // Stack overflow, "Invalid string length", "Invalid array length": the engine's own limits.
  if (error instanceof RangeError) return new ExpressionError('EXPR_LIMIT', `Evaluation exceeded an engine limit: ${message}`, position);
  const code = errorCode(error);
  if (code !== undefined && LIMIT_CODES.has(code)) return new ExpressionError('EXPR_LIMIT', message, position);
  if (code?.startsWith('S')) return new ExpressionError('EXPR_SYNTAX', message, position);
  return new ExpressionError('EXPR_RUNTIME', message, position);
}

// ---------------------------------------------------------------------------------------------
// Hooks and builtin replacements, installed once per compiled expression.

function budgetOf(environment: jsonata.Environment): EvaluationBudget {
  const budget: unknown = environment.lookup(BUDGET_BINDING);
  if (budget instanceof EvaluationBudget) return budget;
  throw new ExpressionError('EXPR_RUNTIME', 'Expression was evaluated without a budget.');
}

function installHooks(expression: jsonata.Expression, hints: RuntimeHints): void {
  // The typings only admit string names; the runtime binds any key, and the hooks need symbols.
  const target: { assign(name: string | symbol, value: unknown): void } = expression;
  target.assign(ENTRY_HOOK, (node: unknown, _input: unknown, environment: jsonata.Environment) => {
    budgetOf(environment).enterNode(node, hints);
  });
  target.assign(EXIT_HOOK, (node: unknown, _input: unknown, environment: jsonata.Environment, result: unknown) => {
    budgetOf(environment).exitNode(node, hints, result);
  });
}

const helpers = new Map<string, jsonata.Expression>();

/**
 * Runs a real JSONata builtin with trusted arguments. Going through a tiny expression keeps us on
 * JSONata's public API instead of reaching into its function objects.
 */
async function callBuiltin(source: string, bindings: Record<string, unknown>): Promise<unknown> {
  let helper = helpers.get(source);
  if (!helper) {
    helper = jsonata(source);
    helpers.set(source, helper);
  }
  try {
    return await helper.evaluate(null, bindings);
  } catch (error) {
    // Drop the helper's own position; JSONata then reports the author's call site instead.
    throw new ExpressionError(toExpressionError(error).code, errorMessage(error));
  }
}

function formatMillis(ms: number, picture: string | undefined, timezone: string | undefined): Promise<unknown> {
  if (picture === undefined) return callBuiltin('$fromMillis($ms)', { ms });
  if (timezone === undefined) return callBuiltin('$fromMillis($ms, $picture)', { ms, picture });
  return callBuiltin('$fromMillis($ms, $picture, $timezone)', { ms, picture, timezone });
}

function installBuiltinOverrides(expression: jsonata.Expression): void {
  // Stock $now/$millis read the wall clock; inside a workflow the caller passes workflow time.
  expression.registerFunction(
    'now',
    function (this: jsonata.Focus, picture?: string, timezone?: string) {
      return formatMillis(budgetOf(this.environment).nowMs, picture, timezone);
    },
    '<s?s?:s>',
  );
  expression.registerFunction(
    'millis',
    function (this: jsonata.Focus) {
      return budgetOf(this.environment).nowMs;
    },
    '<:n>',
  );
  // Stock $pad allocates the whole padding before any hook runs: $pad("", 1e9) would stall the worker.
  expression.registerFunction(
    'pad',
    function (this: jsonata.Focus, text: string | undefined, width: number, char?: string) {
      if (text === undefined) return undefined;
      budgetOf(this.environment).checkStringLength(Math.abs(Math.trunc(width)) * Math.max(1, char?.length ?? 1));
      return char === undefined
        ? callBuiltin('$pad($text, $width)', { text, width })
        : callBuiltin('$pad($text, $width, $char)', { text, width, char });
    },
    '<s-ns?:s>',
  );
  // Picture parsing compiles the picture into a backtracking regular expression (measured: a
  // six-component picture against 200 characters runs for minutes). ISO 8601 uses a fixed one.
  expression.registerFunction(
    'toMillis',
    function (this: jsonata.Focus, timestamp: string | undefined, picture?: string) {
      if (picture !== undefined)
        throw new ExpressionError('EXPR_FORBIDDEN', '$toMillis accepts only an ISO 8601 timestamp here (no picture string).');
      return callBuiltin('$toMillis($timestamp)', { timestamp });
    },
    '<s-s?:n>',
  );
}

// ---------------------------------------------------------------------------------------------
// Compilation with a bounded LRU cache (Map iteration order is insertion order).

// Sized for the largest flows (a 1,000-node flow has ~750 expressions), so re-validating a flow on
// every canvas edit re-parses only what changed.
const CACHE_SIZE = 5_000;
const cache = new Map<string, CompileResult>();

function remember(source: string, result: CompileResult): CompileResult {
  cache.set(source, result);
  if (cache.size > CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return result;
}

function recall(source: string): CompileResult | undefined {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
  }
  return hit;
}

function parseWithJsonata(source: string): { ok: true; expression: jsonata.Expression } | { ok: false; error: ExpressionIssue } {
  try {
    return { ok: true, expression: jsonata(source, { sequence: MAX_SEQUENCE_LENGTH }) };
  } catch (error) {
    if (error instanceof RangeError)
      return { ok: false, error: { code: 'EXPR_LIMIT', message: 'Expression is nested too deeply to parse.' } };
    const position = errorPosition(error);
    const message = errorMessage(error);
    return { ok: false, error: position === undefined ? { code: 'EXPR_SYNTAX', message } : { code: 'EXPR_SYNTAX', message, position } };
  }
}

function analyzed(ast: jsonata.ExprNode, source: string, expression: jsonata.Expression | undefined): CompileResult {
  const analysis = analyzeAst(ast, source);
  if (!analysis.ok) return analysis;
  // Hints are computed only when there is an engine to evaluate with.
  const engine = expression && { expression, hints: runtimeHints(ast), prepared: false };
  return { ok: true, compiled: { references: analysis.references, ast, fast: undefined, engine } };
}

function compileFresh(source: string): CompileResult {
  const parsed = parseWithJsonata(source);
  if (!parsed.ok) return parsed;
  return analyzed(parsed.expression.ast(), source, parsed.expression);
}

function unanalysable(error: unknown): CompileResult {
  return { ok: false, error: { code: 'EXPR_SYNTAX', message: `Expression could not be analysed: ${errorMessage(error)}` } };
}

function precheck(source: unknown): ExpressionIssue | undefined {
  if (typeof source !== 'string') return { code: 'EXPR_SYNTAX', message: 'Expression must be a string.' };
  if (source.trim() === '') return { code: 'EXPR_SYNTAX', message: 'Expression is empty.' };
  if (source.length > MAX_SOURCE_LENGTH) {
    return { code: 'EXPR_TOO_LONG', message: `Expression is ${source.length} characters long; the limit is ${MAX_SOURCE_LENGTH}.` };
  }
  return undefined;
}

/** Synchronous and total: every failure is returned, never thrown. */
export function compile(source: unknown): CompileResult {
  const issue = precheck(source);
  if (issue) return { ok: false, error: issue };
  const text = String(source);
  const hit = recall(text);
  if (hit) return hit;
  try {
    return remember(text, compileFresh(text));
  } catch (error) {
    return unanalysable(error);
  }
}

/** Below this many sources a failed batch is not split again: they are compiled one by one. */
const MIN_SPLIT = 4;

/** Compiles `sources` (batchable, not cached, distinct) with as few parser calls as it can. */
function compileBatch(sources: readonly string[]): void {
  const trees = sources.length > 1 ? parseBatch(sources) : undefined;
  if (trees) {
    trees.forEach((ast, i) => {
      const source = sources[i] as string;
      try {
        remember(source, analyzed(ast, source, undefined));
      } catch (error) {
        remember(source, unanalysable(error));
      }
    });
    return;
  }
  if (sources.length <= MIN_SPLIT) {
    for (const source of sources) compile(source);
    return;
  }
  // Some source does not parse (or not on its own terms): halve, so the others still share calls.
  const middle = Math.ceil(sources.length / 2);
  compileBatch(sources.slice(0, middle));
  compileBatch(sources.slice(middle));
}

/**
 * compile() for many sources at once, same results in the same order. Sources not in the cache
 * are parsed together (see batch.ts), which is what makes validating a large flow fast.
 */
export function compileMany(sources: readonly unknown[]): CompileResult[] {
  precompile(sources);
  return sources.map((source) => compile(source));
}

/** Puts the batchable sources that are not cached yet into the cache, sharing parser calls. */
export function precompile(sources: readonly unknown[]): void {
  const fresh = new Set<string>();
  for (const source of sources) {
    if (typeof source === 'string' && !cache.has(source) && precheck(source) === undefined && batchable(source)) fresh.add(source);
  }
  // Chunks stay below the cache size, so every result is still cached when it is read back.
  const all = [...fresh];
  for (let start = 0; start < all.length; start += CACHE_SIZE / 2) compileBatch(all.slice(start, start + CACHE_SIZE / 2));
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
}

function resolveLimits(options: EvaluateOptions): Limits {
  return {
    maxSteps: positiveOr(options.maxSteps, DEFAULT_LIMITS.maxSteps),
    maxDepth: positiveOr(options.maxDepth, DEFAULT_LIMITS.maxDepth),
    maxResultBytes: positiveOr(options.maxResultBytes, DEFAULT_LIMITS.maxResultBytes),
  };
}

function nowMillis(now: Date | undefined): number {
  // Outside workflows the wall clock is right; workflow callers pass workflow time.
  const ms = now === undefined ? Date.now() : now.getTime();
  if (!Number.isFinite(ms)) throw new ExpressionError('EXPR_RUNTIME', 'options.now is not a valid date.');
  return ms;
}

type Prepared = { done: true; value: unknown } | { done: false; run: () => Promise<unknown> };

function fastPathOf(c: Compiled): FastExpression | null {
  if (c.fast === undefined) c.fast = compileFastPath(c.ast) ?? null;
  return c.fast;
}

function engineOf(source: string, c: Compiled): Engine {
  if (!c.engine) {
    const parsed = parseWithJsonata(source);
    // The same source parsed when it was compiled, so this cannot fail; stay total anyway.
    if (!parsed.ok) throw new ExpressionError(parsed.error.code, parsed.error.message, parsed.error.position);
    c.engine = { expression: parsed.expression, hints: runtimeHints(parsed.expression.ast()), prepared: false };
  }
  const engine = c.engine;
  if (!engine.prepared) {
    installHooks(engine.expression, engine.hints);
    installBuiltinOverrides(engine.expression);
    engine.prepared = true;
  }
  return engine;
}

/** Everything up to JSONata's (async) evaluation, synchronously; simple expressions finish here. */
function prepare(source: string, scope: unknown, options: EvaluateOptions): Prepared {
  const compiled = compile(source);
  if (!compiled.ok) throw new ExpressionError(compiled.error.code, compiled.error.message, compiled.error.position);
  const limits = resolveLimits(options);
  const { compiled: c } = compiled;
  const budget = new EvaluationBudget(limits, nowMillis(options.now));
  const fast = options.fastPath === false ? null : fastPathOf(c);
  // The copy comes first for both paths: it is what guarantees plain, acyclic, JSON-only data.
  // Its measures are the budget's business, so the fast path skips recording them.
  const input = copyIntoSandbox(scope, fast ? undefined : budget.memo);
  if (fast) {
    const value = fast(input);
    if (value !== BAIL) return { done: true, value: exportResult(value, limits.maxResultBytes) };
    measureSandbox(input, budget.memo);
  }
  const { expression } = engineOf(source, c);
  return {
    done: false,
    run: async () => exportResult(await expression.evaluate(input, { [BUDGET_BINDING]: budget }), limits.maxResultBytes),
  };
}

/**
 * evaluate() without a promise when the value is ready synchronously (the fast path): the value
 * itself, else the promise evaluate() would return. Failures before JSONata runs are thrown
 * here (as the ExpressionError evaluate() would reject with). Inside Temporal's sandbox every
 * promise costs a recorded stack trace, so this is the hot path of a run.
 */
export function evaluateNow(source: string, scope: unknown, options: EvaluateOptions = {}): unknown {
  let prepared: Prepared;
  try {
    prepared = prepare(source, scope, options);
  } catch (error) {
    throw toExpressionError(error);
  }
  if (prepared.done) return prepared.value;
  return prepared.run().catch((error: unknown) => {
    throw toExpressionError(error);
  });
}

/**
 * Not an async function on purpose: a simple expression resolves with a single promise. Inside
 * Temporal's sandbox every promise costs a recorded stack trace, so this is the hot path of a run.
 */
export function evaluate(source: string, scope: unknown, options: EvaluateOptions = {}): Promise<unknown> {
  let prepared: Prepared;
  try {
    prepared = prepare(source, scope, options);
  } catch (error) {
    return Promise.reject(toExpressionError(error));
  }
  if (prepared.done) return Promise.resolve(prepared.value);
  return prepared.run().catch((error: unknown) => {
    throw toExpressionError(error);
  });
}
