import type { WorkflowHandle } from '@temporalio/client';

/**
 * Temporal's event history of a run, boiled down to what an auditor reads: timers, activities,
 * signals, updates, child workflows and how the workflow ended. Workflow-task bookkeeping and
 * markers are left out; payloads (inputs, results) are never shown here — the audit entries carry
 * them, with secrets redacted.
 */
export type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

export interface TemporalEventItem {
  readonly source: 'temporal';
  readonly at: string;
  readonly eventId: number;
  /** e.g. activity.scheduled, timer.fired, signal, update.completed, workflow.completed */
  readonly kind: string;
  readonly summary: string;
  readonly detail: Readonly<Record<string, string | number>>;
}

type Long = { toNumber(): number } | number | string | null | undefined;

const num = (v: Long): number => (v === null || v === undefined ? 0 : typeof v === 'object' ? v.toNumber() : Number(v));

function time(ts: { seconds?: Long; nanos?: number | null } | null | undefined): string {
  return new Date(num(ts?.seconds) * 1000 + Math.floor((ts?.nanos ?? 0) / 1e6)).toISOString();
}

function seconds(d: { seconds?: Long; nanos?: number | null } | null | undefined): number {
  return num(d?.seconds) + (d?.nanos ?? 0) / 1e9;
}

function humanDuration(s: number): string {
  if (s < 120) return `${Math.round(s * 10) / 10} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 360) / 10} h`;
  return `${Math.round(s / 8640) / 10} days`;
}

