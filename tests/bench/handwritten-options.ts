import type { ActivityOptions } from '@temporalio/common';
import type { createRunActivities } from '../../apps/runtime/src/activities/run-activities.ts';

// Kept apart from the workflow module so the bench process can check them without importing
// workflow code outside the sandbox.

/** NOTIFY_ACTIVITY of @trackway/nodes, written out as hand-written code would; the bench checks they agree. */
export const NOTIFY_ACTIVITY_NAME = 'notify.send' satisfies keyof ReturnType<typeof createRunActivities>;

/** What the notify node declares (packages/nodes/src/builtin/notify.ts); the bench checks they agree. */
export const notifyOptions = {
  startToCloseTimeout: 10_000,
  retry: { maximumAttempts: 5, initialInterval: 1_000, backoffCoefficient: 2, nonRetryableErrorTypes: [] },
} satisfies ActivityOptions;
