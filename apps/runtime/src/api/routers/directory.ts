import { z } from 'zod';
import { likeLiteral } from '../../db/like.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

/** What the builder may know about a person: never the token hash, nothing beyond what a picker shows. */
const directoryUserSelect = {
  id: true,
  email: true,
  displayName: true,
  roles: true,
} satisfies Prisma.UserSelect;

const groupSelect = {
  key: true,
  name: true,
  _count: { select: { members: true } },
} satisfies Prisma.GroupSelect;

const MAX_USERS = 500;

/** People and groups that human tasks can be assigned to (the inspector's assignee pickers). */
export const directoryRouter = router({
  users: roleProcedure(...ROLES.readDirectory)
    .input(
      z
        .object({
          search: z.string().trim().max(200, 'search at most 200 characters').optional(),
          limit: z.number().int('must be a whole number').min(1).max(MAX_USERS).default(50),
        })
        .default({ limit: 50 }),
    )
    .query(({ ctx, input }) => {
      const search = input.search ? likeLiteral(input.search) : '';
      return ctx.db.user.findMany({
        where: search
          ? {
              OR: [{ displayName: { contains: search, mode: 'insensitive' } }, { email: { contains: search, mode: 'insensitive' } }],
            }
          : {},
        select: directoryUserSelect,
        orderBy: [{ displayName: 'asc' }, { email: 'asc' }],
        take: input.limit,
      });
    }),

  groups: roleProcedure(...ROLES.readDirectory).query(async ({ ctx }) => {
    const groups = await ctx.db.group.findMany({ select: groupSelect, orderBy: [{ name: 'asc' }, { key: 'asc' }], take: MAX_USERS });
    return groups.map(({ _count, ...group }) => ({ ...group, memberCount: _count.members }));
  }),
});
