import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ResolvedAssignee } from '@trackway/nodes';
import { isUniqueViolation } from '../api/errors.ts';
import type { Db } from '../db/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { INTERPRETER_WORKFLOW, runStateQuery } from '../workflows/queries.ts';
import type { RunState, TaskState } from '../workflows/run-state.ts';
import { taskSearchText } from './search-text.ts';
import { assigneeColumns } from './task-activities.ts';

/**
 * Rebuilds the task table (the inbox projection) from the workflows, which are the source of
 * truth: every running interpreter workflow is asked for its `runState`, and each task it knows is
 * written back — missing rows inserted, rows that disagree (status, assignee, priority, SLA)
 * corrected. Open rows whose run has ended are closed as cancelled.
 *
 * Safe while the platform runs: a row is only corrected if nobody wrote it between reading it and
 * asking its workflow (its updated_at is unchanged), so a completion racing the rebuild wins.
 *
 * What the workflow does not keep, a rebuilt row cannot get back: claims (an inbox-only soft lock)
 * survive on existing rows but not on re-inserted ones; a re-inserted row takes its title from the
 * node's configuration (or label when the title is a template) and has no due date, customer or
 * context unless the run's TaskState carries them (see docs/inbox.md).
 */

export interface RebuildReport {
  readonly workflows: number;
  readonly tasks: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Open rows of runs that have ended, now cancelled. */
  readonly closedStale: number;
  readonly problems: readonly string[];
}

export interface RebuildOptions {
  readonly db: Db;
  readonly temporal: Client;
  readonly log?: (line: string) => void;
  /** How long one workflow may take to answer its query (a query needs a worker). */
  readonly queryTimeoutMs?: number;
  /** Only these workflows (tests, or repairing one case). Default: every running interpreter workflow. */
  readonly workflowIds?: readonly string[];
}

