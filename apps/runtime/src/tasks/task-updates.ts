import { defineUpdate } from '@temporalio/workflow';

/** Inbox messages to the workflow; definitions only (defineUpdate is safe in the API and in workflow code). */

export interface TaskPriorityChange {
  readonly taskId: string;
  /** 1 (low) .. 4 (urgent). */
  readonly priority: number;
  readonly userId: string;
}

/**
 * A manager changes an open task's priority. Through the workflow, like a reassignment, so that
 * what the run knows (and the rebuild of the task table) keeps the new priority. The handler is
 * to update TaskState.priority and the inbox row (activity `task.update` with `{ taskId, priority }`)
 * before it answers; its validator refuses a task that is unknown or no longer open with the same
 * failure types as completeTask (TaskUnknown, TaskNotOpen).
 */
export const setTaskPriorityUpdate = defineUpdate<{ readonly taskId: string }, [TaskPriorityChange]>('setTaskPriority');
