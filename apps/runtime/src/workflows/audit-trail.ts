import { patched, proxyActivities } from '@temporalio/workflow';
import type { RunActivities, WorkflowAuditEntry } from '../activities/run-activities.ts';
import type { RunState } from './run-state.ts';

/**
 * What the run did, for the audit log: step starts and finishes, task decisions, SLA warnings and
 * breaches, document reviews. Entries are collected in the run's state and written in batches —
 * with the run's end (in the same activity, so a run that never waits costs no extra history
 * events) and before the run blocks on a timer, a task or an event. Every entry carries a dedupe
 * key, so an activity retry never writes one twice.
 */

const runActivities = proxyActivities<RunActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', backoffCoefficient: 2 },
});

/** Runs recorded before audit flushing existed replay without the extra activity (Temporal patching). */
const FLUSH_BEFORE_WAIT = 'audit-flush-before-wait';

export function recordAudit(state: RunState, entry: WorkflowAuditEntry): void {
  (state.auditPending ??= []).push(entry);
}

/** Takes the entries not yet written (for the run-end activity, which writes them itself). */
export function takeAudit(state: RunState): WorkflowAuditEntry[] {
  const entries = state.auditPending ?? [];
  state.auditPending = [];
  return entries;
}

/**
 * True when entries wait to be written and this run writes them before waiting. Synchronous, and
 * false on replay of a run recorded before flushing existed, so such runs take exactly the steps
 * (and microtask turns) they took when recorded.
 */
export function needsAuditFlush(state: RunState): boolean {
  return (state.auditPending?.length ?? 0) > 0 && patched(FLUSH_BEFORE_WAIT);
}

/** Writes pending entries before the run waits, so the log is current while it waits (days, maybe). */
export async function flushAuditBeforeWait(state: RunState, runId: string): Promise<void> {
  const entries = takeAudit(state);
  if (entries.length > 0) await runActivities['run.audit']({ runId, entries });
}
