import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TRPCError } from '@trpc/server';
import type { ResolvedAssignee } from '@trackway/nodes';
import { z } from 'zod';
import { actorOf, appendAudit, type AuditDb } from '../../audit/index.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import {
  canSeeTask,
  canWorkTask,
  holdsOrManages,
  INBOX_VIEWS,
  managesTasks,
  seesAllTasks,
  taskViewer,
  visibleTasks,
  type TaskViewer,
} from '../../tasks/access.ts';
import { inboxCounts, inboxPage, InboxFiltersSchema, InboxInputError, INBOX_SORTS } from '../../tasks/inbox-query.ts';
import { setTaskPriorityUpdate } from '../../tasks/task-updates.ts';
import { completeTaskUpdate, reassignTaskUpdate, runStateQuery } from '../../workflows/queries.ts';
import type { RunState } from '../../workflows/run-state.ts';
import type { Context } from '../context.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Uuid = z.uuid('must be a UUID');
const LIVE_STATE_DEADLINE_MS = 5_000;
const WORKING_ROLES: readonly string[] = ROLES.workTasks;

const taskSelect = {
  id: true,
  runId: true,
  flowId: true,
  workflowId: true,
  nodeId: true,
  title: true,
  instructions: true,
  form: true,
  outcomes: true,
  assigneeId: true,
  groupKey: true,
  role: true,
  status: true,
  priority: true,
  dueAt: true,
  sla: true,
  customerId: true,
  context: true,
  claimedBy: true,
  completedBy: true,
  outcome: true,
  data: true,
  createdAt: true,
  updatedAt: true,
  completedAt: true,
} satisfies Prisma.TaskSelect;

const attachmentSelect = {
  id: true,
  fileName: true,
  contentType: true,
  size: true,
  sha256: true,
  uploadedBy: true,
  createdAt: true,
} satisfies Prisma.TaskAttachmentSelect;

/** Why the workflow refused a completion or change -> what the caller is told. */
const REFUSALS: Record<string, TRPCError['code']> = {
  TaskNotOpen: 'CONFLICT',
  TaskUnknown: 'CONFLICT',
  OutcomeInvalid: 'BAD_REQUEST',
  FormInvalid: 'BAD_REQUEST',
  TaskAssigneeUnknown: 'BAD_REQUEST',
};

/** Why the workflow refused: a handler's failed activity arrives wrapped, the reason is its cause. */
function reasonOf(error: WorkflowUpdateFailedError): unknown {
  let cause: unknown = error.cause;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause) cause = cause.cause;
  return cause;
}

function refusalOf(error: WorkflowUpdateFailedError, what: string): TRPCError {
  const cause = reasonOf(error);
  if (cause instanceof ApplicationFailure && cause.type && REFUSALS[cause.type]) {
    return new TRPCError({ code: REFUSALS[cause.type] as TRPCError['code'], message: cause.message });
  }
  const message = cause instanceof Error ? cause.message : error.message;
  return new TRPCError({ code: 'CONFLICT', message: `The run refused the ${what}: ${message}` });
}

/** Sends an update to the task's workflow; Temporal's refusals become client errors. */
async function throughWorkflow<T>(
  temporal: Client,
  workflowId: string,
  what: string,
  send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>,
) {
  // The inbox row is written by an activity a moment before the workflow records the task: a task
  // the caller found in the table but the run does not know yet is retried briefly, not refused.
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(temporal.workflow.getHandle(workflowId));
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        const reason = reasonOf(error);
        const stillBeingCreated = reason instanceof ApplicationFailure && reason.type === 'TaskUnknown';
        if (stillBeingCreated && attempt < TASK_KNOWN_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        throw refusalOf(error, what);
      }
      if (error instanceof WorkflowNotFoundError) throw new TRPCError({ code: 'CONFLICT', message: 'The run of this task has ended.' });
      throw error;
    }
  }
}

/** 10 x 200 ms: far longer than an activity result takes to reach the workflow. */
const TASK_KNOWN_ATTEMPTS = 10;

type AuthedContext = Context & { readonly user: NonNullable<Context['user']> };
type TaskRow = Prisma.TaskGetPayload<{ select: typeof taskSelect }>;

/** The task and the caller's standing; a task you may not see does not exist for you. */
async function loadTask(ctx: AuthedContext, id: string): Promise<{ task: TaskRow; viewer: TaskViewer }> {
  const [task, viewer] = await Promise.all([ctx.db.task.findUnique({ where: { id }, select: taskSelect }), taskViewer(ctx.db, ctx.user)]);
  if (!task || !canSeeTask(viewer, task)) throw notFound('Task', id);
  return { task, viewer };
}

