import { createHash } from 'node:crypto';
import { canonicalJson } from '@trackway/schema';

/** prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What retention leaves of a payload; the digest of the original stays beside it. */
export const REDACTED_PAYLOAD = Object.freeze({ redacted: true as const });

export function isRedactedPayload(payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return false;
  const keys = Object.keys(payload);
  return keys.length === 1 && (payload as { redacted?: unknown }).redacted === true;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** sha256 of the canonical JSON of a payload (sorted keys, no whitespace). */
export function payloadDigest(payload: unknown): string {
  return sha256(canonicalJson(payload));
}

/** The fields an entry's hash covers, exactly as stored. */
export interface HashedFields {
  readonly seq: bigint;
  readonly prevHash: string;
  readonly actor: string;
  readonly actorLabel: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly flowId: string | null;
  readonly flowVersionId: string | null;
  readonly runId: string | null;
  readonly requestId: string | null;
  readonly payloadDigest: string;
  readonly dedupeKey: string | null;
  readonly occurredAt: Date;
  readonly createdAt: Date;
}

/**
 * sha256 over the canonical JSON of prevHash and every field of the entry. The payload enters
 * through its digest only, so retention can drop a payload without breaking the chain; changing
 * any field (or the digest) of any entry changes this hash and every link after it.
 * `v` names this serialisation, so a future change can be told apart from tampering.
 */
export function entryHash(fields: HashedFields): string {
  return sha256(
    canonicalJson({
      v: 1,
      seq: fields.seq.toString(),
      prevHash: fields.prevHash,
      actor: fields.actor,
      actorLabel: fields.actorLabel,
      action: fields.action,
      subjectType: fields.subjectType,
      subjectId: fields.subjectId,
      flowId: fields.flowId,
      flowVersionId: fields.flowVersionId,
      runId: fields.runId,
      requestId: fields.requestId,
      payloadDigest: fields.payloadDigest,
      dedupeKey: fields.dedupeKey,
      occurredAt: fields.occurredAt.toISOString(),
      createdAt: fields.createdAt.toISOString(),
    }),
  );
}
