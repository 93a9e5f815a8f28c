import { z } from 'zod';
import { EventTypeSchema } from '../../events/event-type.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { BusinessKeySchema } from '../../runs/start-run.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const eventSelect = {
  id: true,
  type: true,
  businessKey: true,
  payload: true,
  apiKeyId: true,
  deliveredTo: true,
  receivedAt: true,
} satisfies Prisma.EventSelect;

/** Events external systems posted (POST /api/events), newest first, for operators and auditors. */
export const eventsRouter = router({
  list: roleProcedure(...ROLES.readEvents)
    .input(
      z
        .object({
          type: EventTypeSchema.optional(),
          businessKey: BusinessKeySchema.optional(),
          limit: z.number().int().min(1).max(200).default(50),
          /** The id of the last event of the previous page. */
          cursor: z.uuid('must be a UUID').optional(),
        })
        .default({ limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.event.findMany({
        where: { ...(input.type ? { type: input.type } : {}), ...(input.businessKey ? { businessKey: input.businessKey } : {}) },
        select: eventSelect,
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, input.limit);
      return { items: page, nextCursor: rows.length > input.limit ? (page[page.length - 1]?.id ?? null) : null };
    }),
});
