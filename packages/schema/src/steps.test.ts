import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPromise, runSteps, step, type Steps } from './steps.ts';

/**
 * What makes sync-first bodies safe inside parallel branches: when every yielded value is a
 * promise, a body resumes on exactly the microtask turns the same `async` function would, so
 * concurrent bodies interleave the same way (and issue Temporal commands in the same order).
 * Several bodies run side by side next to a ticker that logs every turn; both logs must match.
 */
type Op =
  | { kind: 'resolved'; value: number }
  | { kind: 'rejected'; value: number }
  | { kind: 'later'; turns: number; value: number }
  | { kind: 'macrotask'; hops: number; value: number }
  | { kind: 'throw'; value: number };
type Body = { ops: Array<{ op: Op; guarded: boolean }> };

function make(op: Op): Promise<number> {
  switch (op.kind) {
    case 'resolved':
      return Promise.resolve(op.value);
    case 'rejected':
      return Promise.reject(new Error(`r${op.value}`));
    case 'later': {
      let p: Promise<unknown> = Promise.resolve();
      for (let i = 0; i < op.turns; i++) p = p.then(() => undefined);
      return p.then(() => op.value);
    }
    case 'macrotask':
      // setImmediate runs in creation order, so (unlike timers) it cannot race the wall clock.
      return new Promise((resolve) => {
        const hop = (left: number): void => {
          setImmediate(() => (left === 0 ? resolve(op.value) : hop(left - 1)));
        };
        hop(op.hops);
      });
    case 'throw':
      throw new Error(`t${op.value}`);
  }
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('resolved' as const), value: fc.nat(9) }),
  fc.record({ kind: fc.constant('rejected' as const), value: fc.nat(9) }),
  fc.record({ kind: fc.constant('later' as const), turns: fc.nat(4), value: fc.nat(9) }),
  fc.record({ kind: fc.constant('macrotask' as const), hops: fc.nat(2), value: fc.nat(9) }),
  fc.record({ kind: fc.constant('throw' as const), value: fc.nat(9) }),
);
const bodyArb: fc.Arbitrary<Body> = fc.record({
  ops: fc.array(fc.record({ op: opArb, guarded: fc.boolean() }), { minLength: 1, maxLength: 5 }),
});

type Log = (line: string) => void;

async function asAsync(name: string, body: Body, log: Log): Promise<string> {
  for (const [i, { op, guarded }] of body.ops.entries()) {
    if (!guarded) {
      log(`${name}${i}=${await make(op)}`);
      continue;
    }
    try {
      log(`${name}${i}=${await make(op)}`);
    } catch (error) {
      log(`${name}${i} caught ${String(error)}`);
    }
  }
  return name;
}

function* asSteps(name: string, body: Body, log: Log): Steps<string> {
  for (const [i, { op, guarded }] of body.ops.entries()) {
    if (!guarded) {
      log(`${name}${i}=${yield* step(make(op))}`);
      continue;
    }
    try {
      log(`${name}${i}=${yield* step(make(op))}`);
    } catch (error) {
      log(`${name}${i} caught ${String(error)}`);
    }
  }
  return name;
}

async function interleaving(bodies: readonly Body[], run: (name: string, body: Body, log: Log) => Promise<string>): Promise<string[]> {
  const lines: string[] = [];
  const log: Log = (line) => lines.push(line);
  const ticker = (async () => {
    for (let turn = 0; turn < 40; turn++) {
      log(`turn ${turn}`);
      await null;
    }
  })();
  const runs = bodies.map((body, i) => {
    const name = String.fromCharCode(97 + i);
    let started: Promise<string>;
    try {
      started = run(name, body, log);
    } catch (error) {
      // A body that throws before its first yield throws synchronously; async functions reject.
      started = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return started.then(
      (value) => log(`${name} done ${value}`),
      (error: unknown) => log(`${name} failed ${String(error)}`),
    );
  });
  await Promise.all([ticker, ...runs]);
  return lines;
}

describe('runSteps', () => {
  it('resumes on the same microtask turns as the async function when every value is pending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(bodyArb, { minLength: 1, maxLength: 3 }), async (bodies) => {
        const expected = await interleaving(bodies, asAsync);
        const actual = await interleaving(bodies, (name, body, log) => {
          const result = runSteps(asSteps(name, body, log));
          // Finished without anything pending (only caught sync throws): like an async function's settled promise.
          return isPromise(result) ? result : Promise.resolve(result);
        });
        expect(actual).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('runs synchronously to the end when every value is ready', () => {
    const log: string[] = [];
    const result = runSteps(
      (function* (): Steps<number> {
        const a = yield* step(1);
        const b = yield* step(a + 1);
        log.push(`${a},${b}`);
        return a + b;
      })(),
    );
    expect(result).toBe(3);
    expect(log).toEqual(['1,2']);
  });

  it('throws synchronously what a ready body throws, and rejects after something was pending', async () => {
    const failing = function* (pending: boolean): Steps<number> {
      yield* step(pending ? Promise.resolve(1) : 1);
      throw new Error('boom');
    };
    expect(() => runSteps(failing(false))).toThrow('boom');
    await expect(runSteps(failing(true))).rejects.toThrow('boom');
  });

  it('continues without awaiting values that are ready after the first pending one', async () => {
    const result = runSteps(
      (function* (): Steps<string> {
        const a = yield* step(Promise.resolve('a'));
        const b = yield* step('b');
        return a + b;
      })(),
    );
    expect(isPromise(result)).toBe(true);
    await expect(result).resolves.toBe('ab');
  });
});
