import {
  ApplicationFailure,
  CancellationScope,
  condition,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
} from '@temporalio/workflow';
import type { HumanTaskResult, HumanTaskSpec, NodePrimitives, RunEvent, TaskCompletion, TaskPatch, TaskView } from '@trackway/nodes';
import { validateRunInput, type BusinessCalendar } from '@trackway/schema/runtime';
import type { PreparedSubflow, SubflowRequest } from '../runs/subflow-activities.ts';
import { setTaskPriorityUpdate, type TaskPriorityChange } from '../tasks/task-updates.ts';
import type { TaskActivities } from '../tasks/task-activities.ts';
import { completeTaskUpdate, eventSignal, reassignTaskUpdate, type TaskCompletionResult, type TaskReassignment } from './queries.ts';
import { flushAuditBeforeWait, needsAuditFlush, recordAudit } from './audit-trail.ts';
import type { InterpreterArgs, ReceivedEvent, RunState, StepState, TaskState } from './run-state.ts';

/**
 * The workflow side of events, human tasks, calendars and notifications: the handlers that receive
 * events (signal) and task completions (update), and the primitives nodes build on
 * (NodePrimitives). All state lives in RunState, so the `runState` query shows it and
 * continue-as-new carries it.
 */

const taskActivities = proxyActivities<TaskActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', backoffCoefficient: 2, nonRetryableErrorTypes: ['TaskAssigneeUnknown'] },
});

type LooseActivity = (input: Record<string, unknown>) => Promise<unknown>;
const supportActivities = proxyActivities<Record<string, LooseActivity>>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', backoffCoefficient: 2, nonRetryableErrorTypes: ['CalendarNotFound'] },
});
/** Registered by the calendars module (apps/runtime/src/calendars). */
/** Temporal patch: a human task's inbox row is created to the end even if the run is cancelled meanwhile. */
const TASK_CREATE_COMPLETES = 'task-create-completes';
const CALENDAR_ACTIVITY = 'calendar.get';
const NOTIFY_ACTIVITY = 'notify.send';
const SUBFLOW_ACTIVITY = 'subflow.prepare';
const INTERPRETER = 'interpreterWorkflow';

/** Delivered events kept on the run; the oldest taken ones go first when there are more. */
const MAX_EVENTS = 500;

/** Installs the event signal and the task completion update. Call once, before the run does anything. */
export function installRunHandlers(state: RunState): void {
  const events = (state.events ??= []);
  const tasks = (state.tasks ??= {});
  setHandler(eventSignal, (event: RunEvent) => {
    // The events API may deliver the same event twice (a retried request): keep one.
    if (events.some((e) => e.id === event.id)) return;
    events.push({ ...event });
    if (events.length > MAX_EVENTS) {
      const taken = events.findIndex((e) => e.takenBy !== undefined);
      events.splice(taken === -1 ? 0 : taken, 1);
    }
  });
  setHandler(
    completeTaskUpdate,
    async (completion: TaskCompletion): Promise<TaskCompletionResult> => {
      const task = tasks[completion.taskId] as TaskState;
      task.completion = completion;
      // Answer once the inbox row says so too, so the caller reads its own write.
      await condition(() => task.status !== 'open');
      return { taskId: task.id, status: task.status, outcome: completion.outcome };
    },
    { validator: (completion: TaskCompletion) => validateCompletion(tasks, completion) },
  );
  setHandler(
    setTaskPriorityUpdate,
    async ({ taskId, priority }: TaskPriorityChange) => {
      const task = tasks[taskId] as TaskState;
      await taskActivities['task.update']({ taskId, priority });
      task.priority = priority;
      return { taskId };
    },
    { validator: ({ taskId }: TaskPriorityChange) => validateOpen(tasks, taskId, 'change its priority') },
  );
  setHandler(
    reassignTaskUpdate,
    async ({ taskId, assignee }: TaskReassignment) => {
      const task = tasks[taskId] as TaskState;
      await taskActivities['task.update']({ taskId, assignee });
      task.assignee = assignee;
      return { taskId };
    },
    { validator: ({ taskId }: TaskReassignment) => validateOpen(tasks, taskId, 'be reassigned') },
  );
}

