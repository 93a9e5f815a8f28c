import { ApplicationFailure } from '@temporalio/common';
import type { HumanTaskSpec, ResolvedAssignee, TaskPatch } from '@trackway/nodes';
import type { NotificationConfig } from '../config.ts';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { createTaskNotifier } from '../notifications/task-notices.ts';
import { slaNoticeEvent } from './sla-notice.ts';
import { taskSearchText } from './search-text.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CreateTaskInput extends HumanTaskSpec {
  /** "<run id>/<node id>/<visit>": a retried activity finds the row it wrote. */
  readonly dedupeKey: string;
  readonly runId: string;
  readonly workflowId: string;
  readonly nodeId: string;
}

export interface FinishTaskInput {
  readonly taskId: string;
  readonly status: 'completed' | 'cancelled' | 'timed_out';
  readonly outcome?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly completedBy?: string;
}

interface AssigneeColumns {
  assigneeId: string | null;
  groupKey: string | null;
  role: Extract<ResolvedAssignee, { kind: 'role' }>['role'] | null;
}

/** Turns who-the-task-is-for into the inbox row's columns; an unknown person or group stops the run clearly. */
export async function assigneeColumns(db: Db, assignee: ResolvedAssignee): Promise<AssigneeColumns> {
  switch (assignee.kind) {
    case 'user': {
      const email = assignee.email.trim().toLowerCase();
      const user = await db.user.findFirst({ where: { email: { equals: email, mode: 'insensitive' } }, select: { id: true } });
      if (!user)
        throw ApplicationFailure.create({
          type: 'TaskAssigneeUnknown',
          message: `No user has the e-mail "${assignee.email}".`,
          nonRetryable: true,
        });
      return { assigneeId: user.id, groupKey: null, role: null };
    }
    case 'group': {
      const group = await db.group.findUnique({ where: { key: assignee.group }, select: { key: true } });
      if (!group)
        throw ApplicationFailure.create({
          type: 'TaskAssigneeUnknown',
          message: `No group has the key "${assignee.group}".`,
          nonRetryable: true,
        });
      return { assigneeId: null, groupKey: group.key, role: null };
    }
    case 'role':
      return { assigneeId: null, groupKey: null, role: assignee.role };
  }
}

/**
 * The inbox projection, written only by the workflow through these activities. Each is idempotent:
 * Temporal retries activities, and a retry must leave the same row.
 */
export function createTaskActivities(deps: { db: Db; notifications?: NotificationConfig }) {
  const { db } = deps;
  const notifier = createTaskNotifier(deps);
  const noticeSelect = { id: true, title: true, priority: true, assigneeId: true, groupKey: true, role: true } as const;
  return {
    async 'task.create'(input: CreateTaskInput): Promise<{ taskId: string; createdAt: string }> {
      const existing = await db.task.findUnique({ where: { dedupeKey: input.dedupeKey }, select: { id: true, createdAt: true } });
      if (existing) return { taskId: existing.id, createdAt: existing.createdAt.toISOString() };
      // The inbox filters by flow (a sub-flow's task belongs to the sub-flow's own run and flow) and searches customer names.
      const [run, customer] = await Promise.all([
        db.run.findUnique({ where: { id: input.runId }, select: { flowId: true } }),
        input.customerId && UUID.test(input.customerId)
          ? db.customer.findUnique({ where: { id: input.customerId }, select: { name: true } })
          : null,
      ]);
      const row = await db.task.upsert({
        where: { dedupeKey: input.dedupeKey },
        update: {},
        create: {
          dedupeKey: input.dedupeKey,
          runId: input.runId,
          flowId: run?.flowId ?? null,
          workflowId: input.workflowId,
          nodeId: input.nodeId,
          title: input.title,
          searchText: taskSearchText(input.title, customer?.name),
          instructions: input.instructions ?? '',
          form: input.form as unknown as Prisma.InputJsonArray,
          outcomes: [...input.outcomes],
          ...(await assigneeColumns(db, input.assignee)),
          priority: input.priority ?? 2,
          dueAt: input.dueAt ? new Date(input.dueAt) : null,
          customerId: input.customerId ?? null,
          context: (input.context ?? {}) as Prisma.InputJsonObject,
        },
        select: { ...noticeSelect, createdAt: true },
      });
      // Only a newly written row gets here (a retry returned above); the "created" key covers a race.
      // Awaited, so a worker stopping mid-send retries it; the API waits briefly for a task the run
      // does not know yet (api/routers/tasks.ts), so the send may widen that gap safely.
      await notifier.notify({ kind: 'task.assigned', task: row, event: 'created' });
      return { taskId: row.id, createdAt: row.createdAt.toISOString() };
    },

    async 'task.finish'(input: FinishTaskInput): Promise<void> {
      await db.task.updateMany({
        where: { id: input.taskId, status: 'open' },
        data: {
          status: input.status,
          outcome: input.outcome ?? null,
          data: input.data === undefined ? undefined : (input.data as Prisma.InputJsonObject),
          completedBy: input.completedBy ?? null,
          completedAt: new Date(),
        },
      });
    },

    async 'task.update'(input: TaskPatch & { taskId: string }): Promise<void> {
      const before = await db.task.findFirst({ where: { id: input.taskId, status: 'open' }, select: { ...noticeSelect, sla: true } });
      if (!before) return;
      await db.task.updateMany({
        where: { id: input.taskId, status: 'open' },
        data: {
          ...(input.assignee ? { ...(await assigneeColumns(db, input.assignee)), claimedBy: null } : {}),
          ...(input.priority !== undefined ? { priority: input.priority } : {}),
          ...(input.sla !== undefined ? { sla: input.sla as Prisma.InputJsonObject } : {}),
        },
      });
      const after = await db.task.findUnique({ where: { id: input.taskId }, select: { ...noticeSelect, updatedAt: true } });
      if (!after) return;
      const reassigned = after.assigneeId !== before.assigneeId || after.groupKey !== before.groupKey || after.role !== before.role;
      if (reassigned) {
        // A patch cannot say who sent it (manager or escalation node); a raised priority is what marks an escalation.
        const kind = after.priority > before.priority ? 'task.escalated' : 'task.assigned';
        // A retry finds the row already reassigned and sends nothing; the time names this reassignment.
        await notifier.notify({ kind, task: after, event: `assigned@${after.updatedAt.getTime()}` });
      }
      const slaEvent = input.sla === undefined ? null : slaNoticeEvent(before.sla, input.sla);
      if (slaEvent) await notifier.notify({ kind: 'sla.warning', task: after, event: slaEvent });
    },
  };
}

export type TaskActivities = ReturnType<typeof createTaskActivities>;
