import { NOTIFY_ACTIVITY, type NotifyActivityInput } from '@trackway/nodes';
import type { Db } from '../db/client.ts';

export interface RunEnd {
  readonly runId: string;
  readonly status: 'completed' | 'failed' | 'cancelled';
  readonly output?: unknown;
  readonly error?: string;
}

/**
 * Activities the interpreter calls, built by a factory so dependencies are injected. Each one is
 * idempotent: Temporal retries activities, and a retry must never write twice.
 */
export function createRunActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    async recordRunEnd(end: RunEnd): Promise<void> {
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

    async [NOTIFY_ACTIVITY](message: NotifyActivityInput): Promise<{ queued: boolean }> {
      const { count } = await db.outbox.createMany({
        data: [
          {
            dedupeKey: message.dedupeKey,
            runId: message.runId,
            channel: message.channel,
            recipient: message.recipient,
            subject: message.subject,
            body: message.body,
          },
        ],
        skipDuplicates: true,
      });
      return { queued: count === 1 };
    },
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;
