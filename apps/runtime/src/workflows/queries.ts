import { defineQuery } from '@temporalio/workflow';
import type { RunState } from './run-state.ts';

/** Shared by the workflow (handler) and the API (caller); defineQuery is safe outside workflows. */
export const runStateQuery = defineQuery<RunState>('runState');
export const INTERPRETER_WORKFLOW = 'interpreterWorkflow';
