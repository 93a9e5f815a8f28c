/**
 * Sync-first sequential code. Inside Temporal's workflow sandbox every promise costs a recorded
 * stack trace (~50 µs), and an `async` function makes at least one promise per call and per
 * `await`, even when everything it awaits is already known. A body written as a generator that
 * `yield`s where it would `await` runs with no promise at all while every yielded value is
 * ready, and as one async function that awaits each pending value once something is not.
 *
 * That async form takes exactly the microtask turns of the equivalent `async` function (one per
 * yielded promise), which matters where several bodies run concurrently: the order in which
 * parallel branches issue Temporal commands follows those turns, and replay depends on it.
 *
 * @example
 * const total = runSteps(
 *   (function* (): Steps<number> {
 *     const a = yield* step(ctx.evaluateNow('a')); // typed like `await`
 *     return Number(a) + 1;
 *   })(),
 * );
 */

/** A value now, or a promise of it. */
export type PromiseOrValue<T> = T | Promise<T>;

/** A sync-first body: yields what it would await and gets the value back. */
export type Steps<R> = Generator<unknown, R, unknown>;

export function isPromise<T>(value: PromiseOrValue<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** `yield* step(x)` is a body's `await x`: typed, and free when `x` is not a promise. */
export function* step<T>(value: PromiseOrValue<T>): Generator<PromiseOrValue<T>, T, unknown> {
  // runSteps sends back the yielded value itself or what its promise resolved to: a T either way.
  return (yield value) as T;
}

type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: unknown };

/**
 * Continues a body after its first pending value. Each pending value is awaited once, directly,
 * so the body resumes on the same microtask turn an `async` function would.
 */
async function finishAsync<R>(body: Steps<R>, pending: Promise<unknown>): Promise<R> {
  let next = pending;
  for (;;) {
    let settled: Settled;
    try {
      settled = { ok: true, value: await next };
    } catch (reason) {
      settled = { ok: false, reason };
    }
    const result = untilPending(body, settled.ok ? body.next(settled.value) : body.throw(settled.reason));
    if (result.done) return result.value;
    next = result.value;
  }
}

/** Feeds ready values straight back into the body, until it finishes or yields a promise. */
function untilPending<R>(body: Steps<R>, first: IteratorResult<unknown, R>): IteratorResult<Promise<unknown>, R> {
  let result = first;
  while (!result.done && !isPromise(result.value)) result = body.next(result.value);
  // The loop stops only on the end or on a promise.
  return result as IteratorResult<Promise<unknown>, R>;
}

/**
 * Runs a sync-first body: synchronously to its end while every yielded value is ready (a throw
 * is thrown), else returns a promise of its result (a throw rejects it).
 */
export function runSteps<R>(body: Steps<R>): PromiseOrValue<R> {
  const result = untilPending(body, body.next());
  if (result.done) return result.value;
  return finishAsync(body, result.value);
}
