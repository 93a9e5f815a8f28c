import type { Assignee, BusinessCalendar, InputField } from '@trackway/schema/runtime';

/**
 * Workflow-side building blocks a node's behaviour may use beyond sleep and its own activity.
 * The interpreter implements them with Temporal primitives (signals, updates, conditions, timers,
 * activities), so every one of them is durable and replay-safe.
 */

/** An event posted by an external system (events API) and delivered to this run. */
export interface RunEvent {
  readonly id: string;
  readonly type: string;
  readonly businessKey: string;
  readonly payload: unknown;
  readonly receivedAt: string;
}

export type TaskStatus = 'open' | 'completed' | 'cancelled' | 'timed_out';

/** What a node asks of a person. The form reuses the flow language's input fields. */
export interface HumanTaskSpec {
  readonly title: string;
  readonly instructions?: string;
  readonly assignee: ResolvedAssignee;
  readonly form: readonly InputField[];
  /** Buttons the person chooses from; each becomes an output port of the node. */
  readonly outcomes: readonly string[];
  /** 1 (low) .. 4 (urgent). */
  readonly priority?: number;
  readonly dueAt?: string;
  readonly customerId?: string;
  /** Shown beside the form: customer profile, a document draft, anything JSON. */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** An assignee after expressions are evaluated: an expression yields a person's e-mail. */
export type ResolvedAssignee = Exclude<Assignee, { kind: 'expression' }>;

export interface TaskCompletion {
  readonly taskId: string;
  readonly outcome: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly userId: string;
}

export type HumanTaskResult =
  | {
      readonly status: 'completed';
      readonly taskId: string;
      readonly outcome: string;
      readonly data: Readonly<Record<string, unknown>>;
      readonly completedBy: string;
    }
  | { readonly status: 'timed_out'; readonly taskId: string };

/** A change an SLA or escalation node makes to a task it watches. */
export interface TaskPatch {
  readonly assignee?: ResolvedAssignee;
  readonly priority?: number;
  readonly sla?: unknown;
}

/** A human task as the workflow knows it (the inbox row is its projection). */
export interface TaskView {
  readonly id: string;
  readonly nodeId: string;
  readonly status: TaskStatus;
  readonly createdAt: string;
  readonly priority: number;
  readonly assignee: ResolvedAssignee;
}

/** Another node's human task, seen from an SLA or escalation node. */
export interface TaskWatch {
  /** The task's current state, if the watched node has created it yet. */
  current(): TaskView | undefined;
  /** Resolves when the watched node has created its task. */
  created(): Promise<TaskView>;
  /** Waits until the task is no longer open, at most `timeoutMs`; true when it closed. */
  closed(timeoutMs?: number): Promise<boolean>;
  /** Reassigns, re-prioritises or records SLA state on the task (workflow and inbox both). */
  update(patch: TaskPatch): Promise<void>;
}

export interface NotificationMessage {
  readonly channel: 'in_app' | 'email' | 'webhook';
  readonly to: string;
  readonly subject: string;
  readonly body: string;
}

export interface SubflowCall {
  /** Key of the flow to run (its latest published version unless `version` is given). */
  readonly flow: string;
  readonly version?: number;
  readonly input: Readonly<Record<string, unknown>>;
  /** Wait for the child run's result (default), or start it and go on. */
  readonly wait: boolean;
}

export interface SubflowResult {
  readonly runId: string;
  readonly workflowId: string;
  readonly version: number;
  /** The child's end output; absent when not waited for. */
  readonly output?: unknown;
}

export interface NodePrimitives {
  /** Runs another published flow as a child run (cancelled with this run when waited for). */
  runSubflow(call: SubflowCall): Promise<SubflowResult>;
  /** Takes the oldest delivered, not yet taken event of one of these types, if any. */
  takeEvent(types: readonly string[]): RunEvent | undefined;
  /** Waits for an event of one of these types (taking it), at most `timeoutMs`; undefined on timeout. */
  waitForEvent(types: readonly string[], timeoutMs?: number): Promise<RunEvent | undefined>;
  /** Waits until `predicate` holds (re-checked after every signal, update and timer), at most `timeoutMs`. */
  waitUntil(predicate: () => boolean, timeoutMs?: number): Promise<boolean>;
  /** True when an event of one of these types is waiting to be taken. */
  hasEvent(types: readonly string[]): boolean;
  /** Creates a task in the inbox and waits durably for a person to complete it (or the timeout). */
  humanTask(spec: HumanTaskSpec, timeoutMs?: number): Promise<HumanTaskResult>;
  /** The human task of another node (by node id) in this run. */
  watchTask(nodeId: string): TaskWatch;
  /** A business calendar by key (loaded through an activity, so edits apply to later loads). */
  calendar(key: string): Promise<BusinessCalendar>;
  /** Sends a notification through the notify activity; `key` keeps it idempotent within this step. */
  notify(key: string, message: NotificationMessage): Promise<unknown>;
  /** Publishes live detail of this step (SLA clock, next reminder) on the run's state. */
  progress(detail: unknown): void;
  /**
   * Records an audit entry for this step (e.g. "sla.breach", "document.review"); `actor` is the
   * user who acted, when a person did. Written with the run's next batch, exactly once.
   */
  audit(action: string, payload: unknown, actor?: string): void;
}
