import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { evaluateExpression, validateRunInput, type ExecutionPlan } from '@trackway/schema';
import { z } from 'zod';
import type { Services } from '../api/context.ts';
import { isUniqueViolation, notFound } from '../api/errors.ts';
import { appendAudit } from '../audit/append.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { interpreterWorkflow } from '../workflows/interpreter.ts';
import { INTERPRETER_WORKFLOW } from '../workflows/queries.ts';

/**
 * Starting a run, whoever asks (runs.start, the events API): the rules live here once — the flow
 * must be live and published, the input must match the flow's declared input, the business key
 * is given or computed by the start node, and a second run for the same key is refused.
 * Refusals are TRPCErrors with the API's codes; callers outside tRPC map the code.
 */

/** Part of the workflow id, so no "/" and no spaces. */
export const BusinessKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\s/]+$/, 'no spaces or "/"');

export interface StartRunRequest {
  readonly flowId: string;
  /** Defaults to the latest published version. */
  readonly version?: number;
  readonly input: Record<string, unknown>;
  /** Overrides the start node's businessKey expression. */
  readonly businessKey?: string;
  /** The user accountable for the start (for the events API: who issued the API key). */
  readonly startedBy: string;
  /** The HTTP request that asked for it, recorded on the run.start audit entry. */
  readonly requestId?: string;
}

export interface StartedRun {
  readonly id: string;
  readonly workflowId: string;
  readonly businessKey: string;
  readonly version: number;
}

export async function startRun(services: Services, request: StartRunRequest): Promise<StartedRun> {
  const { db, temporal, taskQueue } = services;
  const flow = await db.flow.findUnique({ where: { id: request.flowId }, select: { key: true, archivedAt: true } });
  if (!flow) throw notFound('Flow', request.flowId);
  if (flow.archivedAt) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'The flow is archived; it cannot start new runs.' });
  const version = await db.flowVersion.findFirst({
    where: { flowId: request.flowId, ...(request.version ? { version: request.version } : {}) },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, plan: true },
  });
  if (!version) {
    throw request.version
      ? notFound('Version', String(request.version))
      : new TRPCError({ code: 'PRECONDITION_FAILED', message: 'The flow has no published version yet; publish it first.' });
  }
  const plan = version.plan as unknown as ExecutionPlan;
  const issues = validateRunInput(plan.input, request.input);
  if (issues.length > 0) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Input rejected: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`,
    });
  }
  const businessKey = request.businessKey ?? (await businessKeyFromPlan(plan, request.input)) ?? randomUUID();
  const parsedKey = BusinessKeySchema.safeParse(businessKey);
  if (!parsedKey.success)
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `Business key "${businessKey}" ${parsedKey.error.issues[0]?.message ?? 'is invalid'}.`,
    });
  const workflowId = `${flow.key}:${businessKey}`;
  const duplicate = () =>
    new TRPCError({ code: 'CONFLICT', message: `A run for business key "${businessKey}" already exists (${workflowId}).` });

  let run;
  try {
    run = await db.run.create({
      data: {
        flowId: request.flowId,
        flowVersionId: version.id,
        workflowId,
        businessKey,
        input: request.input as Prisma.InputJsonObject,
        startedBy: request.startedBy,
      },
      select: { id: true, startedAt: true },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
  try {
    await temporal.workflow.start<typeof interpreterWorkflow>(INTERPRETER_WORKFLOW, {
      taskQueue,
      workflowId,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [{ plan, input: request.input, runId: run.id, businessKey, startedAt: run.startedAt.toISOString() }],
    });
  } catch (error) {
    await db.run.delete({ where: { id: run.id } });
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw duplicate();
    throw error;
  }
  // Written once the workflow exists (a refused start leaves no entry), dated when the run was created.
  await appendAudit(db, {
    actor: request.startedBy,
    requestId: request.requestId,
    action: 'run.start',
    subjectType: 'run',
    subjectId: run.id,
    runId: run.id,
    flowId: request.flowId,
    flowVersionId: version.id,
    dedupeKey: `run.start:${run.id}`,
    occurredAt: run.startedAt,
    payload: { workflowId, businessKey, version: version.version, input: request.input },
  });
  return { id: run.id, workflowId, businessKey, version: version.version };
}

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
