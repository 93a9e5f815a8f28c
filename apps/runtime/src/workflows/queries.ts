import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ResolvedAssignee, RunEvent, TaskCompletion } from '@trackway/nodes';
import type { RunState, TaskState } from './run-state.ts';

/** Shared by the workflow (handler) and the API (caller); defineQuery is safe outside workflows. */
export const runStateQuery = defineQuery<RunState>('runState');
export const INTERPRETER_WORKFLOW = 'interpreterWorkflow';

/** The events API delivers an event to a run whose business key it names. */
export const eventSignal = defineSignal<[RunEvent]>('event');

/** Outcome of an accepted completion, returned once the inbox row says so too. */
export interface TaskCompletionResult {
  readonly taskId: string;
  readonly status: TaskState['status'];
  readonly outcome: string;
}

/**
 * Completing a human task goes through the workflow: the update's validator refuses a task that is
 * not open, an outcome the task does not offer and form data that does not match the task's form.
 */
export const completeTaskUpdate = defineUpdate<TaskCompletionResult, [TaskCompletion]>('completeTask');

export interface TaskReassignment {
  readonly taskId: string;
  readonly assignee: ResolvedAssignee;
  readonly userId: string;
}

/**
 * A manager hands an open task to another person or group. Through the workflow, so that what it
 * knows (escalations, SLA notices, the rebuild of the task table) stays the truth; the handler
 * updates the inbox row before it answers.
 */
export const reassignTaskUpdate = defineUpdate<{ readonly taskId: string }, [TaskReassignment]>('reassignTask');
