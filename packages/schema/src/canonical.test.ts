import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, sha256HexPortable } from './canonical.ts';

describe('contentHash', () => {
  it('is the same digest on Node as in the browser and the workflow sandbox', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        const expected = createHash('sha256').update(text, 'utf8').digest('hex');
        expect(sha256HexPortable(text)).toBe(expected);
        expect(contentHash(value)).toBe(`sha256:${expected}`);
      }),
      { numRuns: 300 },
    );
  });

  it('hashes text outside the Basic Multilingual Plane and lone surrogates alike', () => {
    for (const text of ['', 'é', '😀', '\ud800', 'a\udc00b']) {
      expect(sha256HexPortable(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});
