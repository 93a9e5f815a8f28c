import { ApplicationFailure } from '@temporalio/common';
import { validateRunInput, type ExecutionPlan } from '@trackway/schema';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export const SUBFLOW_ACTIVITY = 'subflow.prepare';

export interface SubflowRequest {
  readonly parentRunId: string;
  readonly flowKey: string;
  readonly version?: number;
  readonly input: Record<string, unknown>;
  /** "<parent workflow id>/<node id>/<visit>": stable across retries and replays. */
  readonly workflowId: string;
  readonly businessKey: string;
}

export interface PreparedSubflow {
  readonly runId: string;
  readonly plan: ExecutionPlan;
  readonly startedAt: string;
  readonly version: number;
}

const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * Resolves the called flow's published version and records the child's Run row, so the child is a
 * run like any other (listed, audited, cancellable). Idempotent by the child's workflow id.
 */
export function createSubflowActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    async [SUBFLOW_ACTIVITY](request: SubflowRequest): Promise<PreparedSubflow> {
      const existing = await db.run.findUnique({
        where: { workflowId: request.workflowId },
        select: { id: true, startedAt: true, flowVersion: { select: { plan: true, version: true } } },
      });
      if (existing) {
        const plan = existing.flowVersion.plan as unknown as ExecutionPlan;
        return { runId: existing.id, plan, startedAt: existing.startedAt.toISOString(), version: existing.flowVersion.version };
      }
      const flow = await db.flow.findUnique({ where: { key: request.flowKey }, select: { id: true, archivedAt: true } });
      if (!flow) throw refuse('SubflowNotFound', `No flow has the key "${request.flowKey}".`);
      if (flow.archivedAt) throw refuse('SubflowArchived', `Flow "${request.flowKey}" is archived; it cannot be called.`);
      const version = await db.flowVersion.findFirst({
        where: { flowId: flow.id, ...(request.version ? { version: request.version } : {}) },
        orderBy: { version: 'desc' },
        select: { id: true, version: true, plan: true },
      });
      if (!version) {
        throw refuse(
          'SubflowNotPublished',
          request.version
            ? `Flow "${request.flowKey}" has no version ${request.version}.`
            : `Flow "${request.flowKey}" has no published version.`,
        );
      }
      const plan = version.plan as unknown as ExecutionPlan;
      const issues = validateRunInput(plan.input, request.input);
      if (issues.length > 0) {
        throw refuse(
          'SubflowInputInvalid',
          `Input for "${request.flowKey}" rejected: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`,
        );
      }
      const parent = await db.run.findUnique({ where: { id: request.parentRunId }, select: { startedBy: true } });
      if (!parent) throw refuse('SubflowParentMissing', `The calling run ${request.parentRunId} is not recorded.`);
      const run = await db.run.upsert({
        where: { workflowId: request.workflowId },
        update: {},
        create: {
          flowId: flow.id,
          flowVersionId: version.id,
          workflowId: request.workflowId,
          businessKey: request.businessKey,
          input: request.input as Prisma.InputJsonObject,
          startedBy: parent.startedBy,
        },
        select: { id: true, startedAt: true },
      });
      return { runId: run.id, plan, startedAt: run.startedAt.toISOString(), version: version.version };
    },
  };
}
