import { ApplicationFailure } from '@temporalio/activity';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { appendAudit } from './append.ts';
import { AuditEntryInputSchema, SYSTEM_ACTOR } from './entry.ts';

/** The name workflows call to write audit entries. */
export const AUDIT_ACTIVITY = 'audit.append';

/** Most entries a workflow writes in one call (one workflow task's worth of steps). */
const MAX_BATCH = 500;

/** An entry from a workflow: the actor defaults to "system", and a dedupeKey is required. */
export const WorkflowAuditEntrySchema = AuditEntryInputSchema.extend({
  actor: AuditEntryInputSchema.shape.actor.default(SYSTEM_ACTOR),
  dedupeKey: z.string().min(1).max(500),
});

export interface AuditActivityInput {
  readonly entries: ReadonlyArray<z.input<typeof WorkflowAuditEntrySchema>>;
}

const InputSchema = z.object({ entries: z.array(WorkflowAuditEntrySchema).min(1).max(MAX_BATCH) });

export interface AuditActivityResult {
  /** Entries written by this call. */
  readonly appended: number;
  /** Entries already in the log from an earlier attempt (same dedupeKey), not written again. */
  readonly existing: number;
}

/**
 * Audit writes from workflows. Idempotent by dedupeKey (e.g. "<run id>/<node id>/<visit>/finish"):
 * when an attempt wrote its entries but the worker lost the answer, the retry finds them and adds
 * nothing. A malformed batch fails at once (retrying cannot fix it) and writes nothing.
 */
export function createAuditActivities(deps: { db: Db }) {
  return {
    async [AUDIT_ACTIVITY](input: AuditActivityInput): Promise<AuditActivityResult> {
      const parsed = InputSchema.safeParse(input);
      if (!parsed.success) {
        throw ApplicationFailure.create({
          type: 'AuditEntryInvalid',
          message: `audit.append refused the batch: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'} ${i.message}`).join('; ')}`,
          nonRetryable: true,
        });
      }
      const written = await appendAudit(deps.db, parsed.data.entries);
      const existing = written.filter((w) => w.duplicate).length;
      return { appended: written.length - existing, existing };
    },
  };
}

export type AuditActivities = ReturnType<typeof createAuditActivities>;
