export type ExpressionErrorCode = 'EXPR_SYNTAX' | 'EXPR_TOO_LONG' | 'EXPR_FORBIDDEN' | 'EXPR_LIMIT' | 'EXPR_RUNTIME' | 'EXPR_RESULT';

/**
 * `position` is a 0-based character offset into the source, following JSONata's convention for
 * errors: it points just past the offending token (e.g. 22 for `$random` in `input.x + $random()`).
 */
export type ExpressionIssue = { code: ExpressionErrorCode; message: string; position?: number };

export class ExpressionError extends Error {
  readonly code: ExpressionErrorCode;
  // Not readonly: JSONata annotates errors thrown from inside evaluation with the
  // position of the enclosing operator, which is the most useful location we get.
  position?: number;

  constructor(code: ExpressionErrorCode, message: string, position?: number) {
    super(message);
    this.name = 'ExpressionError';
    this.code = code;
    if (position !== undefined) this.position = position;
  }

  toIssue(): ExpressionIssue {
    return this.position === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, position: this.position };
  }
}
