/**
 * The expression language of flows: JSONata, sandboxed. See README.md in this folder for the
 * threat model, the hardening layers and the limits.
 */
import type { ExpressionReference } from './analyze.ts';
import type { ExpressionIssue } from './errors.ts';
import { compile, evaluate, type EvaluateOptions } from './runtime.ts';

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
  const result = compile(source);
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
