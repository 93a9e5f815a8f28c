import type { Db } from '../db/client.ts';
import { createNotifyActivities, type NotificationDeps } from '../notifications/notify-activity.ts';

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
export function createRunActivities(deps: { db: Db; notifications?: NotificationDeps }) {
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

    // Outbox row + delivery over in-app, e-mail or webhook, each attempt recorded.
    ...createNotifyActivities(deps),
  };
}

export type RunActivities = ReturnType<typeof createRunActivities>;
