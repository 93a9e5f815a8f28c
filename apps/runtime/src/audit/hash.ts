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

/** The hashed record: prevHash and every field, with `v` naming this serialisation for future changes. */
export function hashedRecord(fields: HashedFields): Record<(typeof RECORD_KEYS)[number], string | number | null> {
  return {
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
  };
}

// Sorted as canonicalJson sorts keys; hash.test.ts proves the two serialisations are identical.
const RECORD_KEYS = [
  'action',
  'actor',
  'actorLabel',
  'createdAt',
  'dedupeKey',
  'flowId',
  'flowVersionId',
  'occurredAt',
  'payloadDigest',
  'prevHash',
  'requestId',
  'runId',
  'seq',
  'subjectId',
  'subjectType',
  'v',
] as const;

/** canonicalJson of the flat record, written out directly: verify hashes every entry, so this is its hot path. */
export function canonicalRecord(fields: HashedFields): string {
  const record = hashedRecord(fields);
  let text = '{';
  for (const key of RECORD_KEYS) text += `${text.length > 1 ? ',' : ''}"${key}":${JSON.stringify(record[key])}`;
  return `${text}}`;
}

/**
 * sha256 over the canonical JSON of prevHash and every field of the entry. The payload enters
 * through its digest only, so retention can drop a payload without breaking the chain; changing
 * any field (or the digest) of any entry changes this hash and every link after it.
 */
export function entryHash(fields: HashedFields): string {
  return sha256(canonicalRecord(fields));
}
