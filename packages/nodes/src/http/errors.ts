/**
 * Why the guarded HTTP client did not deliver a response. Each error says what happened in words
 * an operator can act on; `code` is stable for callers that branch on it (activities turn
 * refusals into non-retryable failures: asking again gets the same answer).
 */
export type HttpErrorCode = 'HTTP_REFUSED' | 'HTTP_TIMEOUT' | 'HTTP_TOO_LARGE' | 'HTTP_TOO_MANY_REDIRECTS' | 'HTTP_NETWORK';

export class HttpClientError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpClientError';
  }
}

/** The request targets something the policy forbids (scheme, address, host name). */
export class HttpRefusedError extends HttpClientError {
  constructor(readonly reason: string) {
    super('HTTP_REFUSED', `refused: ${reason}`);
    this.name = 'HttpRefusedError';
  }
}
