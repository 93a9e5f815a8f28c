import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { evaluateExpression, validateRunInput, type ExecutionPlan } from '@trackway/schema';
import { z } from 'zod';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { interpreterWorkflow } from '../../workflows/interpreter.ts';
import { INTERPRETER_WORKFLOW, runStateQuery } from '../../workflows/queries.ts';
import type { RunState } from '../../workflows/run-state.ts';
import { isUniqueViolation, notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Uuid = z.uuid('must be a UUID');
const LIVE_STATE_DEADLINE_MS = 5_000;
const BusinessKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/]+$/, 'no spaces or "/"');

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

/** The start node's businessKey expression, e.g. `input.invoiceId`, evaluated on the input. */
async function businessKeyFromPlan(plan: ExecutionPlan, input: Record<string, unknown>): Promise<string | undefined> {
  const start = plan.nodes[plan.startNodeId];
  const expression = start?.expressions.businessKey;
  if (!expression) return undefined;
  let value: unknown;
  try {
    value = await evaluateExpression(expression.source, { input, vars: {}, steps: {}, run: { id: '', startedAt: '' } });
  } catch (error) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `The flow's business key (${expression.source}) cannot be computed from this input: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `The flow's business key (${expression.source}) gave no text or number for this input.`,
    });
  }
  return String(value);
}

export const runsRouter = router({
  start: roleProcedure(...ROLES.startRuns)
    .input(
      z.object({
        flowId: Uuid,
        /** Defaults to the latest published version. */
        version: z.number().int().positive().optional(),
        input: z.record(z.string(), z.unknown()).default({}),
        businessKey: BusinessKey.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const flow = await ctx.db.flow.findUnique({ where: { id: input.flowId }, select: { key: true, archivedAt: true } });
      if (!flow) throw notFound('Flow', input.flowId);
      if (flow.archivedAt) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'The flow is archived; it cannot start new runs.' });
      const version = await ctx.db.flowVersion.findFirst({
        where: { flowId: input.flowId, ...(input.version ? { version: input.version } : {}) },
        orderBy: { version: 'desc' },
        select: { id: true, version: true, plan: true },
      });
      if (!version) {
        throw input.version
          ? notFound('Version', String(input.version))
          : new TRPCError({ code: 'PRECONDITION_FAILED', message: 'The flow has no published version yet; publish it first.' });
      }
      const plan = version.plan as unknown as ExecutionPlan;
      const issues = validateRunInput(plan.input, input.input);
      if (issues.length > 0) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `Input rejected: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`,
        });
      }
      const businessKey = input.businessKey ?? (await businessKeyFromPlan(plan, input.input)) ?? randomUUID();
      const parsedKey = BusinessKey.safeParse(businessKey);
      if (!parsedKey.success)
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: `Business key "${businessKey}" ${parsedKey.error.issues[0]?.message ?? 'is invalid'}.`,
        });
      const workflowId = `${flow.key}:${businessKey}`;

      let run;
      try {
        run = await ctx.db.run.create({
          data: {
            flowId: input.flowId,
            flowVersionId: version.id,
            workflowId,
            businessKey,
            input: input.input as Prisma.InputJsonObject,
            startedBy: ctx.user.id,
          },
          select: { id: true, startedAt: true },
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new TRPCError({ code: 'CONFLICT', message: `A run for business key "${businessKey}" already exists (${workflowId}).` });
        throw error;
      }
      try {
        await ctx.temporal.workflow.start<typeof interpreterWorkflow>(INTERPRETER_WORKFLOW, {
          taskQueue: ctx.taskQueue,
          workflowId,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          args: [{ plan, input: input.input, runId: run.id, startedAt: run.startedAt.toISOString() }],
        });
      } catch (error) {
        await ctx.db.run.delete({ where: { id: run.id } });
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          throw new TRPCError({ code: 'CONFLICT', message: `A run for business key "${businessKey}" already exists (${workflowId}).` });
        }
        throw error;
      }
      return { id: run.id, workflowId, businessKey, version: version.version };
    }),

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
      const run = await ctx.db.run.findUnique({ where: { id: input.id }, select: { workflowId: true, status: true } });
      if (!run) throw notFound('Run', input.id);
      if (run.status !== 'running') throw new TRPCError({ code: 'CONFLICT', message: `The run already ended (${run.status}).` });
      try {
        await ctx.temporal.workflow.getHandle(run.workflowId).cancel();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw new TRPCError({ code: 'CONFLICT', message: 'The run already ended.' });
        throw error;
      }
      return { cancelling: true };
    }),
});
