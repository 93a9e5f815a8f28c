import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.ts';
import { canSeeTask, canWorkTask, taskViewer, visibleTasks } from '../../tasks/access.ts';
import { completeTaskUpdate } from '../../workflows/queries.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Uuid = z.uuid('must be a UUID');

const taskSelect = {
  id: true,
  runId: true,
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
  completedAt: true,
} satisfies Prisma.TaskSelect;

/** Why the workflow refused a completion -> what the caller is told. */
const REFUSALS: Record<string, TRPCError['code']> = {
  TaskNotOpen: 'CONFLICT',
  TaskUnknown: 'CONFLICT',
  OutcomeInvalid: 'BAD_REQUEST',
  FormInvalid: 'BAD_REQUEST',
};

function refusalOf(error: WorkflowUpdateFailedError): TRPCError {
  const cause = error.cause;
  if (cause instanceof ApplicationFailure && cause.type && REFUSALS[cause.type]) {
    return new TRPCError({ code: REFUSALS[cause.type] as TRPCError['code'], message: cause.message });
  }
  return new TRPCError({ code: 'CONFLICT', message: `The run refused the completion: ${cause?.message ?? error.message}` });
}

export const tasksRouter = router({
  /** The caller's inbox: tasks addressed to them, their groups or their roles (all, for admins and managers). */
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

  get: roleProcedure(...ROLES.readTasks)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const task = await ctx.db.task.findUnique({ where: { id: input.id }, select: taskSelect });
      // A task you may not see does not exist for you: no hint that the id is real.
      if (!task || !canSeeTask(await taskViewer(ctx.db, ctx.user), task)) throw notFound('Task', input.id);
      return task;
    }),

  /** One owner: a claim succeeds only while nobody holds the task. */
  claim: roleProcedure(...ROLES.workTasks)
    .input(z.object({ id: Uuid }))
    .mutation(async ({ ctx, input }) => {
      const task = await ctx.db.task.findUnique({ where: { id: input.id }, select: taskSelect });
      const viewer = await taskViewer(ctx.db, ctx.user);
      if (!task || !canSeeTask(viewer, task)) throw notFound('Task', input.id);
      if (!canWorkTask(viewer, task))
        throw new TRPCError({ code: 'FORBIDDEN', message: 'This task is not addressed to you or your groups.' });
      const { count } = await ctx.db.task.updateMany({
        where: { id: input.id, status: 'open', OR: [{ claimedBy: null }, { claimedBy: ctx.user.id }] },
        data: { claimedBy: ctx.user.id },
      });
      if (count === 0) {
        const now = await ctx.db.task.findUnique({ where: { id: input.id }, select: { status: true, claimedBy: true } });
        throw new TRPCError({
          code: 'CONFLICT',
          message: now?.status !== 'open' ? `The task is ${now?.status.replace('_', ' ')}.` : 'Someone else claimed the task first.',
        });
      }
      return { id: input.id, claimedBy: ctx.user.id };
    }),

  /**
   * Completion goes through the workflow (an Update): it accepts or refuses, then writes the inbox
   * row itself. Nothing is written here, so a refused completion leaves no trace but the error.
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
      const task = await ctx.db.task.findUnique({ where: { id: input.id }, select: taskSelect });
      const viewer = await taskViewer(ctx.db, ctx.user);
      if (!task || !canSeeTask(viewer, task)) throw notFound('Task', input.id);
      if (!canWorkTask(viewer, task))
        throw new TRPCError({ code: 'FORBIDDEN', message: 'This task is not addressed to you or your groups.' });
      if (task.status !== 'open')
        throw new TRPCError({ code: 'CONFLICT', message: `The task is already ${task.status.replace('_', ' ')}.` });
      if (task.claimedBy && task.claimedBy !== ctx.user.id && !ctx.user.roles.includes('admin') && !ctx.user.roles.includes('manager')) {
        throw new TRPCError({ code: 'CONFLICT', message: 'Another person has claimed this task; ask them or a manager to release it.' });
      }
      try {
        const handle = ctx.temporal.workflow.getHandle(task.workflowId);
        const result = await handle.executeUpdate(completeTaskUpdate, {
          args: [{ taskId: task.id, outcome: input.outcome, data: input.data, userId: ctx.user.id }],
        });
        return { id: task.id, status: result.status, outcome: result.outcome };
      } catch (error) {
        if (error instanceof WorkflowUpdateFailedError) throw refusalOf(error);
        if (error instanceof WorkflowNotFoundError) throw new TRPCError({ code: 'CONFLICT', message: 'The run of this task has ended.' });
        throw error;
      }
    }),
});