type Desired = Awaited<ReturnType<typeof assigneeColumns>> & {
  status: TaskState['status'];
  priority: number;
  sla: Prisma.InputJsonValue | null;
  outcome?: string | null;
  completedBy?: string | null;
  completedAt?: Date;
  data?: Prisma.InputJsonValue;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const rowSelect = {
  id: true,
  status: true,
  assigneeId: true,
  groupKey: true,
  role: true,
  priority: true,
  sla: true,
  claimedBy: true,
  title: true,
  customerId: true,
  searchText: true,
  updatedAt: true,
} satisfies Prisma.TaskSelect;

async function runningWorkflowIds(temporal: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const wf of temporal.workflow.list({
    query: `WorkflowType = '${INTERPRETER_WORKFLOW}' AND ExecutionStatus = 'Running'`,
  })) {
    ids.push(wf.workflowId);
  }
  return ids;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export async function rebuildTaskTable(options: RebuildOptions): Promise<RebuildReport> {
  const { db, temporal } = options;
  const log = options.log ?? (() => {});
  const timeout = options.queryTimeoutMs ?? 10_000;
  const problems: string[] = [];
  let tasks = 0;
  let inserted = 0;
  let updated = 0;
  let unchanged = 0;

  const workflowIds = options.workflowIds ? [...options.workflowIds] : await runningWorkflowIds(temporal);
  const runs = await db.run.findMany({
    where: { workflowId: { in: workflowIds } },
    select: { id: true, workflowId: true, flowId: true, flowVersion: { select: { plan: true } } },
  });
  const runByWorkflow = new Map(runs.map((r) => [r.workflowId, r]));

  for (const workflowId of workflowIds) {
    const run = runByWorkflow.get(workflowId);
    if (!run) {
      problems.push(`${workflowId}: no run row names this workflow; its tasks were left alone`);
      continue;
    }
    // Rows first, then the workflow: a row written after this read is newer than what we will write.
    const rows = await db.task.findMany({ where: { runId: run.id }, select: rowSelect });
    const rowById = new Map(rows.map((r) => [r.id, r]));
    let state: RunState;
    try {
      state = await temporal.withDeadline(Date.now() + timeout, () => temporal.workflow.getHandle(workflowId).query(runStateQuery));
    } catch (error) {
      problems.push(
        `${workflowId}: could not read its state (${error instanceof Error ? error.message : String(error)}); is a worker running?`,
      );
      continue;
    }
    const customerIds = [
      ...new Set([
        ...rows.flatMap((r) => (r.customerId ? [r.customerId] : [])),
        ...Object.values(state.tasks ?? {}).flatMap((t) => (t.customerId ? [t.customerId] : [])),
      ]),
    ];
    const customerNames = new Map(
      (customerIds.length
        ? await db.customer.findMany({ where: { id: { in: customerIds.filter((id) => UUID.test(id)) } }, select: { id: true, name: true } })
        : []
      ).map((c) => [c.id, c.name]),
    );
    const plan = run.flowVersion.plan as {
      nodes?: Record<string, { label?: string; config?: { title?: unknown; instructions?: unknown } }>;
    };
    for (const task of Object.values(state.tasks ?? {})) {
      tasks += 1;
      let desired: Desired;
      try {
        desired = await desiredRow(db, task);
      } catch (error) {
        problems.push(`${workflowId} task ${task.id}: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      const row = rowById.get(task.id);
      if (!row) {
        const extras = task;
        const node = plan.nodes?.[task.nodeId];
        const configured = typeof node?.config?.title === 'string' && !node.config.title.includes('{{') ? node.config.title : undefined;
        const title = extras.title ?? configured ?? state.steps[task.nodeId]?.label ?? node?.label ?? task.nodeId;
        try {
          await db.task.create({
            data: {
              id: task.id,
              dedupeKey: `${run.id}/${task.nodeId}/${task.visit}`,
              runId: run.id,
              flowId: run.flowId,
              workflowId,
              nodeId: task.nodeId,
              title,
              searchText: taskSearchText(title, extras.customerId ? customerNames.get(extras.customerId) : null),
              instructions: extras.instructions ?? '',
              form: task.form as unknown as Prisma.InputJsonArray,
              outcomes: [...task.outcomes],
              dueAt: extras.dueAt ? new Date(extras.dueAt) : null,
              customerId: extras.customerId ?? null,
              createdAt: new Date(task.createdAt),
              ...desired,
              sla: desired.sla ?? Prisma.DbNull,
            },
          });
          inserted += 1;
          log(`inserted task ${task.id} (${workflowId} / ${task.nodeId})`);
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          problems.push(`${workflowId} task ${task.id}: a row with its id or key appeared meanwhile; left as it is`);
        }
        continue;
      }
      // Refolds the search key too (older rows were folded by SQL, ASCII only).
      const searchText = taskSearchText(row.title, row.customerId ? customerNames.get(row.customerId) : null);
      const addressChanged = row.assigneeId !== desired.assigneeId || row.groupKey !== desired.groupKey || row.role !== desired.role;
      const differs =
        addressChanged ||
        row.status !== desired.status ||
        row.priority !== desired.priority ||
        row.searchText !== searchText ||
        !sameJson(row.sla, desired.sla);
      if (!differs) {
        unchanged += 1;
        continue;
      }
      const { count } = await db.task.updateMany({
        where: { id: row.id, updatedAt: row.updatedAt },
        data: {
          status: desired.status,
          assigneeId: desired.assigneeId,
          groupKey: desired.groupKey,
          role: desired.role,
          priority: desired.priority,
          searchText,
          sla: desired.sla ?? Prisma.DbNull,
          // A claim is for the queue it was made in.
          ...(addressChanged ? { claimedBy: null } : {}),
          ...(row.status === 'open' && desired.status !== 'open'
            ? { outcome: desired.outcome, completedBy: desired.completedBy, completedAt: desired.completedAt, data: desired.data }
            : {}),
        },
      });
      if (count === 1) {
        updated += 1;
        log(`corrected task ${task.id} (${workflowId} / ${task.nodeId})`);
      } else {
        problems.push(`${workflowId} task ${task.id}: changed while rebuilding; left as the newer write has it`);
      }
    }
  }

  const closedStale = options.workflowIds ? 0 : await closeStaleRows(db, temporal, new Set(workflowIds), problems);
  const report = { workflows: workflowIds.length, tasks, inserted, updated, unchanged, closedStale, problems };
  log(
    `rebuilt from ${report.workflows} running workflows: ${tasks} tasks, ${inserted} inserted, ${updated} corrected, ${unchanged} unchanged, ${closedStale} stale closed`,
  );
  return report;
}

async function desiredRow(db: Db, task: TaskState): Promise<Desired> {
  const completion = task.completion;
  const status = completion ? 'completed' : task.status;
  return {
    status,
    ...(await assigneeColumns(db, task.assignee as ResolvedAssignee)),
    priority: task.priority,
    sla: task.sla === undefined || task.sla === null ? null : (task.sla as Prisma.InputJsonValue),
    ...(status !== 'open'
      ? {
          outcome: completion?.outcome ?? null,
          completedBy: completion?.userId ?? null,
          completedAt: new Date(),
          ...(completion ? { data: completion.data as Prisma.InputJsonObject } : {}),
        }
      : {}),
  };
}

/**
 * Open rows of workflows that are not running. The visibility list can lag a moment behind a
 * start, so each such workflow is asked directly before its rows are closed.
 */
async function closeStaleRows(db: Db, temporal: Client, running: ReadonlySet<string>, problems: string[]): Promise<number> {
  const open = await db.task.findMany({ where: { status: 'open' }, select: { workflowId: true }, distinct: ['workflowId'] });
  let closed = 0;
  for (const { workflowId } of open) {
    if (running.has(workflowId)) continue;
    let ended: boolean;
    try {
      const description = await temporal.workflow.getHandle(workflowId).describe();
      ended = description.status.name !== 'RUNNING';
    } catch (error) {
      // Gone from Temporal (retention) counts as ended; anything else is reported, not guessed.
      if (error instanceof WorkflowNotFoundError) ended = true;
      else {
        problems.push(`${workflowId}: could not tell whether it still runs (${error instanceof Error ? error.message : String(error)})`);
        continue;
      }
    }
    if (!ended) continue;
    const { count } = await db.task.updateMany({
      where: { workflowId, status: 'open' },
      data: { status: 'cancelled', completedAt: new Date() },
    });
    closed += count;
  }
  return closed;
}
