/**
 * The expression language of flows: JSONata, sandboxed. See README.md in this folder for the
 * threat model, the hardening layers and the limits.
 */
import type { ExpressionReference } from './analyze.ts';
import type { PromiseOrValue } from '../steps.ts';
import type { ExpressionIssue } from './errors.ts';
import { compile, compileMany, evaluate, evaluateNow, precompile, type CompileResult, type EvaluateOptions } from './runtime.ts';

export type { ExpressionReference } from './analyze.ts';
export { ExpressionError, type ExpressionErrorCode, type ExpressionIssue } from './errors.ts';
export type { EvaluateOptions } from './runtime.ts';
export { ALLOWED_FUNCTIONS, DEFAULT_LIMITS, DENIED_FUNCTIONS, FORBIDDEN_PROPERTY_NAMES, MAX_SOURCE_LENGTH } from './policy.ts';

/** The roots an expression may reference. */
export type ExpressionScope = {
  input: unknown;
  vars: Record<string, unknown>;
  steps: Record<string, unknown>;
  run: { id: string; startedAt: string };
};

export const EXPRESSION_ROOTS = ['input', 'vars', 'steps', 'run'] as const;

export type ParseResult = { ok: true; references: ExpressionReference[] } | { ok: false; error: ExpressionIssue };

/**
 * Validates an expression without running it: length, JSONata syntax and the sandbox rules.
 * Synchronous; never throws. `references` lists every path head read from the scope, e.g.
 * `vars.tier` → `{ root: 'vars', path: ['tier'] }` (roots are not checked against
 * EXPRESSION_ROOTS here; that is the validator's job). Positions are 0-based offsets.
 */
export function parseExpression(source: string): ParseResult {
  return toParseResult(compile(source));
}

/**
 * parseExpression for many sources, results in the same order. Much faster than one call per
 * source when many are new (a flow being validated): they share JSONata parser calls.
 */
export function parseExpressions(sources: readonly string[]): ParseResult[] {
  return compileMany(sources).map(toParseResult);
}

/**
 * Compiles many sources ahead of their evaluation, in as few JSONata parser calls as it can (as
 * parseExpressions, without building results nobody reads). Workflow code calls it when a run
 * starts: module state, the expression cache included, is new in every run.
 */
export function precompileExpressions(sources: readonly string[]): void {
  precompile(sources);
}

function toParseResult(result: CompileResult): ParseResult {
  if (!result.ok) return { ok: false, error: { ...result.error } };
  // Copies: the cached analysis must not be mutable through a caller's hands.
  return { ok: true, references: result.compiled.references.map((ref) => ({ ...ref, path: [...ref.path] })) };
}

/**
 * Evaluates an expression against a scope. Resolves to plain JSON data (fresh objects and
 * arrays), or `undefined` when the expression selects nothing. Rejects only with
 * ExpressionError. Pass `now` inside workflows (workflow time) so $now()/$millis() replay.
 */
export function evaluateExpression(source: string, scope: ExpressionScope, options?: EvaluateOptions): Promise<unknown> {
  return evaluate(source, scope, options);
}

/**
 * evaluateExpression, sync-first: the value itself when it is ready now (simple expressions need
 * no JSONata), else the same promise; a failure before evaluation starts is thrown. For workflow
 * code, where every promise has a cost (see steps.ts); it never returns a promise otherwise.
 */
export function evaluateExpressionNow(source: string, scope: ExpressionScope, options?: EvaluateOptions): PromiseOrValue<unknown> {
  return evaluateNow(source, scope, options);
}
