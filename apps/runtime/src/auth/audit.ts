import { appendAudit } from '../audit/append.ts';
import type { AuditEntryInput } from '../audit/entry.ts';
import type { Db } from '../db/client.ts';

/** Who is behind a failed or refused sign-in: nobody we know yet. */
export const ANONYMOUS_ACTOR = 'anonymous';

/**
 * Sign-in and sign-out entries. A failure to write one is logged, not raised: an audit log that
 * is down must not lock everyone out (role changes, in contrast, commit with their entry).
 */
export async function auditAuthEvent(db: Db, entry: AuditEntryInput, log?: (line: string) => void): Promise<void> {
  try {
    await appendAudit(db, entry);
  } catch (error) {
    log?.(`audit: could not record ${entry.action}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
