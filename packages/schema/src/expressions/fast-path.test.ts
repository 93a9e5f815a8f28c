import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { compileFastPath } from './fast-path.ts';
import { evaluateExpression, type ExpressionScope } from './index.ts';

/**
 * The fast path must be invisible: for every expression and every scope it returns exactly what
 * JSONata returns (value or error). Random expressions from its subset, random data, both ways.
 */
const paths = [
  'input.a',
  'input.b',
  'input.obj',
  'input.obj.k',
  'input.arr',
  'input.missing',
  'vars.x',
  'vars.s',
  'steps.n1.v',
  'run.id',
  'input.a.deeper',
];
const stringLiteral = fc.constantFrom('""', '"gold"', '"a b"', '"0"', '"10"', '"true"');
const numberLiteral = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map((n) => (n < 0 ? `(${n})` : String(n))),
  fc.constantFrom('0.1', '1e3', '3.14159', '1e21', '0'),
);
const leaf = fc.oneof(fc.constantFrom(...paths), stringLiteral, numberLiteral, fc.constantFrom('true', 'false', 'null'));
const ops = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '=', '!=', 'and', 'or', '&'];

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expr'), fc.constantFrom(...ops), tie('expr')).map(([l, op, r]) => `(${l} ${op} ${r})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
    fc.tuple(tie('expr'), tie('expr')).map(([c, t]) => `(${c} ? ${t})`),
    tie('expr').map((e) => `-(${e})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `{"k1": ${a}, "k2": ${b}}`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `[${a}, ${b}]`),
  ),
})).expr;

const value = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom('', 'gold', '10', 'a b'),
  fc.boolean(),
  fc.constant(null),
);
const scope: fc.Arbitrary<ExpressionScope> = fc.record({
  input: fc.record(
    { a: value, b: value, obj: fc.oneof(fc.record({ k: value }), value), arr: fc.array(value, { maxLength: 3 }) },
    { requiredKeys: [] },
  ),
  vars: fc.record({ x: value, s: value }, { requiredKeys: [] }),
  steps: fc.record({ n1: fc.record({ v: value }, { requiredKeys: [] }) }),
  run: fc.constant({ id: 'run-1', startedAt: '2026-01-01T00:00:00Z' }),
});

async function settle(promise: Promise<unknown>): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error: `${(error as { code?: string }).code}: ${(error as Error).message}` };
  }
}

describe('fast path', () => {
  it('agrees with JSONata on random expressions and data (values and errors alike)', async () => {
    await fc.assert(
      fc.asyncProperty(expression, scope, async (source, data) => {
        const fast = await settle(evaluateExpression(source, data));
        const slow = await settle(evaluateExpression(source, data, { fastPath: false }));
        expect(fast, source).toEqual(slow);
      }),
      { numRuns: 1500 },
    );
  });

  it.each([
    'input.owner',
    'vars.total >= 1000',
    'input.amount * input.quantity',
    'vars.total >= 5000 ? "urgent" : "high"',
    'input.orderId & "/" & vars.priority',
    '{ "invoiceId": input.invoiceId, "priority": vars.priority }',
    'input.amount > 100 and vars.tier = "gold"',
  ])('covers the everyday shape %s', (source) => {
    expect(compileFastPath(jsonata(source).ast())).toBeDefined();
  });

  it.each(['$sum(input.items.price)', 'input.items[price > 5]', '$now()', 'input.a in ["x"]', '( $x := 1; $x )'])(
    'leaves %s to JSONata',
    (source) => {
      expect(compileFastPath(jsonata(source).ast())).toBeUndefined();
    },
  );
});
