import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyIntoSandbox, measureSandbox, type Measure, type MeasureMemo } from './data.ts';

/** Every container's measure, in a fixed walk order, so two copies can be compared. */
function measures(copy: unknown, memo: MeasureMemo): Array<Measure | undefined> {
  if (typeof copy !== 'object' || copy === null) return [];
  const children = Array.isArray(copy) ? (copy as unknown[]) : Object.values(copy);
  return [memo.get(copy), ...children.flatMap((child) => measures(child, memo))];
}

const scopeValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.string({ minLength: 60, maxLength: 200 }),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.bigInt(),
    fc.date({ noInvalidDate: false }),
    fc.constant(() => 1),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__proto__', '_jsonata_lambda')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('copyIntoSandbox', () => {
  it('records the same measures when they are taken afterwards (measureSandbox)', () => {
    fc.assert(
      fc.property(scopeValue, (value) => {
        const during: MeasureMemo = new WeakMap();
        const now = copyIntoSandbox(value, during);
        const after: MeasureMemo = new WeakMap();
        const later = copyIntoSandbox(value);
        measureSandbox(later, after);
        expect(later).toEqual(now);
        expect(measures(later, after)).toEqual(measures(now, during));
        expect(measures(now, during).every((m) => m !== undefined)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
