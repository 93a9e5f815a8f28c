import type { AuditDb } from './append.ts';
import { entryHash, GENESIS_HASH, isRedactedPayload, payloadDigest } from './hash.ts';

export type ChainCheck =
  | {
      readonly ok: true;
      /** Entries checked. */
      readonly count: number;
      /** seq and hash of the last entry: write them down elsewhere to detect a rewrite of the whole tail later. */
      readonly headSeq: string | null;
      readonly headHash: string;
      /** Entries whose payload retention has replaced (their digests still verify). */
      readonly redacted: number;
    }
  | {
      readonly ok: false;
      readonly count: number;
      /** The first entry that does not fit the chain. */
      readonly brokenAt: {
        readonly seq: string;
        readonly field: 'seq' | 'prevHash' | 'payloadDigest' | 'hash';
        readonly expected: string;
        readonly found: string;
      };
      readonly message: string;
    };

/** Entries read per query: memory stays flat whatever the length of the log. */
const BATCH = 5_000;

/**
 * Walks the whole chain in seq order, a batch at a time, and recomputes every link: seq has no
 * gaps, each prevHash is the hash before it, each payload (unless redacted by retention) matches
 * its digest, and each hash matches the entry's fields. Stops at the first broken link.
 */
export async function verifyChain(db: AuditDb, options: { batchSize?: number } = {}): Promise<ChainCheck> {
  const batch = options.batchSize ?? BATCH;
  let count = 0;
  let redacted = 0;
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await db.auditEntry.findMany({
      where: { seq: { gte: expectedSeq } },
      orderBy: { seq: 'asc' },
      take: batch,
    });
    for (const row of rows) {
      const broken = (field: 'seq' | 'prevHash' | 'payloadDigest' | 'hash', expected: string, found: string): ChainCheck => ({
        ok: false,
        count,
        brokenAt: { seq: row.seq.toString(), field, expected, found },
        message: `The chain is broken at entry ${row.seq}: ${field} should be ${expected} but is ${found}.`,
      });
      if (row.seq !== expectedSeq) return broken('seq', expectedSeq.toString(), row.seq.toString());
      if (row.prevHash !== prevHash) return broken('prevHash', prevHash, row.prevHash);
      if (isRedactedPayload(row.payload)) redacted += 1;
      else {
        const digest = payloadDigest(row.payload);
        if (digest !== row.payloadDigest) return broken('payloadDigest', digest, row.payloadDigest);
      }
      const hash = entryHash({ ...row, prevHash });
      if (hash !== row.hash) return broken('hash', hash, row.hash);
      count += 1;
      prevHash = row.hash;
      expectedSeq += 1n;
    }
    if (rows.length < batch) break;
  }
  return { ok: true, count, headSeq: count === 0 ? null : (expectedSeq - 1n).toString(), headHash: prevHash, redacted };
}
