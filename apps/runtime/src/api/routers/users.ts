import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { actorOf, appendAudit } from '../../audit/index.ts';
import { hashPassword, NewPasswordSchema } from '../../auth/password.ts';
import { accountKey, prismaAttemptStore } from '../../auth/rate-limit.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { Role } from '../../generated/prisma/enums.ts';
import { isUniqueViolation, notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

/** What an admin sees of an account: never a hash, only whether a password or token is set. */
const userSelect = {
  id: true,
  email: true,
  displayName: true,
  roles: true,
  disabledAt: true,
  createdAt: true,
  passwordHash: true,
  tokenHash: true,
  memberships: { select: { group: { select: { key: true, name: true } } }, orderBy: { group: { key: 'asc' } } },
} satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof userSelect }>;

function summary({ passwordHash, tokenHash, memberships, disabledAt, ...user }: UserRow) {
  return {
    ...user,
    disabled: disabledAt !== null,
    disabledAt,
    hasPassword: passwordHash !== null,
    hasApiToken: tokenHash !== null,
    groups: memberships.map((m) => m.group),
  };
}

export const Uuid = z.uuid('must be a UUID');
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(320, 'at most 320 characters')
  .pipe(z.email('enter an e-mail address, e.g. sam@example.com'));
export const DisplayNameSchema = z.string().trim().min(1, 'enter a display name').max(200, 'at most 200 characters');
export const RolesSchema = z
  .array(z.enum(Role, `a role is one of: ${Object.values(Role).join(', ')}`))
  .min(1, 'choose at least one role')
  .max(Object.values(Role).length)
  .transform((roles) => [...new Set(roles)]);

/**
 * Admin changes to accounts take this transaction-scoped lock, so "at least one enabled admin
 * remains" holds even when two admins demote each other at the same moment. ("trackusr")
 */
const ADMIN_LOCK_KEY = '8390891523453400946';

/** Accounts. Admin only: roles decide what everyone may do. */
export const usersRouter = router({
  list: roleProcedure(...ROLES.manageUsers)
    .input(z.object({ search: z.string().trim().max(200, 'search at most 200 characters').optional() }).default({}))
    .query(async ({ ctx, input }) => {
      const search = input.search?.replace(/[\\%_]/g, (c) => `\\${c}`);
      const rows = await ctx.db.user.findMany({
        where: search
          ? { OR: [{ displayName: { contains: search, mode: 'insensitive' } }, { email: { contains: search, mode: 'insensitive' } }] }
          : {},
        select: userSelect,
        orderBy: [{ email: 'asc' }],
        take: 1000,
      });
      return rows.map(summary);
    }),

  /** Without a password the account can use an API token only, until one is set. */
  create: roleProcedure(...ROLES.manageUsers)
    .input(z.object({ email: EmailSchema, displayName: DisplayNameSchema, roles: RolesSchema, password: NewPasswordSchema.optional() }))
    .mutation(async ({ ctx, input }) => {
      const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
      try {
        return await ctx.db.$transaction(async (tx) => {
          const row = await tx.user.create({
            data: { email: input.email, displayName: input.displayName, roles: input.roles, passwordHash },
            select: userSelect,
          });
          await appendAudit(tx, {
            ...actorOf(ctx),
            action: 'user.created',
            subjectType: 'user',
            subjectId: row.id,
            payload: { email: row.email, displayName: row.displayName, roles: row.roles, withPassword: passwordHash !== null },
          });
          return summary(row);
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new TRPCError({ code: 'CONFLICT', message: `An account with the e-mail "${input.email}" already exists.` });
        throw error;
      }
    }),

  /** Display name, roles, disabled. Disabling ends the user's sessions and stops their API token. */
  update: roleProcedure(...ROLES.manageUsers)
    .input(
      z
        .object({ id: Uuid, displayName: DisplayNameSchema.optional(), roles: RolesSchema.optional(), disabled: z.boolean().optional() })
        .refine((i) => i.displayName !== undefined || i.roles !== undefined || i.disabled !== undefined, {
          message: 'change at least one of displayName, roles, disabled',
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const self = input.id === ctx.user.id;
      if (self && input.disabled === true) throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot disable your own account.' });
      if (self && input.roles && !input.roles.includes('admin'))
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot remove your own admin role; ask another admin to do it.' });
      return ctx.db.$transaction(async (tx) => {
        await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${ADMIN_LOCK_KEY})) AS l`);
        const before = await tx.user.findUnique({ where: { id: input.id }, select: userSelect });
        if (!before) throw notFound('User', input.id);
        const roles = input.roles ?? before.roles;
        const disabled = input.disabled ?? before.disabledAt !== null;
        const wasActiveAdmin = before.roles.includes('admin') && before.disabledAt === null;
        if (wasActiveAdmin && (!roles.includes('admin') || disabled)) {
          const others = await tx.user.count({ where: { id: { not: input.id }, roles: { has: 'admin' }, disabledAt: null } });
          if (others === 0)
            throw new TRPCError({ code: 'BAD_REQUEST', message: 'This is the last enabled admin: make someone else an admin first.' });
        }
        const after = await tx.user.update({
          where: { id: input.id },
          data: {
            ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
            ...(input.roles !== undefined ? { roles } : {}),
            ...(input.disabled !== undefined ? { disabledAt: disabled ? (before.disabledAt ?? new Date()) : null } : {}),
          },
          select: userSelect,
        });
        if (disabled && before.disabledAt === null) await tx.session.deleteMany({ where: { userId: input.id } });

        const entries = [];
        const sameRoles = before.roles.length === after.roles.length && before.roles.every((r) => after.roles.includes(r));
        if (!sameRoles)
          entries.push({ action: 'user.roles_changed', payload: { email: after.email, before: before.roles, after: after.roles } });
        if (before.displayName !== after.displayName)
          entries.push({ action: 'user.renamed', payload: { email: after.email, before: before.displayName, after: after.displayName } });
        if ((before.disabledAt === null) !== (after.disabledAt === null))
          entries.push({ action: after.disabledAt ? 'user.disabled' : 'user.enabled', payload: { email: after.email } });
        if (entries.length > 0) {
          await appendAudit(
            tx,
            entries.map((e) => ({ ...actorOf(ctx), ...e, subjectType: 'user', subjectId: after.id })),
          );
        }
        return summary(after);
      });
    }),

  /** An admin sets someone's password (e.g. a reset); all of that user's sessions end. */
  setPassword: roleProcedure(...ROLES.manageUsers)
    .input(z.object({ id: Uuid, password: NewPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUnique({ where: { id: input.id }, select: { id: true, email: true } });
      if (!user) throw notFound('User', input.id);
      const passwordHash = await hashPassword(input.password);
      await ctx.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        // Every session of the account ends, except the one making this change.
        await tx.session.deleteMany({ where: { userId: user.id, ...(ctx.session ? { id: { not: ctx.session.id } } : {}) } });
        await appendAudit(tx, {
          ...actorOf(ctx),
          action: 'user.password_set',
          subjectType: 'user',
          subjectId: user.id,
          payload: { email: user.email },
        });
      });
      // A reset also lifts a lockout from failed sign-ins.
      await prismaAttemptStore(ctx.db).clear(accountKey(user.email));
      return { id: user.id, passwordSet: true };
    }),
});
