import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { RunEvent, TaskCompletion } from '@trackway/nodes';
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
