import { z } from 'zod';
import { redactSecrets } from './redact-secrets.ts';

/** Who did it: a user id, or "system" for what the platform did on its own (workflows, schedules). */
export const SYSTEM_ACTOR = 'system';

/** A payload larger than this (as JSON) is stored as a stub with its size and digest. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

const Text = (max: number) => z.string().min(1).max(max);
const OptionalUuid = z
  .uuid('must be a UUID')
  .transform((s) => s.toLowerCase())
  .nullish();

/**
 * One audit entry as a caller describes it. Everything else (seq, time, hashes, the actor's label
 * when not given) is filled in by appendAudit.
 */
export const AuditEntryInputSchema = z.object({
  actor: Text(200),
  /** Shown to auditors; defaults to the user's e-mail when `actor` is a user id, else to `actor`. */
  actorLabel: z.string().max(320).optional(),
  /** `<subject>.<verb>`, e.g. flow.publish, run.start, step.finish, task.complete, auth.signin_failed. */
  action: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'lower-case words joined by ".", e.g. "task.complete"'),
  subjectType: Text(100),
  subjectId: Text(500),
  flowId: OptionalUuid,
  flowVersionId: OptionalUuid,
  runId: OptionalUuid,
  requestId: z.string().max(200).nullish(),
  /** Before/after or event data. Secret-named keys are redacted before anything is stored. */
  payload: z.unknown().optional(),
  /** Idempotency key: an entry with a key already in the log is not written again. */
  dedupeKey: z.string().min(1).max(500).nullish(),
  /** When it happened, if earlier than now (e.g. workflow time of a step); defaults to the write time. */
  occurredAt: z.union([z.date(), z.iso.datetime({ offset: true })]).optional(),
});

export type AuditEntryInput = z.input<typeof AuditEntryInputSchema>;

// NUL and unpaired surrogates cannot be stored in Postgres text or jsonb.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const storable = (s: string) => s.replace(UNSTORABLE, '\ufffd');

function sanitise(value: unknown): unknown {
  if (typeof value === 'string') return storable(value);
  if (Array.isArray(value)) return value.map(sanitise);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storable(k), sanitise(v)]));
  }
  return value;
}

/**
 * The payload as it will be stored and read back: secrets redacted, plain JSON (what jsonb
 * returns), text Postgres can store. Hashing this form means a read-back payload digests the same.
 */
export function normalisePayload(payload: unknown): unknown {
  // JSON first (toJSON, dropped undefined), so redaction walks plain data only.
  const text = JSON.stringify(payload ?? null, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
  // A function or symbol at the top is stored as null, as JSON would.
  if (text === undefined) return null;
  if (text.length > MAX_PAYLOAD_BYTES) return { truncated: true, bytes: text.length };
  return sanitise(redactSecrets(JSON.parse(text)));
}
