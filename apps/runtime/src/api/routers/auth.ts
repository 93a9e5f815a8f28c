import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { actorOf, appendAudit } from '../../audit/index.ts';
import { DEFAULT_AUTH_CONFIG } from '../../auth/config.ts';
import { GivenPasswordSchema, hashPassword, NewPasswordSchema, verifyPassword } from '../../auth/password.ts';
import { createSignInLimiter, prismaAttemptStore } from '../../auth/rate-limit.ts';
import { authedProcedure, roleProcedure, ROLES, router } from '../trpc.ts';

export const authRouter = router({
  /** Who the token belongs to; the builder calls it to sign in and to label the session. */
  me: authedProcedure.query(async ({ ctx }) => {
    const user = await ctx.db.user.findUniqueOrThrow({
      where: { id: ctx.user.id },
      select: { id: true, email: true, displayName: true, roles: true },
    });
    return user;
  }),

  /**
   * The caller changes their own password. Needs the current one (rate-limited like sign-in, so a
   * borrowed session cannot be used to guess it); every other session of the account ends.
   */
  changePassword: roleProcedure(...ROLES.ownAccount)
    .input(z.object({ currentPassword: GivenPasswordSchema, newPassword: NewPasswordSchema }))
    .mutation(async ({ ctx, input }) => {
      const user = await ctx.db.user.findUniqueOrThrow({
        where: { id: ctx.user.id },
        select: { id: true, email: true, passwordHash: true },
      });
      if (!user.passwordHash)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'Your account has no password yet; ask an administrator to set one.' });
      if (input.newPassword === input.currentPassword)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'The new password is the same as the current one.' });
      const admission = await createSignInLimiter(prismaAttemptStore(ctx.db), (ctx.auth ?? DEFAULT_AUTH_CONFIG).signIn).begin(
        user.email,
        undefined,
      );
      if (!admission.allowed) {
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `Too many wrong passwords. Try again in ${Math.ceil(admission.retryAfterSeconds / 60)} minutes.`,
        });
      }
      if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
        await admission.failed();
        // BAD_REQUEST, not UNAUTHORIZED: the caller is signed in, only this password is wrong.
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'The current password is not right.' });
      }
      await admission.succeeded();
      const passwordHash = await hashPassword(input.newPassword);
      await ctx.db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
        await tx.session.deleteMany({ where: { userId: user.id, ...(ctx.session ? { id: { not: ctx.session.id } } : {}) } });
        await appendAudit(tx, { ...actorOf(ctx), action: 'auth.password_changed', subjectType: 'user', subjectId: user.id, payload: {} });
      });
      return { changed: true };
    }),
});
