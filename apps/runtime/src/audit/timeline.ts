import type { Client } from '@temporalio/client';
import type { Db } from '../db/client.ts';
import { auditEntrySelect, entryView, type AuditEntryView } from './query.ts';
import { summariseHistory, type TemporalEventItem } from './temporal-events.ts';

/** More entries than any one run should have; beyond it the timeline says it is cut. */
const MAX_AUDIT_ENTRIES = 5_000;
const HISTORY_DEADLINE_MS = 10_000;

export type TimelineItem = ({ readonly source: 'audit'; readonly at: string } & AuditEntryView) | TemporalEventItem;

export interface RunTimeline {
  readonly items: TimelineItem[];
  /** "ok", or why Temporal's side is missing (aged out of its retention, server unreachable). */
  readonly history: { readonly status: 'ok' | 'unavailable'; readonly message?: string };
  readonly truncated: boolean;
}

/**
 * One run's story in time order: the audit entries (who did what, step inputs and outputs, SLA
 * events) and Temporal's event history (timers, activities and their retries, signals, updates).
 * On equal times audit entries come first: a step is recorded as started before the activities
 * it schedules, and the same millisecond usually means exactly that.
 */
export async function runTimeline(services: { db: Db; temporal: Client }, run: { id: string; workflowId: string }): Promise<RunTimeline> {
  const rows = await services.db.auditEntry.findMany({
    where: { runId: run.id },
    orderBy: { seq: 'asc' },
    take: MAX_AUDIT_ENTRIES + 1,
    select: auditEntrySelect,
  });
  const audit: TimelineItem[] = rows.slice(0, MAX_AUDIT_ENTRIES).map((row) => {
    const view = entryView(row);
    return { source: 'audit', at: view.occurredAt, ...view };
  });

  let events: TemporalEventItem[] = [];
  let history: RunTimeline['history'] = { status: 'ok' };
  try {
    const fetched = await services.temporal.withDeadline(Date.now() + HISTORY_DEADLINE_MS, () =>
      services.temporal.workflow.getHandle(run.workflowId).fetchHistory(),
    );
    events = summariseHistory(fetched);
  } catch (error) {
    history = {
      status: 'unavailable',
      message: `Temporal's history of ${run.workflowId} could not be read (${error instanceof Error ? error.message : String(error)}); the audit entries are complete.`,
    };
  }

  const order = (item: TimelineItem) => (item.source === 'audit' ? 0 : 1);
  const tie = (item: TimelineItem) => (item.source === 'audit' ? item.seq : item.eventId);
  const items = [...audit, ...events].sort((a, b) => {
    const byTime = Date.parse(a.at) - Date.parse(b.at);
    if (byTime !== 0) return byTime;
    return order(a) - order(b) || tie(a) - tie(b);
  });
  return { items, history, truncated: rows.length > MAX_AUDIT_ENTRIES };
}