async function loadWorkable(ctx: AuthedContext, id: string, options: { open?: boolean } = {}) {
  const loaded = await loadTask(ctx, id);
  if (!canWorkTask(loaded.viewer, loaded.task))
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This task is not addressed to you or your groups.' });
  if (options.open && loaded.task.status !== 'open')
    throw new TRPCError({ code: 'CONFLICT', message: `The task is already ${loaded.task.status.replace('_', ' ')}.` });
  return loaded;
}

function audit(db: AuditDb, ctx: AuthedContext, task: { id: string; runId: string }, action: string, payload: unknown, dedupeKey?: string) {
  return appendAudit(db, {
    ...actorOf(ctx),
    action,
    subjectType: 'task',
    subjectId: task.id,
    runId: task.runId,
    payload,
    ...(dedupeKey ? { dedupeKey } : {}),
  });
}

/** Display names for ids (claimers, assignees, authors); unknown ids are left out. */
async function displayNames(ctx: AuthedContext, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await ctx.db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/** Names of flows and customers a page of tasks refers to. */
async function labels(ctx: AuthedContext, tasks: ReadonlyArray<{ flowId: string | null; customerId: string | null }>) {
  const flowIds = [...new Set(tasks.flatMap((t) => (t.flowId ? [t.flowId] : [])))];
  const customerIds = [...new Set(tasks.flatMap((t) => (t.customerId ? [t.customerId] : [])))];
  const [flows, customers] = await Promise.all([
    flowIds.length ? ctx.db.flow.findMany({ where: { id: { in: flowIds } }, select: { id: true, name: true } }) : [],
    customerIds.length ? ctx.db.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } }) : [],
  ]);
  return { flows: new Map(flows.map((f) => [f.id, f.name])), customers: new Map(customers.map((c) => [c.id, c.name])) };
}

/** Who may work a task and is not the caller: the people a task can be delegated to. */
async function candidates(ctx: AuthedContext, task: TaskRow, exclude: readonly string[]) {
  const users = await ctx.db.user.findMany({
    where: {
      id: { notIn: [...exclude] },
      disabledAt: null,
      OR: [
        { roles: { hasSome: ['admin', 'manager'] } },
        ...(task.groupKey ? [{ memberships: { some: { group: { key: task.groupKey } } } }] : []),
        ...(task.role ? [{ roles: { has: task.role } }] : []),
      ],
    },
    select: { id: true, email: true, displayName: true, roles: true },
    orderBy: [{ displayName: 'asc' }, { email: 'asc' }],
    take: 200,
  });
  return users.filter((u) => u.roles.some((r) => WORKING_ROLES.includes(r)));
}

/** The workflow is told who the task is for by e-mail (a person) or key (a group). */
async function assigneeFor(ctx: AuthedContext, to: { kind: 'user'; userId: string } | { kind: 'group'; group: string }) {
  if (to.kind === 'group') {
    const group = await ctx.db.group.findUnique({ where: { key: to.group }, select: { key: true, name: true } });
    if (!group) throw new TRPCError({ code: 'BAD_REQUEST', message: `No group has the key "${to.group}".` });
    return { assignee: { kind: 'group', group: group.key } satisfies ResolvedAssignee, label: group.name };
  }
  const user = await ctx.db.user.findUnique({
    where: { id: to.userId },
    select: { id: true, email: true, displayName: true, roles: true, disabledAt: true },
  });
  if (!user || user.disabledAt) throw new TRPCError({ code: 'BAD_REQUEST', message: `No active user has the id "${to.userId}".` });
  if (!user.roles.some((r) => WORKING_ROLES.includes(r)))
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `${user.displayName} has no role that works tasks (${WORKING_ROLES.join(', ')}).`,
    });
  return { assignee: { kind: 'user', email: user.email } satisfies ResolvedAssignee, label: user.displayName, user };
}

