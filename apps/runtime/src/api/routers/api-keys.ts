import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { newApiKey } from '../../events/api-keys.ts';
import { EventTypePatternSchema } from '../../events/event-type.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { hashToken } from '../context.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

/** Never the hash: what a key is for and who made it is all anyone needs to see. */
const apiKeySelect = {
  id: true,
  name: true,
  eventTypes: true,
  createdBy: true,
  createdAt: true,
  revokedAt: true,
} satisfies Prisma.ApiKeySelect;

/** Keys external systems use for POST /api/events. */
export const apiKeysRouter = router({
  /** The key is in this answer only; the server keeps its sha256. */
  create: roleProcedure(...ROLES.manageApiKeys)
    .input(
      z.object({
        name: z.string().trim().min(1, 'name the system that will use the key').max(200),
        eventTypes: z
          .array(EventTypePatternSchema)
          .min(1, 'list the event types the key may post, or "*"')
          .max(50)
          .transform((types) => [...new Set(types)]),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const key = newApiKey();
      const created = await ctx.db.apiKey.create({
        data: { name: input.name, eventTypes: input.eventTypes, keyHash: hashToken(key), createdBy: ctx.user.id },
        select: apiKeySelect,
      });
      return { ...created, key };
    }),

  list: roleProcedure(...ROLES.manageApiKeys).query(({ ctx }) =>
    ctx.db.apiKey.findMany({ select: apiKeySelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 1000 }),
  ),

  revoke: roleProcedure(...ROLES.manageApiKeys)
    .input(z.object({ id: z.uuid('must be a UUID') }))
    .mutation(async ({ ctx, input }) => {
      const { count } = await ctx.db.apiKey.updateMany({ where: { id: input.id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count === 0) {
        const key = await ctx.db.apiKey.findUnique({ where: { id: input.id }, select: { revokedAt: true } });
        if (!key) throw notFound('API key', input.id);
        throw new TRPCError({ code: 'CONFLICT', message: `The API key was already revoked at ${key.revokedAt?.toISOString()}.` });
      }
      return { revoked: true };
    }),
});
