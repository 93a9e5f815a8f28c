import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { actorOf, appendAudit } from '../../audit/index.ts';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { isUniqueViolation, notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

/** Group keys are what flows and tasks name ("group:support"), so they never change once made. */
export const GroupKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and "-", starting with a letter or digit, at most 63 characters');
const GroupNameSchema = z.string().trim().min(1, 'enter a group name').max(200, 'at most 200 characters');

const groupSelect = {
  id: true,
  key: true,
  name: true,
  createdAt: true,
  members: {
    select: { user: { select: { id: true, email: true, displayName: true, disabledAt: true } } },
    orderBy: { user: { email: 'asc' } },
  },
} satisfies Prisma.GroupSelect;

type GroupRow = Prisma.GroupGetPayload<{ select: typeof groupSelect }>;

const summary = ({ members, ...group }: GroupRow) => ({
  ...group,
  members: members.map(({ user: { disabledAt, ...user } }) => ({ ...user, disabled: disabledAt !== null })),
});

async function groupByKey(db: Db | Prisma.TransactionClient, key: string): Promise<GroupRow> {
  const group = await db.group.findUnique({ where: { key }, select: groupSelect });
  if (!group) throw notFound('Group', key);
  return group;
}

const MembershipInput = z.object({ groupKey: GroupKeySchema, userId: z.uuid('must be a UUID') });

/**
 * Groups that tasks are assigned to. Admins create and rename them; admins and managers decide
 * who is in them (see ROLES.manageGroupMembers for why managers may).
 */
export const groupsRouter = router({
  list: roleProcedure(...ROLES.manageGroupMembers).query(async ({ ctx }) => {
    const rows = await ctx.db.group.findMany({ select: groupSelect, orderBy: [{ key: 'asc' }], take: 500 });
    return rows.map(summary);
  }),

  create: roleProcedure(...ROLES.manageGroups)
    .input(z.object({ key: GroupKeySchema, name: GroupNameSchema }))
    .mutation(async ({ ctx, input }) => {
      try {
        return await ctx.db.$transaction(async (tx) => {
          const row = await tx.group.create({ data: { key: input.key, name: input.name }, select: groupSelect });
          await appendAudit(tx, {
            ...actorOf(ctx),
            action: 'group.created',
            subjectType: 'group',
            subjectId: row.key,
            payload: { name: row.name },
          });
          return summary(row);
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new TRPCError({ code: 'CONFLICT', message: `A group with key "${input.key}" already exists.` });
        throw error;
      }
    }),

  /** Renames a group; its key stays, since flows and tasks refer to it. */
  update: roleProcedure(...ROLES.manageGroups)
    .input(z.object({ key: GroupKeySchema, name: GroupNameSchema }))
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction(async (tx) => {
        const before = await groupByKey(tx, input.key);
        if (before.name === input.name) return summary(before);
        const row = await tx.group.update({ where: { key: input.key }, data: { name: input.name }, select: groupSelect });
        await appendAudit(tx, {
          ...actorOf(ctx),
          action: 'group.renamed',
          subjectType: 'group',
          subjectId: row.key,
          payload: { before: before.name, after: row.name },
        });
        return summary(row);
      }),
    ),

  /** Idempotent: adding a member who is already in the group changes nothing. Returns the group. */
  addMember: roleProcedure(...ROLES.manageGroupMembers)
    .input(MembershipInput)
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction(async (tx) => {
        const group = await groupByKey(tx, input.groupKey);
        const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true, disabledAt: true } });
        if (!user) throw notFound('User', input.userId);
        if (user.disabledAt)
          throw new TRPCError({
            code: 'BAD_REQUEST',
            message: `${user.email} is disabled; enable the account before adding it to a group.`,
          });
        const { count } = await tx.groupMember.createMany({ data: [{ groupId: group.id, userId: user.id }], skipDuplicates: true });
        if (count === 0) return summary(group);
        await appendAudit(tx, {
          ...actorOf(ctx),
          action: 'group.member_added',
          subjectType: 'group',
          subjectId: group.key,
          payload: { userId: user.id, email: user.email },
        });
        return summary(await groupByKey(tx, group.key));
      }),
    ),

  /** Idempotent: removing someone who is not a member changes nothing. Returns the group. */
  removeMember: roleProcedure(...ROLES.manageGroupMembers)
    .input(MembershipInput)
    .mutation(({ ctx, input }) =>
      ctx.db.$transaction(async (tx) => {
        const group = await groupByKey(tx, input.groupKey);
        const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true, email: true } });
        if (!user) throw notFound('User', input.userId);
        const { count } = await tx.groupMember.deleteMany({ where: { groupId: group.id, userId: user.id } });
        if (count === 0) return summary(group);
        await appendAudit(tx, {
          ...actorOf(ctx),
          action: 'group.member_removed',
          subjectType: 'group',
          subjectId: group.key,
          payload: { userId: user.id, email: user.email },
        });
        return summary(await groupByKey(tx, group.key));
      }),
    ),
});
