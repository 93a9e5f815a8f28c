import { appendAudit, SYSTEM_ACTOR, type AuditEntryInput } from '../audit/index.ts';
import type { Db } from '../db/client.ts';
import { createNotifyActivities, type NotificationDeps } from '../notifications/notify-activity.ts';

/** An audit entry as a workflow records it; the run's flow and version are filled in here. */
export interface WorkflowAuditEntry {
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  /** A user id when a person acted (task completion, document review); "system" otherwise. */
  readonly actor?: string;
  readonly payload?: unknown;
  /** "<run id>/<node id>/<visit>/<what>": stable across activity retries and workflow replays. */
  readonly dedupeKey: string;
  /** Workflow time of the event. */
  readonly occurredAt: string;
}

export interface RunEnd {
  readonly runId: string;
  readonly status: 'completed' | 'failed' | 'cancelled';
  readonly output?: unknown;
  readonly error?: string;
  /** Audit entries not yet written (absent in runs started before the audit log existed). */
  readonly audit?: readonly WorkflowAuditEntry[];
  /** Workflow time of the end. */
  readonly endedAt?: string;
}

async function writeRunAudit(db: Db, runId: string, entries: readonly WorkflowAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const run = await db.run.findUnique({ where: { id: runId }, select: { flowId: true, flowVersionId: true } });
  const rows: AuditEntryInput[] = entries.map((e) => ({
    ...e,
    actor: e.actor ?? SYSTEM_ACTOR,
    runId,
    flowId: run?.flowId ?? null,
    flowVersionId: run?.flowVersionId ?? null,
  }));
  await appendAudit(db, rows);
}

/**
 * Activities the interpreter calls, built by a factory so dependencies are injected. Each one is
 * idempotent: Temporal retries activities, and a retry must never write twice.
 */
export function createRunActivities(deps: { db: Db; notifications?: NotificationDeps }) {
  const { db } = deps;
  return {
    async recordRunEnd(end: RunEnd): Promise<void> {
      // The log first: a retry after a crash finds its entries (dedupe keys) and the row update is idempotent.
      await writeRunAudit(db, end.runId, [
        ...(end.audit ?? []),
        {
          action: `run.${end.status}`,
          subjectType: 'run',
          subjectId: end.runId,
          payload: end.status === 'completed' ? { output: end.output ?? null } : { error: end.error ?? null },
          dedupeKey: `${end.runId}/run.end`,
          occurredAt: end.endedAt ?? new Date().toISOString(),
        },
      ]);
      await db.run.updateMany({
        where: { id: end.runId },
        data: {
          status: end.status,
          output: end.output === undefined ? undefined : (end.output as object),
          error: end.error ?? null,
          endedAt: new Date(),
        },
      });
    },

    /** Audit entries a run writes before it waits (see workflows/audit-trail.ts). */
    async 'run.audit'(input: { runId: string; entries: readonly WorkflowAuditEntry[] }): Promise<void> {
      await writeRunAudit(db, input.runId, input.entries);
    },

    // Outbox row + delivery over in-app, e-mail or webhook, each attempt recorded.
    ...createNotifyActivities(deps),
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;
