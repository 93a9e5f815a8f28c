import fc from 'fast-check';
import { canonicalJson } from '@trackway/schema';
import { describe, expect, it } from 'vitest';
import { canonicalRecord, entryHash, GENESIS_HASH, hashedRecord, isRedactedPayload, payloadDigest, type HashedFields } from './hash.ts';

const text = fc.string({ unit: 'binary' });
const fieldsArb: fc.Arbitrary<HashedFields> = fc.record({
  seq: fc.bigInt({ min: 1n, max: 2n ** 62n }),
  prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
  actor: text,
  actorLabel: text,
  action: text,
  subjectType: text,
  subjectId: text,
  flowId: fc.option(fc.uuid()),
  flowVersionId: fc.option(fc.uuid()),
  runId: fc.option(fc.uuid()),
  requestId: fc.option(text),
  payloadDigest: fc.stringMatching(/^[0-9a-f]{64}$/),
  dedupeKey: fc.option(text),
  occurredAt: fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
  createdAt: fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
});

describe('entry hash', () => {
  it('is sha256 over exactly the canonical JSON of the record (the fast path writes the same bytes)', () => {
    fc.assert(
      fc.property(fieldsArb, (fields) => {
        expect(canonicalRecord(fields)).toBe(canonicalJson(hashedRecord(fields)));
      }),
      { numRuns: 500 },
    );
  });

  it('changes with every field', () => {
    const base: HashedFields = {
      seq: 1n,
      prevHash: GENESIS_HASH,
      actor: 'system',
      actorLabel: 'Trackway',
      action: 'run.start',
      subjectType: 'run',
      subjectId: 'r',
      flowId: null,
      flowVersionId: null,
      runId: null,
      requestId: null,
      payloadDigest: payloadDigest({}),
      dedupeKey: null,
      occurredAt: new Date(0),
      createdAt: new Date(0),
    };
    const variants: Partial<HashedFields>[] = [
      { seq: 2n },
      { prevHash: 'f'.repeat(64) },
      { actor: 'u' },
      { actorLabel: 'x' },
      { action: 'run.cancel' },
      { subjectType: 'flow' },
      { subjectId: 's' },
      { flowId: '00000000-0000-4000-8000-000000000000' },
      { flowVersionId: '00000000-0000-4000-8000-000000000000' },
      { runId: '00000000-0000-4000-8000-000000000000' },
      { requestId: 'q' },
      { payloadDigest: payloadDigest({ a: 1 }) },
      { dedupeKey: 'd' },
      { occurredAt: new Date(1) },
      { createdAt: new Date(1) },
    ];
    const hashes = new Set([entryHash(base), ...variants.map((v) => entryHash({ ...base, ...v }))]);
    expect(hashes.size).toBe(variants.length + 1);
  });

  it('digests payloads regardless of key order, and knows the redaction marker', () => {
    expect(payloadDigest({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(payloadDigest({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(isRedactedPayload({ redacted: true })).toBe(true);
    for (const other of [{ redacted: 'true' }, { redacted: true, more: 1 }, [true], null, 'redacted'])
      expect(isRedactedPayload(other)).toBe(false);
  });
});