/** Summarises a history in event order. */
export function summariseHistory(history: History): TemporalEventItem[] {
  const out: TemporalEventItem[] = [];
  // Completions name only the event that scheduled them: remember what that was.
  const activities = new Map<number, { name: string; activityId: string }>();
  const attempts = new Map<number, number>();
  const timers = new Map<number, string>();
  const children = new Map<number, string>();

  for (const event of history.events ?? []) {
    const id = num(event.eventId);
    const item = (kind: string, summary: string, detail: Record<string, string | number> = {}) =>
      out.push({ source: 'temporal', at: time(event.eventTime), eventId: id, kind, summary, detail });
    const e: HistoryEvent = event;

    if (e.workflowExecutionStartedEventAttributes) {
      const a = e.workflowExecutionStartedEventAttributes;
      item('workflow.started', `Workflow ${a.workflowType?.name ?? ''} started`.replace('  ', ' '), {
        ...(a.attempt && a.attempt > 1 ? { attempt: a.attempt } : {}),
      });
    } else if (e.workflowExecutionCompletedEventAttributes) item('workflow.completed', 'Workflow completed');
    else if (e.workflowExecutionFailedEventAttributes) {
      item('workflow.failed', `Workflow failed: ${e.workflowExecutionFailedEventAttributes.failure?.message ?? 'no message'}`);
    } else if (e.workflowExecutionCanceledEventAttributes) item('workflow.cancelled', 'Workflow cancelled');
    else if (e.workflowExecutionCancelRequestedEventAttributes) {
      const a = e.workflowExecutionCancelRequestedEventAttributes;
      item('workflow.cancel_requested', 'Cancellation requested', a.identity ? { identity: a.identity } : {});
    } else if (e.workflowExecutionTerminatedEventAttributes) {
      item(
        'workflow.terminated',
        `Workflow terminated${e.workflowExecutionTerminatedEventAttributes.reason ? `: ${e.workflowExecutionTerminatedEventAttributes.reason}` : ''}`,
      );
    } else if (e.workflowExecutionTimedOutEventAttributes) item('workflow.timed_out', 'Workflow timed out');
    else if (e.workflowExecutionContinuedAsNewEventAttributes) {
      item('workflow.continued_as_new', 'Continued as new (the history goes on in a new execution)', {
        newRunId: e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? '',
      });
    } else if (e.workflowTaskFailedEventAttributes) {
      item('workflow_task.failed', `Workflow task failed: ${e.workflowTaskFailedEventAttributes.failure?.message ?? 'no message'}`);
    } else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      const name = a.activityType?.name ?? '?';
      activities.set(id, { name, activityId: a.activityId ?? '' });
      item('activity.scheduled', `Activity ${name} scheduled`, { activity: name, activityId: a.activityId ?? '' });
    } else if (e.activityTaskStartedEventAttributes) {
      const a = e.activityTaskStartedEventAttributes;
      attempts.set(num(a.scheduledEventId), a.attempt ?? 1);
    } else if (e.activityTaskCompletedEventAttributes) {
      const scheduled = num(e.activityTaskCompletedEventAttributes.scheduledEventId);
      const act = activities.get(scheduled);
      const attempt = attempts.get(scheduled) ?? 1;
      item('activity.completed', `Activity ${act?.name ?? '?'} completed${attempt > 1 ? ` on attempt ${attempt}` : ''}`, {
        activity: act?.name ?? '?',
        activityId: act?.activityId ?? '',
        attempt,
      });
    } else if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      const act = activities.get(num(a.scheduledEventId));
      const attempt = attempts.get(num(a.scheduledEventId)) ?? 1;
      item('activity.failed', `Activity ${act?.name ?? '?'} failed after ${attempt} attempt(s): ${a.failure?.message ?? 'no message'}`, {
        activity: act?.name ?? '?',
        activityId: act?.activityId ?? '',
        attempt,
      });
    } else if (e.activityTaskTimedOutEventAttributes) {
      const act = activities.get(num(e.activityTaskTimedOutEventAttributes.scheduledEventId));
      item('activity.timed_out', `Activity ${act?.name ?? '?'} timed out`, { activity: act?.name ?? '?' });
    } else if (e.activityTaskCanceledEventAttributes) {
      const act = activities.get(num(e.activityTaskCanceledEventAttributes.scheduledEventId));
      item('activity.cancelled', `Activity ${act?.name ?? '?'} cancelled`, { activity: act?.name ?? '?' });
    } else if (e.timerStartedEventAttributes) {
      const a = e.timerStartedEventAttributes;
      const s = seconds(a.startToFireTimeout);
      timers.set(id, a.timerId ?? '');
      item('timer.started', `Timer ${a.timerId ?? ''} started for ${humanDuration(s)}`, { timerId: a.timerId ?? '', seconds: s });
    } else if (e.timerFiredEventAttributes) {
      const a = e.timerFiredEventAttributes;
      item('timer.fired', `Timer ${a.timerId ?? timers.get(num(a.startedEventId)) ?? ''} fired`, { timerId: a.timerId ?? '' });
    } else if (e.timerCanceledEventAttributes) {
      item('timer.cancelled', `Timer ${e.timerCanceledEventAttributes.timerId ?? ''} cancelled`, {
        timerId: e.timerCanceledEventAttributes.timerId ?? '',
      });
    } else if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      item('signal', `Signal ${a.signalName ?? '?'} received`, {
        signal: a.signalName ?? '?',
        ...(a.identity ? { identity: a.identity } : {}),
      });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const a = e.workflowExecutionUpdateAcceptedEventAttributes;
      const name = a.acceptedRequest?.input?.name ?? '?';
      item('update.accepted', `Update ${name} accepted`, { update: name, updateId: a.protocolInstanceId ?? '' });
    } else if (e.workflowExecutionUpdateRejectedEventAttributes) {
      const a = e.workflowExecutionUpdateRejectedEventAttributes;
      const name = a.rejectedRequest?.input?.name ?? '?';
      item('update.rejected', `Update ${name} rejected: ${a.failure?.message ?? 'no message'}`, { update: name });
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      const a = e.workflowExecutionUpdateCompletedEventAttributes;
      const failed = a.outcome?.failure;
      item('update.completed', failed ? `Update failed: ${failed.message ?? 'no message'}` : 'Update completed', {
        updateId: a.meta?.updateId ?? '',
      });
    } else if (e.startChildWorkflowExecutionInitiatedEventAttributes) {
      const a = e.startChildWorkflowExecutionInitiatedEventAttributes;
      children.set(id, a.workflowId ?? '');
      item('child.initiated', `Child workflow ${a.workflowId ?? '?'} (${a.workflowType?.name ?? '?'}) requested`, {
        workflowId: a.workflowId ?? '',
      });
    } else if (e.startChildWorkflowExecutionFailedEventAttributes) {
      const a = e.startChildWorkflowExecutionFailedEventAttributes;
      item('child.start_failed', `Child workflow ${a.workflowId ?? '?'} could not start`, { workflowId: a.workflowId ?? '' });
    } else {
      const child =
        (e.childWorkflowExecutionStartedEventAttributes && (['child.started', 'started'] as const)) ||
        (e.childWorkflowExecutionCompletedEventAttributes && (['child.completed', 'completed'] as const)) ||
        (e.childWorkflowExecutionFailedEventAttributes && (['child.failed', 'failed'] as const)) ||
        (e.childWorkflowExecutionCanceledEventAttributes && (['child.cancelled', 'cancelled'] as const)) ||
        (e.childWorkflowExecutionTimedOutEventAttributes && (['child.timed_out', 'timed out'] as const)) ||
        (e.childWorkflowExecutionTerminatedEventAttributes && (['child.terminated', 'terminated'] as const));
      if (child) {
        const a =
          e.childWorkflowExecutionStartedEventAttributes ??
          e.childWorkflowExecutionCompletedEventAttributes ??
          e.childWorkflowExecutionFailedEventAttributes ??
          e.childWorkflowExecutionCanceledEventAttributes ??
          e.childWorkflowExecutionTimedOutEventAttributes ??
          e.childWorkflowExecutionTerminatedEventAttributes;
        const workflowId = a?.workflowExecution?.workflowId ?? children.get(num(a?.initiatedEventId)) ?? '?';
        item(child[0], `Child workflow ${workflowId} ${child[1]}`, { workflowId });
      }
    }
  }
  return out;
}