/** Refusals carry a type the API maps to an HTTP-ish code (see api/routers/tasks.ts). */
function refuse(type: 'TaskNotOpen' | 'TaskUnknown' | 'OutcomeInvalid' | 'FormInvalid', message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

function validateOpen(tasks: Record<string, TaskState>, taskId: string, what: string): void {
  const task = tasks[taskId];
  if (!task) refuse('TaskUnknown', `Task ${taskId} is not a task of this run (or is still being created).`);
  if (task.status !== 'open' || task.completion) refuse('TaskNotOpen', `Task ${taskId} is no longer open; it cannot ${what}.`);
}

export function validateCompletion(tasks: Record<string, TaskState>, completion: TaskCompletion): void {
  const task = tasks[completion.taskId];
  if (!task) refuse('TaskUnknown', `Task ${completion.taskId} is not a task of this run (or is still being created).`);
  if (task.status !== 'open' || task.completion) {
    refuse(
      'TaskNotOpen',
      `Task ${task.id} is ${task.completion ? 'already completed' : task.status.replace('_', ' ')}; it cannot be completed again.`,
    );
  }
  if (!task.outcomes.includes(completion.outcome)) {
    refuse('OutcomeInvalid', `"${completion.outcome}" is not an outcome of this task; choose one of: ${task.outcomes.join(', ')}.`);
  }
  const data = completion.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    refuse('FormInvalid', 'Form data must be an object of field values.');
  const issues = validateRunInput(task.form, data as Record<string, unknown>);
  if (issues.length > 0) refuse('FormInvalid', `Form rejected: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`);
}

/** An accepted completion counts as completed at once, though the inbox row is written just after. */
function viewOf(task: TaskState): TaskView {
  return {
    id: task.id,
    nodeId: task.nodeId,
    status: task.completion ? 'completed' : task.status,
    createdAt: task.createdAt,
    priority: task.priority,
    assignee: task.assignee,
  };
}

function latestTaskOf(state: RunState, nodeId: string): TaskState | undefined {
  let latest: TaskState | undefined;
  for (const task of Object.values(state.tasks ?? {})) {
    if (task.nodeId === nodeId && (!latest || task.visit >= latest.visit)) latest = task;
  }
  return latest;
}

const isClosed = (task: TaskState) => task.status !== 'open' || task.completion !== undefined;

/** condition() with an optional timeout; a timeout of 0 or less answers at once. */
async function waitFor(predicate: () => boolean, timeoutMs: number | undefined): Promise<boolean> {
  if (timeoutMs === undefined) {
    await condition(predicate);
    return true;
  }
  if (timeoutMs <= 0) return predicate();
  return condition(predicate, timeoutMs);
}

/** The primitives of one step (node visit). */
export function createPrimitives(args: InterpreterArgs, state: RunState, step: StepState, workflowId: string): NodePrimitives {
  const events = (state.events ??= []);
  const tasks = (state.tasks ??= {});
  const stepKey = `${step.nodeId}#${step.visits}`;
  const dedupeKey = `${args.runId}/${step.nodeId}/${step.visits}`;
  /** condition(), after writing pending audit entries when it is about to block (see audit-trail.ts). */
  const wait = (predicate: () => boolean, timeoutMs: number | undefined): Promise<boolean> =>
    !predicate() && (timeoutMs === undefined || timeoutMs > 0) && needsAuditFlush(state)
      ? flushAuditBeforeWait(state, args.runId).then(() => waitFor(predicate, timeoutMs))
      : waitFor(predicate, timeoutMs);
  let audited = 0;
  const audit = (action: string, payload: unknown, actor?: string) =>
    recordAudit(state, {
      action,
      subjectType: action.slice(0, action.indexOf('.')),
      subjectId: stepKey,
      ...(actor ? { actor } : {}),
      payload,
      dedupeKey: `${dedupeKey}/${action}/${++audited}`,
      occurredAt: new Date().toISOString(),
    });

  const matching = (types: readonly string[]) => events.find((e) => e.takenBy === undefined && types.includes(e.type));
  const take = (event: ReceivedEvent): RunEvent => {
    event.takenBy = stepKey;
    return { id: event.id, type: event.type, businessKey: event.businessKey, payload: event.payload, receivedAt: event.receivedAt };
  };

  const finishTask = async (task: TaskState, status: 'completed' | 'cancelled' | 'timed_out', completion?: TaskCompletion) => {
    await taskActivities['task.finish']({
      taskId: task.id,
      status,
      ...(completion ? { outcome: completion.outcome, data: completion.data, completedBy: completion.userId } : {}),
    });
    task.status = status;
  };

  const humanTask = async (spec: HumanTaskSpec, timeoutMs?: number): Promise<HumanTaskResult> => {
    const create = () => taskActivities['task.create']({ ...spec, dedupeKey, runId: args.runId, workflowId, nodeId: step.nodeId });
    // Once asked for, the inbox row is written even if the run is cancelled meanwhile; the run then
    // learns its id and closes it below. Cancelling the activity instead could leave the row open
    // with no run that knows it. Runs recorded before this replay as they were (Temporal patch).
    const created = patched(TASK_CREATE_COMPLETES) ? await CancellationScope.nonCancellable(create) : await create();
    const task: TaskState = {
      id: created.taskId,
      nodeId: step.nodeId,
      visit: step.visits,
      status: 'open',
      // Workflow time, not the database's clock: SLA clocks measure from here, and must replay alike.
      createdAt: new Date().toISOString(),
      form: spec.form,
      outcomes: spec.outcomes,
      title: spec.title,
      ...(spec.instructions ? { instructions: spec.instructions } : {}),
      ...(spec.dueAt ? { dueAt: spec.dueAt } : {}),
      ...(spec.customerId ? { customerId: spec.customerId } : {}),
      ...(spec.context ? { context: spec.context } : {}),
      assignee: spec.assignee,
      priority: spec.priority ?? 2,
    };
    tasks[task.id] = task;
    try {
      audit('task.create', { taskId: task.id, title: spec.title, assignee: spec.assignee, form: spec.form, outcomes: spec.outcomes });
      const done = await wait(() => task.completion !== undefined, timeoutMs);
      const completion = task.completion;
      if (!done || !completion) {
        audit('task.timeout', { taskId: task.id });
        await finishTask(task, 'timed_out');
        return { status: 'timed_out', taskId: task.id };
      }
      audit('task.complete', { taskId: task.id, outcome: completion.outcome, data: completion.data }, completion.userId);
      await finishTask(task, 'completed', completion);
      return { status: 'completed', taskId: task.id, outcome: completion.outcome, data: completion.data, completedBy: completion.userId };
    } catch (error) {
      // The run was cancelled or another branch won: the inbox must not keep offering the task.
      if (isCancellation(error) && task.status === 'open') {
        audit('task.cancel', { taskId: task.id });
        await CancellationScope.nonCancellable(() => finishTask(task, 'cancelled'));
      }
      throw error;
    }
  };

  return {
    async runSubflow(call) {
      const childId = `${workflowId}/${step.nodeId}/${step.visits}`;
      const businessKey = args.businessKey ?? workflowId.slice(workflowId.indexOf(':') + 1);
      const request: SubflowRequest = {
        parentRunId: args.runId,
        flowKey: call.flow,
        ...(call.version ? { version: call.version } : {}),
        input: { ...call.input },
        workflowId: childId,
        businessKey,
      };
      const prepared = (await (supportActivities[SUBFLOW_ACTIVITY] as LooseActivity)({ ...request })) as PreparedSubflow;
      // The child shares the business key, so events for the case reach it too.
      const childArgs: InterpreterArgs = {
        plan: prepared.plan,
        input: request.input,
        runId: prepared.runId,
        businessKey,
        startedAt: prepared.startedAt,
      };
      const base = { runId: prepared.runId, workflowId: childId, version: prepared.version };
      if (!call.wait) {
        await startChild(INTERPRETER, { workflowId: childId, args: [childArgs], parentClosePolicy: ParentClosePolicy.ABANDON });
        return base;
      }
      const outcome = (await executeChild(INTERPRETER, { workflowId: childId, args: [childArgs] })) as { output?: unknown };
      return { ...base, output: outcome.output };
    },
    takeEvent: (types) => {
      const event = matching(types);
      return event ? take(event) : undefined;
    },
    hasEvent: (types) => matching(types) !== undefined,
    async waitForEvent(types, timeoutMs) {
      const ready = () => matching(types) !== undefined;
      if (!(await wait(ready, timeoutMs))) return undefined;
      const event = matching(types);
      return event ? take(event) : undefined;
    },
    waitUntil: wait,
    audit,
    humanTask,
    watchTask(nodeId) {
      const find = () => latestTaskOf(state, nodeId);
      return {
        current: () => {
          const task = find();
          return task && viewOf(task);
        },
        async created() {
          await wait(() => find() !== undefined, undefined);
          return viewOf(find() as TaskState);
        },
        closed(timeoutMs) {
          return wait(() => {
            const task = find();
            return task !== undefined && isClosed(task);
          }, timeoutMs);
        },
        async update(patch: TaskPatch) {
          const task = find();
          if (!task || isClosed(task)) return;
          await taskActivities['task.update']({ taskId: task.id, ...patch });
          if (patch.assignee || patch.priority !== undefined) audit('task.escalate', { taskId: task.id, ...patch });
          if (patch.assignee) task.assignee = patch.assignee;
          if (patch.priority !== undefined) task.priority = patch.priority;
          if (patch.sla !== undefined) task.sla = patch.sla;
        },
      };
    },
    async calendar(key) {
      return (await (supportActivities[CALENDAR_ACTIVITY] as LooseActivity)({ key })) as BusinessCalendar;
    },
    notify(key, message) {
      return (supportActivities[NOTIFY_ACTIVITY] as LooseActivity)({
        ...message,
        recipient: message.to,
        dedupeKey: `${dedupeKey}/${key}`,
        runId: args.runId,
      });
    },
    progress(detail) {
      step.progress = detail;
    },
  };
}
