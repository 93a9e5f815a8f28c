import { WorkflowNotFoundError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.ts';
import { actorOf, appendAudit } from '../../audit/index.ts';
import { BusinessKeySchema, startRun } from '../../runs/start-run.ts';
import { runStateQuery } from '../../workflows/queries.ts';
import type { RunState } from '../../workflows/run-state.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Uuid = z.uuid('must be a UUID');
const LIVE_STATE_DEADLINE_MS = 5_000;

const runSelect = {
  id: true,
  flowId: true,
  workflowId: true,
  businessKey: true,
  status: true,
  input: true,
  output: true,
  error: true,
  startedAt: true,
  endedAt: true,
  flowVersion: { select: { id: true, version: true } },
  flow: { select: { key: true, name: true } },
} satisfies Prisma.RunSelect;

export const runsRouter = router({
  start: roleProcedure(...ROLES.startRuns)
    .input(
      z.object({
        flowId: Uuid,
        /** Defaults to the latest published version. */
        version: z.number().int().positive().optional(),
        input: z.record(z.string(), z.unknown()).default({}),
        businessKey: BusinessKeySchema.optional(),
      }),
    )
    .mutation(({ ctx, input }) => startRun(ctx, { ...input, startedBy: ctx.user.id, requestId: ctx.requestId })),

  list: roleProcedure(...ROLES.readRuns)
    .input(
      z
        .object({
          flowId: Uuid.optional(),
          status: z.enum(['running', 'completed', 'failed', 'cancelled', 'terminated']).optional(),
          limit: z.number().int().min(1).max(200).default(50),
          /** The id of the last run of the previous page. */
          cursor: Uuid.optional(),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.run.findMany({
        where: { ...(input.flowId ? { flowId: input.flowId } : {}), ...(input.status ? { status: input.status } : {}) },
        select: runSelect,
        orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, input.limit);
      return { items: page, nextCursor: rows.length > input.limit ? (page[page.length - 1]?.id ?? null) : null };
    }),

  get: roleProcedure(...ROLES.readRuns)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const run = await ctx.db.run.findUnique({ where: { id: input.id }, select: runSelect });
      if (!run) throw notFound('Run', input.id);
      let live: RunState | null = null;
      try {
        // A query needs a worker; when none is up, answer with the stored row instead of hanging.
        live = await ctx.temporal.withDeadline(Date.now() + LIVE_STATE_DEADLINE_MS, () =>
          ctx.temporal.workflow.getHandle(run.workflowId).query(runStateQuery),
        );
      } catch {
        // Aged out of Temporal's retention, or no worker right now: the row still tells the outcome.
      }
      return { ...run, live };
    }),

  cancel: roleProcedure(...ROLES.cancelRuns)
    .input(z.object({ id: Uuid, reason: z.string().max(500).default('') }))
    .mutation(async ({ ctx, input }) => {
      const run = await ctx.db.run.findUnique({
        where: { id: input.id },
        select: { workflowId: true, status: true, flowId: true, flowVersionId: true },
      });
      if (!run) throw notFound('Run', input.id);
      if (run.status !== 'running') throw new TRPCError({ code: 'CONFLICT', message: `The run already ended (${run.status}).` });
      try {
        await ctx.temporal.workflow.getHandle(run.workflowId).cancel();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw new TRPCError({ code: 'CONFLICT', message: 'The run already ended.' });
        throw error;
      }
      // The request is what a person did; the workflow records how the run ended.
      await appendAudit(ctx.db, {
        ...actorOf(ctx),
        action: 'run.cancel',
        subjectType: 'run',
        subjectId: input.id,
        runId: input.id,
        flowId: run.flowId,
        flowVersionId: run.flowVersionId,
        payload: { workflowId: run.workflowId, reason: input.reason },
      });
      return { cancelling: true };
    }),
});
