import type { ExecutionPlan } from '@trackway/schema/runtime';

/** The state a run exposes through the `runState` query: the workflow is the source of truth. */
export type StepStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';

export interface StepState {
  readonly nodeId: string;
  readonly type: string;
  readonly label: string;
  status: StepStatus;
  /** How many times the node has run (loops run a node more than once). */
  visits: number;
  startedAt: string;
  endedAt?: string;
  port?: string;
  output?: unknown;
  error?: string;
}

export interface RunState {
  status: RunStatus;
  steps: Record<string, StepState>;
  vars: Record<string, unknown>;
  output?: unknown;
  error?: string;
  /** Nodes currently executing (more than one inside parallel branches). */
  active: string[];
}

export interface InterpreterArgs {
  readonly plan: ExecutionPlan;
  readonly input: Record<string, unknown>;
  /** Trackway run id (the Run row), distinct from Temporal's run id which changes on continue-as-new. */
  readonly runId: string;
  readonly startedAt: string;
  /** Set when the run continued as new: where to pick up and what it had. */
  readonly resume?: { readonly at: string; readonly state: RunState; readonly stepOutputs: Record<string, unknown> };
}

export interface RunOutcome {
  readonly status: 'completed';
  readonly output: unknown;
}
