import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { auditEntrySelect, AuditFilterShape, auditWhere, entryView, rangeProblem } from '../../audit/query.ts';
import { runTimeline } from '../../audit/timeline.ts';
import { verifyChain } from '../../audit/verify.ts';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Uuid = z.uuid('must be a UUID');
const Page = {
  limit: z.number().int().min(1).max(200).default(50),
  /** seq of the last entry of the previous page; the next page holds older entries. */
  cursor: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
};

async function page(db: Db, where: Prisma.AuditEntryWhereInput, limit: number, cursor?: number) {
  const rows = await db.auditEntry.findMany({
    where: cursor === undefined ? where : { AND: [where, { seq: { lt: BigInt(cursor) } }] },
    orderBy: { seq: 'desc' },
    take: limit + 1,
    select: auditEntrySelect,
  });
  const items = rows.slice(0, limit).map(entryView);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.seq ?? null) : null };
}

export const auditRouter = router({
  /** Newest first, filtered; page on with `cursor` = the last seq seen. */
  search: roleProcedure(...ROLES.readAudit)
    .input(z.object({ ...AuditFilterShape, ...Page }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const { limit, cursor, ...filter } = input;
      const range = rangeProblem(filter);
      if (range) throw new TRPCError({ code: 'BAD_REQUEST', message: range });
      return page(ctx.db, auditWhere(filter), limit, cursor);
    }),

  /** Everything one person did, newest first. */
  userActivity: roleProcedure(...ROLES.readAudit)
    .input(z.object({ userId: Uuid, ...Page }))
    .query(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, displayName: true } });
      if (!user) throw notFound('User', input.userId);
      return { user, ...(await page(ctx.db, { actor: user.id }, input.limit, input.cursor)) };
    }),

  /** Audit entries of one run merged with its Temporal event history, in time order. */
  runTimeline: roleProcedure(...ROLES.readRunTimeline)
    .input(z.object({ runId: Uuid }))
    .query(async ({ ctx, input }) => {
      const run = await ctx.db.run.findUnique({
        where: { id: input.runId },
        select: {
          id: true,
          workflowId: true,
          businessKey: true,
          status: true,
          startedAt: true,
          endedAt: true,
          flow: { select: { id: true, key: true, name: true } },
          flowVersion: { select: { id: true, version: true } },
        },
      });
      if (!run) throw notFound('Run', input.runId);
      return { run, ...(await runTimeline(ctx, run)) };
    }),

  /** Recomputes the whole hash chain; names the first broken link. */
  verify: roleProcedure(...ROLES.readAudit).query(({ ctx }) => verifyChain(ctx.db)),
});
