import { z } from 'zod';
import type { Prisma } from '../generated/prisma/client.ts';

const Uuid = z.uuid('must be a UUID').transform((s) => s.toLowerCase());
const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO date-time, e.g. 2026-03-01T00:00:00Z' });

/** The filters search and export share. */
export const AuditFilterShape = {
  /** An action ("flow.publish") or every action of a subject ("flow.*"). */
  action: z
    .string()
    .max(100)
    .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*(\.\*)?$/, 'an action such as "flow.publish", or "flow.*" for all flow actions')
    .optional(),
  /** A user id, "system", or the e-mail shown as the actor's label. */
  actor: z.string().trim().min(1).max(320).optional(),
  runId: Uuid.optional(),
  flowId: Uuid.optional(),
  /** Entries written by one HTTP request (its X-Request-Id). */
  requestId: Uuid.optional(),
  /** Written at or after (inclusive). */
  from: Instant.optional(),
  /** Written before (exclusive). */
  to: Instant.optional(),
};

export const AuditFilterSchema = z.object(AuditFilterShape);
export type AuditFilter = z.output<typeof AuditFilterSchema>;

/** A message when `from` is not before `to`, else undefined. */
export function rangeProblem(filter: { from?: string; to?: string }): string | undefined {
  if (filter.from && filter.to && Date.parse(filter.from) >= Date.parse(filter.to)) {
    return `"from" (${filter.from}) must be before "to" (${filter.to}).`;
  }
  return undefined;
}

export function auditWhere(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput = {};
  if (filter.action) {
    where.action = filter.action.endsWith('.*') ? { startsWith: filter.action.slice(0, -1) } : filter.action;
  }
  if (filter.actor) where.OR = [{ actor: filter.actor }, { actorLabel: filter.actor }];
  if (filter.runId) where.runId = filter.runId;
  if (filter.flowId) where.flowId = filter.flowId;
  if (filter.requestId) where.requestId = filter.requestId;
  if (filter.from || filter.to) {
    where.createdAt = { ...(filter.from ? { gte: new Date(filter.from) } : {}), ...(filter.to ? { lt: new Date(filter.to) } : {}) };
  }
  return where;
}

export const auditEntrySelect = {
  seq: true,
  actor: true,
  actorLabel: true,
  action: true,
  subjectType: true,
  subjectId: true,
  flowId: true,
  flowVersionId: true,
  runId: true,
  requestId: true,
  payload: true,
  payloadDigest: true,
  dedupeKey: true,
  occurredAt: true,
  createdAt: true,
  prevHash: true,
  hash: true,
} satisfies Prisma.AuditEntrySelect;

type Row = Prisma.AuditEntryGetPayload<{ select: typeof auditEntrySelect }>;

/** An entry as the API and exports show it: seq as a number (JSON has no bigint), times as ISO text. */
export function entryView(row: Row) {
  return {
    ...row,
    seq: Number(row.seq),
    occurredAt: row.occurredAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
  };
}

export type AuditEntryView = ReturnType<typeof entryView>;
