import type { Db } from '../db/client.ts';
import { appendAudit } from './append.ts';
import { SYSTEM_ACTOR } from './entry.ts';
import { REDACTED_PAYLOAD } from './hash.ts';

export const RETENTION_ENV = 'TRACKWAY_AUDIT_PAYLOAD_RETENTION_DAYS';

/** Entries redacted per statement, so a first run over years of log does not hold one huge transaction. */
const BATCH = 10_000;

/**
 * Days after which payloads are redacted, from TRACKWAY_AUDIT_PAYLOAD_RETENTION_DAYS; undefined
 * when unset (keep payloads forever). Anything but a whole number of days from 1 is refused.
 */
export function retentionDaysFromEnv(env: Record<string, string | undefined> = process.env): number | undefined {
  const raw = env[RETENTION_ENV]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 36_500) {
    throw new Error(`${RETENTION_ENV}=${raw} is not a number of days between 1 and 36500.`);
  }
  return Number(raw);
}

export interface RedactionResult {
  readonly redacted: number;
  readonly before: Date;
}

/**
 * Retention: replaces the payload of every entry written before `now - days` with
 * {"redacted": true}. The payload digest stays, and the chain hashes the digest, so verification
 * still passes; the database trigger allows exactly this update and no other. The run itself is
 * recorded in the log (action audit.redact).
 */
export async function redactOldPayloads(db: Db, days: number, now: Date = new Date()): Promise<RedactionResult> {
  if (!Number.isInteger(days) || days < 1) throw new Error(`Retention must be a whole number of days from 1, not ${days}.`);
  const before = new Date(now.getTime() - days * 86_400_000);
  const marker = JSON.stringify(REDACTED_PAYLOAD);
  let redacted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      UPDATE "audit_entries" SET "payload" = ${marker}::jsonb
      WHERE "seq" IN (
        SELECT "seq" FROM "audit_entries"
        WHERE "created_at" < ${before} AND "payload" <> ${marker}::jsonb
        ORDER BY "seq" LIMIT ${BATCH}
      )`;
    redacted += count;
    if (count < BATCH) break;
  }
  if (redacted > 0) {
    await appendAudit(db, {
      actor: SYSTEM_ACTOR,
      action: 'audit.redact',
      subjectType: 'audit_log',
      subjectId: 'payloads',
      payload: { retentionDays: days, writtenBefore: before.toISOString(), entries: redacted },
    });
  }
  return { redacted, before };
}
