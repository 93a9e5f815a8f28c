import type { ResolvedAssignee, RunEvent, TaskCompletion, TaskStatus } from '@trackway/nodes';
import type { ExecutionPlan, InputField } from '@trackway/schema/runtime';
import type { WorkflowAuditEntry } from '../activities/run-activities.ts';

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
  /** Live detail a waiting node publishes (SLA clock, next reminder). */
  progress?: unknown;
}

/** A delivered event; `takenBy` is the step that consumed it ("<node id>#<visit>"). */
export interface ReceivedEvent extends RunEvent {
  takenBy?: string;
}

/** A human task as the workflow tracks it; the inbox row in Postgres is its projection. */
export interface TaskState {
  readonly id: string;
  readonly nodeId: string;
  readonly visit: number;
  status: TaskStatus;
  readonly createdAt: string;
  readonly form: readonly InputField[];
  readonly outcomes: readonly string[];
  /** What the inbox shows, kept so the task table can be rebuilt from the workflows (tasks:rebuild). */
  readonly title?: string;
  readonly instructions?: string;
  readonly dueAt?: string;
  readonly customerId?: string;
  readonly context?: Readonly<Record<string, unknown>>;
  assignee: ResolvedAssignee;
  priority: number;
  sla?: unknown;
  /** Accepted completion, set by the update handler; the node then writes the projection. */
  completion?: TaskCompletion;
}

export interface RunState {
  status: RunStatus;
  steps: Record<string, StepState>;
  vars: Record<string, unknown>;
  output?: unknown;
  error?: string;
  /** Nodes currently executing (more than one inside parallel branches). */
  active: string[];
  /** Events delivered to this run, oldest first (absent in runs started before events existed). */
  events?: ReceivedEvent[];
  /** Human tasks by task id. */
  tasks?: Record<string, TaskState>;
  /** Audit entries recorded but not yet written (see audit-trail.ts). */
  auditPending?: WorkflowAuditEntry[];
}

export interface InterpreterArgs {
  readonly plan: ExecutionPlan;
  readonly input: Record<string, unknown>;
  /** Trackway run id (the Run row), distinct from Temporal's run id which changes on continue-as-new. */
  readonly runId: string;
  /** The business key the workflow id was built from (absent in older runs: derived from the id). */
  readonly businessKey?: string;
  readonly startedAt: string;
  /** Set when the run continued as new: where to pick up and what it had. */
  readonly resume?: { readonly at: string; readonly state: RunState; readonly stepOutputs: Record<string, unknown> };
}

export interface RunOutcome {
  readonly status: 'completed';
  readonly output: unknown;
}