const InboxInput = z
  .object({
    view: z.enum(INBOX_VIEWS).default('mine'),
    sort: z.enum(INBOX_SORTS).default('priority'),
    filters: InboxFiltersSchema.default({ status: 'open' }),
    limit: z.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .default({ view: 'mine', sort: 'priority', filters: { status: 'open' }, limit: 50 });

export const tasksRouter = router({
  /**
   * One page of an inbox view, filtered and sorted, with the cursor of the next page. Pages are
   * keyset-paginated (tasks/inbox-query.ts): as fast at page 100 as at page 1, whatever the table's size.
   */
  inbox: roleProcedure(...ROLES.readTasks)
    .input(InboxInput)
    .query(async ({ ctx, input }) => {
      const viewer = await taskViewer(ctx.db, ctx.user);
      if (input.view === 'team' && !seesAllTasks(viewer))
        throw new TRPCError({ code: 'FORBIDDEN', message: 'The team view is for managers, admins and auditors.' });
      try {
        // One query: the page's rows with the names of their flow, customer and people.
        return await inboxPage(ctx.db, viewer, input);
      } catch (error) {
        if (error instanceof InboxInputError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
        throw error;
      }
    }),

  /** Open tasks per view (each capped at 1000), for the view tabs. */
  counts: roleProcedure(...ROLES.readTasks).query(async ({ ctx }) => inboxCounts(ctx.db, await taskViewer(ctx.db, ctx.user))),

  /** Tasks of one run, or the caller's most urgent, unpaginated (at most 200): for run views and scripts. */
  list: roleProcedure(...ROLES.readTasks)
    .input(
      z
        .object({
          status: z.enum(['open', 'completed', 'cancelled', 'timed_out']).optional(),
          runId: Uuid.optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const viewer = await taskViewer(ctx.db, ctx.user);
      return ctx.db.task.findMany({
        where: { AND: [visibleTasks(viewer), input.status ? { status: input.status } : {}, input.runId ? { runId: input.runId } : {}] },
        orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }],
        take: input.limit,
        select: taskSelect,
      });
    }),

  /** The task with names, its run's status and what the caller may do with it. */
  get: roleProcedure(...ROLES.readTasks)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const { task, viewer } = await loadTask(ctx, input.id);
      const [names, { flows, customers }, run] = await Promise.all([
        displayNames(ctx, [task.claimedBy, task.assigneeId, task.completedBy]),
        labels(ctx, [task]),
        ctx.db.run.findUnique({ where: { id: task.runId }, select: { id: true, status: true, businessKey: true, startedAt: true } }),
      ]);
      const works = canWorkTask(viewer, task);
      const open = task.status === 'open';
      return {
        ...task,
        flowName: task.flowId ? (flows.get(task.flowId) ?? null) : null,
        customerName: task.customerId ? (customers.get(task.customerId) ?? null) : null,
        claimedByName: task.claimedBy ? (names.get(task.claimedBy) ?? null) : null,
        assigneeName: task.assigneeId ? (names.get(task.assigneeId) ?? null) : null,
        completedByName: task.completedBy ? (names.get(task.completedBy) ?? null) : null,
        run,
        can: {
          claim: works && open && task.claimedBy === null,
          unclaim: works && open && task.claimedBy !== null && holdsOrManages(viewer, task),
          complete: works && open && holdsOrManages(viewer, task),
          delegate: works && open && holdsOrManages(viewer, task),
          comment: works,
          attach: works,
          manage: open && managesTasks(viewer),
        },
      };
    }),

  /** The steps of the task's run (live from the workflow when a worker answers): the run timeline for whoever may see the task. */
  timeline: roleProcedure(...ROLES.readTasks)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const { task } = await loadTask(ctx, input.id);
      const run = await ctx.db.run.findUnique({
        where: { id: task.runId },
        select: { id: true, workflowId: true, status: true, businessKey: true, startedAt: true, endedAt: true, error: true },
      });
      if (!run) return { run: null, steps: null };
      let live: RunState | null = null;
      try {
        live = await ctx.temporal.withDeadline(Date.now() + LIVE_STATE_DEADLINE_MS, () =>
          ctx.temporal.workflow.getHandle(run.workflowId).query(runStateQuery),
        );
      } catch {
        // No worker right now, or the run aged out of Temporal: the row still tells the outcome.
      }
      // Step outputs and variables stay out: the task shows what the person needs, the run view the rest.
      const steps = live
        ? Object.values(live.steps)
            .map((s) => ({
              nodeId: s.nodeId,
              type: s.type,
              label: s.label,
              status: s.status,
              visits: s.visits,
              startedAt: s.startedAt,
              endedAt: s.endedAt ?? null,
              port: s.port ?? null,
              error: s.error ?? null,
            }))
            .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
        : null;
      const { workflowId: _omit, ...shown } = run;
      return { run: shown, steps };
    }),

  comments: roleProcedure(...ROLES.readTasks)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      await loadTask(ctx, input.id);
      const rows = await ctx.db.taskComment.findMany({
        where: { taskId: input.id },
        select: { id: true, authorId: true, body: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 500,
      });
      const names = await displayNames(
        ctx,
        rows.map((r) => r.authorId),
      );
      return rows.map((r) => ({ ...r, authorName: names.get(r.authorId) ?? null }));
    }),

  comment: roleProcedure(...ROLES.workTasks)
    .input(z.object({ id: Uuid, body: z.string().trim().min(1, 'write something first').max(5000, 'at most 5000 characters') }))
    .mutation(async ({ ctx, input }) => {
      const { task } = await loadWorkable(ctx, input.id);
      return ctx.db.$transaction(async (tx) => {
        const comment = await tx.taskComment.create({
          data: { taskId: task.id, authorId: ctx.user.id, body: input.body },
          select: { id: true, authorId: true, body: true, createdAt: true },
        });
        await audit(tx, ctx, task, 'task.comment', { commentId: comment.id, length: input.body.length });
        return comment;
      });
    }),

  /** Files attached to the task (metadata; the bytes come from GET /api/tasks/:id/attachments/:attachmentId). */
  attachments: roleProcedure(...ROLES.readTasks)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      await loadTask(ctx, input.id);
      const rows = await ctx.db.taskAttachment.findMany({
        where: { taskId: input.id },
        select: attachmentSelect,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: 200,
      });
      const names = await displayNames(
        ctx,
        rows.map((r) => r.uploadedBy),
      );
      return rows.map((r) => ({ ...r, uploadedByName: names.get(r.uploadedBy) ?? null }));
    }),

  /** One owner: a claim succeeds only while nobody holds the task. */
  claim: roleProcedure(...ROLES.workTasks)
    .input(z.object({ id: Uuid }))
    .mutation(async ({ ctx, input }) => {
      const { task } = await loadWorkable(ctx, input.id);
      const claimed = await ctx.db.$transaction(async (tx) => {
        // The row lock taken by this UPDATE makes concurrent claimers queue; the second re-reads the row and finds it taken.
        const { count } = await tx.task.updateMany({
          where: { id: input.id, status: 'open', OR: [{ claimedBy: null }, { claimedBy: ctx.user.id }] },
          data: { claimedBy: ctx.user.id },
        });
        if (count === 1 && task.claimedBy !== ctx.user.id) await audit(tx, ctx, task, 'task.claim', {});
        return count === 1;
      });
      if (!claimed) {
        const now = await ctx.db.task.findUnique({ where: { id: input.id }, select: { status: true, claimedBy: true } });
        throw new TRPCError({
          code: 'CONFLICT',
          message: now?.status !== 'open' ? `The task is ${now?.status.replace('_', ' ')}.` : 'Someone else claimed the task first.',
        });
      }
      return { id: input.id, claimedBy: ctx.user.id };
    }),

  /** Gives a claimed task back to its queue: the person holding it, or a manager. */
  unclaim: roleProcedure(...ROLES.workTasks)
    .input(z.object({ id: Uuid }))
    .mutation(async ({ ctx, input }) => {
      const { task, viewer } = await loadWorkable(ctx, input.id, { open: true });
      if (task.claimedBy === null) throw new TRPCError({ code: 'CONFLICT', message: 'Nobody has claimed this task.' });
      if (!holdsOrManages(viewer, task))
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the person who claimed the task, or a manager, can release it.' });
      const released = await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.task.updateMany({
          where: { id: task.id, status: 'open', claimedBy: task.claimedBy },
          data: { claimedBy: null },
        });
        if (count === 1) await audit(tx, ctx, task, 'task.unclaim', { claimedBy: task.claimedBy });
        return count === 1;
      });
      if (!released) throw new TRPCError({ code: 'CONFLICT', message: 'The task changed meanwhile; reload it and try again.' });
      return { id: task.id, claimedBy: null };
    }),

  /**
   * Completion goes through the workflow (an Update): it accepts or refuses, then writes the inbox
   * row itself. Nothing is written here before it accepts, so a refused completion leaves no trace but the error.
   */
  complete: roleProcedure(...ROLES.workTasks)
    .input(
      z.object({
        id: Uuid,
        outcome: z.string().min(1).max(32),
        data: z.record(z.string(), z.unknown()).default({}),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { task, viewer } = await loadWorkable(ctx, input.id, { open: true });
      if (!holdsOrManages(viewer, task)) {
        throw new TRPCError({ code: 'CONFLICT', message: 'Another person has claimed this task; ask them or a manager to release it.' });
      }
      const result = await throughWorkflow(ctx.temporal, task.workflowId, 'completion', (handle) =>
        handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: task.id, outcome: input.outcome, data: input.data, userId: ctx.user.id }],
        }),
      );
      await audit(
        ctx.db,
        ctx,
        task,
        'task.complete',
        { outcome: input.outcome, fields: Object.keys(input.data) },
        `task/${task.id}/complete`,
      );
      return { id: task.id, status: result.status, outcome: result.outcome };
    }),

  /** People the caller could hand this task to (they may work it). */
  delegates: roleProcedure(...ROLES.workTasks)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const { task } = await loadWorkable(ctx, input.id);
      const users = await candidates(ctx, task, [ctx.user.id, ...(task.assigneeId ? [task.assigneeId] : [])]);
      return users.map(({ roles: _roles, ...u }) => u);
    }),

  /**
   * Hands an open task to another person who may work it: it becomes theirs (assignee), the claim
   * is cleared. Through the workflow's reassignTask update, so the run knows who has it.
   */
  delegate: roleProcedure(...ROLES.workTasks)
    .input(z.object({ id: Uuid, userId: Uuid }))
    .mutation(async ({ ctx, input }) => {
      const { task, viewer } = await loadWorkable(ctx, input.id, { open: true });
      if (!holdsOrManages(viewer, task))
        throw new TRPCError({ code: 'FORBIDDEN', message: 'Only the person who claimed the task, or a manager, can hand it on.' });
      if (input.userId === ctx.user.id)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'Choose someone else: to take the task yourself, claim it.' });
      const eligible = await candidates(ctx, task, [ctx.user.id]);
      const target = eligible.find((u) => u.id === input.userId);
      if (!target)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: 'That person cannot work this task (not in its group or role, or no working role); a manager can reassign it.',
        });
      await throughWorkflow(ctx.temporal, task.workflowId, 'delegation', (handle) =>
        handle.executeUpdate(reassignTaskUpdate, {
          args: [{ taskId: task.id, assignee: { kind: 'user', email: target.email }, userId: ctx.user.id }],
        }),
      );
      await audit(ctx.db, ctx, task, 'task.delegate', { from: addressOf(task), to: { userId: target.id }, claimedBy: task.claimedBy });
      return { id: task.id, assigneeId: target.id };
    }),

  /** A manager moves an open task to a person or a group, through the workflow (reassignTask update). */
  reassign: roleProcedure(...ROLES.manageTasks)
    .input(
      z.object({
        id: Uuid,
        to: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('user'), userId: Uuid }),
          z.object({ kind: z.literal('group'), group: z.string().trim().min(1, 'choose a group').max(100) }),
        ]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { task } = await loadWorkable(ctx, input.id, { open: true });
      const target = await assigneeFor(ctx, input.to);
      await throughWorkflow(ctx.temporal, task.workflowId, 'reassignment', (handle) =>
        handle.executeUpdate(reassignTaskUpdate, { args: [{ taskId: task.id, assignee: target.assignee, userId: ctx.user.id }] }),
      );
      await audit(ctx.db, ctx, task, 'task.reassign', { from: addressOf(task), to: input.to, claimedBy: task.claimedBy });
      return { id: task.id, to: input.to };
    }),

  /** A manager changes an open task's priority, through the workflow (setTaskPriority update). */
  setPriority: roleProcedure(...ROLES.manageTasks)
    .input(
      z.object({
        id: Uuid,
        priority: z.number().int().min(1, 'priorities are 1 (low) to 4 (urgent)').max(4, 'priorities are 1 (low) to 4 (urgent)'),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { task } = await loadWorkable(ctx, input.id, { open: true });
      if (task.priority === input.priority) return { id: task.id, priority: task.priority, through: 'unchanged' as const };
      await throughWorkflow(ctx.temporal, task.workflowId, 'priority change', (handle) =>
        handle.executeUpdate(setTaskPriorityUpdate, { args: [{ taskId: task.id, priority: input.priority, userId: ctx.user.id }] }),
      );
      await audit(ctx.db, ctx, task, 'task.priority', { from: task.priority, to: input.priority });
      return { id: task.id, priority: input.priority, through: 'workflow' as const };
    }),
});

function addressOf(task: { assigneeId: string | null; groupKey: string | null; role: string | null }) {
  return task.assigneeId ? { userId: task.assigneeId } : task.groupKey ? { group: task.groupKey } : { role: task.role };
}
