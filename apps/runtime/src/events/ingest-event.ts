import { WorkflowNotFoundError } from '@temporalio/client';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Services } from '../api/context.ts';
import { isUniqueViolation } from '../api/errors.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { BusinessKeySchema, startRun } from '../runs/start-run.ts';
import { eventSignal } from '../workflows/queries.ts';
import type { EventSender } from './api-keys.ts';
import { EventTypeSchema } from './event-type.ts';

/** The body external systems POST to /api/events. */
export const EventBodySchema = z.strictObject({
  type: EventTypeSchema,
  businessKey: BusinessKeySchema,
  payload: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }).default({}),
  /** The same key (per API key) posted again returns the first event and delivers nothing again. */
  idempotencyKey: z.string().min(1).max(200).optional(),
});
export type EventBody = z.infer<typeof EventBodySchema>;

export interface IngestResult {
  readonly id: string;
  readonly duplicate: boolean;
  /** Workflow ids of running runs the event was signalled to. */
  readonly delivered: string[];
  /** Workflow ids of runs the event started (flows whose start node has `startOn` this type). */
  readonly started: string[];
  /** Deliveries or starts that did not happen, and why (e.g. a run for this business key already exists). */
  readonly refused: Array<{ readonly target: string; readonly reason: string }>;
  /** delivered + started: 0 means the event matched nothing (it is stored all the same). */
  readonly matched: number;
}

/** The idempotency key was used before for a different event: answering "duplicate" would hide that. */
export class IdempotencyConflictError extends Error {}

const SIGNAL_DEADLINE_MS = 10_000;

/**
 * Stores the event, then delivers it once: signalled to every running run with its business key,
 * and as the start of every live flow whose latest version starts on its type. The row is
 * written first, so a repeated idempotency key finds it and delivers nothing twice.
 */
export async function ingestEvent(
  services: Services,
  sender: EventSender,
  body: EventBody,
  log?: (line: string) => void,
): Promise<IngestResult> {
  const { db } = services;
  const dedupeKey = body.idempotencyKey === undefined ? null : `${sender.id}/${body.idempotencyKey}`;
  let event;
  try {
    event = await db.event.create({
      data: {
        type: body.type,
        businessKey: body.businessKey,
        payload: body.payload as Prisma.InputJsonObject,
        dedupeKey,
        apiKeyId: sender.id,
        deliveredTo: [],
      },
      select: { id: true, receivedAt: true },
    });
  } catch (error) {
    if (!dedupeKey || !isUniqueViolation(error)) throw error;
    const first = await db.event.findUniqueOrThrow({ where: { dedupeKey }, select: { id: true, type: true, businessKey: true } });
    if (first.type !== body.type || first.businessKey !== body.businessKey) {
      throw new IdempotencyConflictError(
        `Idempotency key "${body.idempotencyKey}" was already used for event ${first.id} (${first.type} for "${first.businessKey}"); use a new key for a different event.`,
      );
    }
    return { id: first.id, duplicate: true, delivered: [], started: [], refused: [], matched: 0 };
  }

  const runEvent = {
    id: event.id,
    type: body.type,
    businessKey: body.businessKey,
    payload: body.payload,
    receivedAt: event.receivedAt.toISOString(),
  };
  const delivered: string[] = [];
  const started: string[] = [];
  const refused: Array<{ target: string; reason: string }> = [];
  const failed = (target: string, error: unknown) => {
    log?.(`Event ${event.id} not delivered to ${target}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    refused.push({ target, reason: 'delivery failed on the server; see its log' });
  };

  // Runs first: a run this event starts below must not also receive it as a signal.
  const runs = await db.run.findMany({ where: { businessKey: body.businessKey, status: 'running' }, select: { workflowId: true } });
  for (const { workflowId } of runs) {
    try {
      await services.temporal.withDeadline(Date.now() + SIGNAL_DEADLINE_MS, () =>
        services.temporal.workflow.getHandle(workflowId).signal(eventSignal, runEvent),
      );
      delivered.push(workflowId);
    } catch (error) {
      // The run ended after its row was read: nothing is waiting any more.
      if (error instanceof WorkflowNotFoundError) continue;
      failed(workflowId, error);
    }
  }

  for (const flow of await flowsStartingOn(services, body.type)) {
    try {
      const run = await startRun(services, {
        flowId: flow.flowId,
        version: flow.version,
        input: body.payload,
        businessKey: body.businessKey,
        startedBy: sender.createdBy,
      });
      started.push(run.workflowId);
    } catch (error) {
      if (error instanceof TRPCError && error.code !== 'INTERNAL_SERVER_ERROR') refused.push({ target: flow.key, reason: error.message });
      else failed(flow.key, error);
    }
  }

  const deliveredTo = [...delivered, ...started];
  if (deliveredTo.length > 0) await db.event.update({ where: { id: event.id }, data: { deliveredTo } });
  return { id: event.id, duplicate: false, delivered, started, refused, matched: deliveredTo.length };
}

/** Live flows whose latest published version's start node has `startOn.eventType` = type. */
function flowsStartingOn(services: Services, type: string) {
  return services.db.$queryRaw<Array<{ flowId: string; key: string; version: number }>>`
    SELECT latest.flow_id AS "flowId", f.key, latest.version
    FROM (SELECT DISTINCT ON (flow_id) flow_id, version, plan FROM flow_versions ORDER BY flow_id, version DESC) latest
    JOIN flows f ON f.id = latest.flow_id
    WHERE f.archived_at IS NULL
      AND latest.plan -> 'nodes' -> (latest.plan ->> 'startNodeId') -> 'config' -> 'startOn' ->> 'eventType' = ${type}
    ORDER BY f.key`;
}
